/* Copyright (c) the ovs-traffic-mirror authors.
 *
 * Licensed under the Apache License, Version 2.0 (the "License");
 * you may not use this file except in compliance with the License.
 * You may obtain a copy of the License at:
 *
 *     http://www.apache.org/licenses/LICENSE-2.0
 *
 * Unless required by applicable law or agreed to in writing, software
 * distributed under the License is distributed on an "AS IS" BASIS,
 * WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
 * See the License for the specific language governing permissions and
 * limitations under the License.
 */

#include <config.h>

#include "api/sigv4.h"

#include <ctype.h>
#include <string.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/sha.h>

#include "api/credentials.h"
#include "lib/traffic-mirror.h"
#include "openvswitch/dynamic-string.h"
#include "random.h"
#include "smap.h"
#include "util.h"

#define SIGV4_ALGORITHM "AWS4-HMAC-SHA256"

/* Appends the lowercase hex form of the 'n' bytes of 'data' to 'out'. */
static void
put_hex(struct ds *out, const unsigned char *data, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        ds_put_format(out, "%02x", data[i]);
    }
}

/* Appends the hex SHA-256 of 'data' ('n' bytes) to 'out'. */
static void
put_sha256_hex(struct ds *out, const void *data, size_t n)
{
    unsigned char digest[SHA256_DIGEST_LENGTH];

    SHA256(data, n, digest);
    put_hex(out, digest, sizeof digest);
}

/* Stores HMAC-SHA256('key', 'msg') into 'out'. */
static void
hmac_sha256(const void *key, size_t key_len, const char *msg,
            unsigned char out[SHA256_DIGEST_LENGTH])
{
    unsigned char result[SHA256_DIGEST_LENGTH];
    unsigned int len = sizeof result;

    /* 'key' and 'out' may be the same buffer. */
    HMAC(EVP_sha256(), key, key_len, (const unsigned char *) msg,
         strlen(msg), result, &len);
    memcpy(out, result, sizeof result);
    OPENSSL_cleanse(result, sizeof result);
}

/* Appends 's' to 'out' URI-encoded as SigV4 wants: everything but the
 * unreserved characters as %XX in upper case, and '/' kept if
 * 'keep_slash'. */
static void
put_uri_encoded(struct ds *out, const char *s, bool keep_slash)
{
    for (const unsigned char *p = (const unsigned char *) s; *p; p++) {
        if (isalnum(*p) || strchr("-_.~", *p) || (keep_slash && *p == '/')) {
            ds_put_char(out, *p);
        } else {
            ds_put_format(out, "%%%02X", *p);
        }
    }
}

/* Compares two "key=value" strings for qsort(). */
static int
compare_strings(const void *a_, const void *b_)
{
    const char *const *a = a_;
    const char *const *b = b_;
    return strcmp(*a, *b);
}

/* Appends the canonical query string of 'query' to 'out'. */
static void
put_canonical_query(struct ds *out, const struct smap *query)
{
    size_t n = query ? smap_count(query) : 0;
    char **pairs = xmalloc((n ? n : 1) * sizeof *pairs);
    struct smap_node *node;
    size_t i = 0;

    if (query) {
        SMAP_FOR_EACH (node, query) {
            struct ds pair = DS_EMPTY_INITIALIZER;
            put_uri_encoded(&pair, node->key, false);
            ds_put_char(&pair, '=');
            put_uri_encoded(&pair, node->value, false);
            pairs[i++] = ds_steal_cstr(&pair);
        }
    }
    qsort(pairs, n, sizeof *pairs, compare_strings);
    for (i = 0; i < n; i++) {
        if (i) {
            ds_put_char(out, '&');
        }
        ds_put_cstr(out, pairs[i]);
        free(pairs[i]);
    }
    free(pairs);
}

/* Appends header value 'value' to 'out' trimmed, with each run of spaces
 * collapsed into one. */
static void
put_trimmed(struct ds *out, const char *value)
{
    bool space = false;

    while (*value == ' ' || *value == '\t') {
        value++;
    }
    for (; *value; value++) {
        if (*value == ' ' || *value == '\t') {
            space = true;
        } else {
            if (space) {
                ds_put_char(out, ' ');
                space = false;
            }
            ds_put_char(out, *value);
        }
    }
}

/* The parsed Authorization header. */
struct sigv4_auth {
    char *key_id;               /* From Credential=. */
    char *date;                 /* YYYYMMDD. */
    char *region;
    char *service;
    char *scope;                /* "date/region/service/aws4_request". */
    char *signed_headers;       /* "host;x-amz-date". */
    char *signature;            /* Hex. */
};

/* Frees the members of 'auth'. */
static void
sigv4_auth_destroy(struct sigv4_auth *auth)
{
    free(auth->key_id);
    free(auth->date);
    free(auth->region);
    free(auth->service);
    free(auth->scope);
    free(auth->signed_headers);
    free(auth->signature);
}

/* Parses the Authorization header 'header' into 'auth' (which the caller
 * zeroed and must destroy).  Returns false if it is malformed. */
static bool
sigv4_auth_parse(const char *header, struct sigv4_auth *auth)
{
    size_t alg_len = strlen(SIGV4_ALGORITHM);
    char *copy, *save_ptr = NULL;

    if (strncmp(header, SIGV4_ALGORITHM, alg_len)
        || (header[alg_len] != ' ')) {
        return false;
    }
    copy = xstrdup(header + alg_len);
    for (char *field = strtok_r(copy, ",", &save_ptr); field;
         field = strtok_r(NULL, ",", &save_ptr)) {
        field += strspn(field, " ");
        char *end = field + strlen(field);
        while (end > field && *(end - 1) == ' ') {
            *--end = '\0';
        }
        if (!strncmp(field, "Credential=", 11) && !auth->key_id) {
            char *parts[5], *p = field + 11, *sp = NULL;
            int n = 0;

            auth->scope = xstrdup(strchr(p, '/') ? strchr(p, '/') + 1 : "");
            for (char *t = strtok_r(p, "/", &sp); t && n < 5;
                 t = strtok_r(NULL, "/", &sp)) {
                parts[n++] = t;
            }
            if (n != 5 || strtok_r(NULL, "/", &sp)
                || strcmp(parts[4], "aws4_request")) {
                free(copy);
                return false;
            }
            auth->key_id = xstrdup(parts[0]);
            auth->date = xstrdup(parts[1]);
            auth->region = xstrdup(parts[2]);
            auth->service = xstrdup(parts[3]);
        } else if (!strncmp(field, "SignedHeaders=", 14)
                   && !auth->signed_headers) {
            auth->signed_headers = xstrdup(field + 14);
        } else if (!strncmp(field, "Signature=", 10) && !auth->signature) {
            auth->signature = xstrdup(field + 10);
        }
    }
    free(copy);
    return auth->key_id && auth->signed_headers && auth->signature;
}

/* Parses 'amz_date' (YYYYMMDD'T'HHMMSS'Z') into '*timep'. */
static bool
parse_amz_date(const char *amz_date, time_t *timep)
{
    struct tm tm;
    const char *end;

    if (strlen(amz_date) != 16) {
        return false;
    }
    memset(&tm, 0, sizeof tm);
    end = strptime(amz_date, "%Y%m%dT%H%M%SZ", &tm);
    if (!end || *end) {
        return false;
    }
    *timep = timegm(&tm);
    return *timep != (time_t) -1;
}

/* Returns true if the ';'-separated 'list' contains 'name'. */
static bool
list_has(const char *list, const char *name)
{
    size_t len = strlen(name);

    for (const char *p = list; p; p = strchr(p, ';') ? strchr(p, ';') + 1
                                                    : NULL) {
        if (!strncmp(p, name, len) && (p[len] == ';' || !p[len])) {
            return true;
        }
    }
    return false;
}

/* The longest X-Amz-Expires of a presigned request, in seconds (7 days, as
 * AWS). */
#define SIGV4_MAX_EXPIRES (7 * 24 * 60 * 60)

/* For a presigned request (the signature in the query string), stores into
 * '*authorizationp' the equivalent Authorization header, for the caller to
 * free, and into '*expiresp' its X-Amz-Expires.  Returns an AuthFailure if
 * the query's signature parameters are incomplete or malformed. */
static struct tm_error *
presigned_authorization(const struct smap *query, char **authorizationp,
                        int *expiresp)
{
    const char *algorithm = smap_get(query, "X-Amz-Algorithm");
    const char *credential = smap_get(query, "X-Amz-Credential");
    const char *signed_headers = smap_get(query, "X-Amz-SignedHeaders");
    const char *signature = smap_get(query, "X-Amz-Signature");
    const char *expires = smap_get(query, "X-Amz-Expires");

    *authorizationp = NULL;
    if (!algorithm || strcmp(algorithm, SIGV4_ALGORITHM) || !credential
        || !signed_headers || !signature || !expires
        || !str_to_int(expires, 10, expiresp)
        || *expiresp < 1 || *expiresp > SIGV4_MAX_EXPIRES) {
        return tm_error_create("AuthFailure", "A presigned request needs "
                               "X-Amz-Algorithm=" SIGV4_ALGORITHM ", "
                               "X-Amz-Credential, X-Amz-Date, "
                               "X-Amz-Expires (1 to %d), "
                               "X-Amz-SignedHeaders and X-Amz-Signature.",
                               SIGV4_MAX_EXPIRES);
    }
    *authorizationp = xasprintf(SIGV4_ALGORITHM" Credential=%s, "
                                "SignedHeaders=%s, Signature=%s",
                                credential, signed_headers, signature);
    return NULL;
}

/* The error of a request whose access key is unknown or whose signature
 * is wrong: the same for both, so that an answer does not tell whether an
 * access key exists. */
static struct tm_error *
auth_failure(void)
{
    return tm_error_create("AuthFailure", "AWS was not able to validate the "
                           "provided access credentials");
}

/* Returns a secret that no access key has, made of random bytes once per
 * process: a request with an unknown access key is checked against it, so
 * that it takes the same work (the canonical request and the HMACs) as one
 * with a known key and a wrong signature, and fails the same way. */
static const char *
unknown_key_secret(void)
{
    static char secret[2 * 32 + 1];

    if (!secret[0]) {
        uint8_t bytes[32];

        random_bytes(bytes, sizeof bytes);
        for (size_t i = 0; i < sizeof bytes; i++) {
            snprintf(&secret[2 * i], 3, "%02x", bytes[i]);
        }
    }
    return secret;
}

/* Verifies the AWS Signature Version 4 of 'req' against the access keys in
 * 'creds', for service "ec2" in 'region' (any region if 'region' is NULL)
 * and time 'now'.  The signature is in the Authorization header or, for a
 * presigned request, in the query string (X-Amz-Signature and the other
 * X-Amz-* parameters), which is then valid for X-Amz-Expires seconds.
 * On success, returns NULL and stores the access key into '*credp';
 * otherwise returns an AWS error (AuthFailure, RequestExpired, ...) for
 * the caller to destroy. */
struct tm_error *
sigv4_verify(const struct sigv4_request *req,
             const struct api_credentials *creds, const char *region,
             time_t now, const struct api_credential **credp)
{
    struct sigv4_auth auth;
    const struct api_credential *cred;
    const char *authorization, *amz_date;
    struct ds canonical = DS_EMPTY_INITIALIZER;
    struct ds to_sign = DS_EMPTY_INITIALIZER;
    struct ds expected = DS_EMPTY_INITIALIZER;
    struct tm_error *error = NULL;
    char *query_authorization = NULL;
    struct smap signed_query;
    time_t request_time;
    int expires = 0;

    *credp = NULL;
    memset(&auth, 0, sizeof auth);
    smap_init(&signed_query);
    if (req->query) {
        smap_clone(&signed_query, req->query);
    }
    authorization = req->get_header(req->aux, "Authorization");
    if (!authorization && smap_get(&signed_query, "X-Amz-Signature")) {
        error = presigned_authorization(&signed_query, &query_authorization,
                                        &expires);
        if (error) {
            goto out;
        }
        authorization = query_authorization;
        smap_remove(&signed_query, "X-Amz-Signature");
    }
    if (!authorization) {
        smap_destroy(&signed_query);
        return tm_error_create("AuthFailure", "The request must contain an "
                               "AWS Signature Version 4 Authorization "
                               "header.");
    }
    if (!sigv4_auth_parse(authorization, &auth)) {
        error = tm_error_create("AuthFailure", "The Authorization header is "
                                "not a valid AWS Signature Version 4 "
                                "header.");
        goto out;
    }

    amz_date = (query_authorization
                ? smap_get(&signed_query, "X-Amz-Date")
                : req->get_header(req->aux, "X-Amz-Date"));
    if (!amz_date || !parse_amz_date(amz_date, &request_time)) {
        error = tm_error_create("AuthFailure", "The request must contain a "
                                "valid X-Amz-Date header.");
        goto out;
    }
    if (query_authorization
        && (request_time > now + SIGV4_MAX_SKEW
            || now > request_time + expires)) {
        error = tm_error_create("RequestExpired", "Request has expired: the "
                                "presigned request of %s was valid for %d "
                                "seconds.", amz_date, expires);
        goto out;
    }
    if (!query_authorization
        && (request_time > now + SIGV4_MAX_SKEW
            || request_time < now - SIGV4_MAX_SKEW)) {
        error = tm_error_create("RequestExpired", "Request has expired: its "
                                "X-Amz-Date %s is more than %d minutes away "
                                "from the server's clock.", amz_date,
                                SIGV4_MAX_SKEW / 60);
        goto out;
    }
    if (strncmp(auth.date, amz_date, 8) || strlen(auth.date) != 8
        || strcmp(auth.service, "ec2")
        || (region && strcmp(auth.region, region))) {
        error = tm_error_create("AuthFailure", "Credential scope %s does not "
                                "match date %.8s, region %s, service ec2.",
                                auth.scope, amz_date,
                                region ? region : auth.region);
        goto out;
    }
    if (!list_has(auth.signed_headers, "host")
        || (!query_authorization
            && !list_has(auth.signed_headers, "x-amz-date"))) {
        error = tm_error_create("AuthFailure", "The signed headers must "
                                "include host and x-amz-date.");
        goto out;
    }
    cred = api_credentials_find(creds, auth.key_id);

    /* The canonical request. */
    ds_put_format(&canonical, "%s\n", req->method);
    put_uri_encoded(&canonical, req->path[0] ? req->path : "/", true);
    ds_put_char(&canonical, '\n');
    put_canonical_query(&canonical, &signed_query);
    ds_put_char(&canonical, '\n');
    char *headers = xstrdup(auth.signed_headers), *sp = NULL;
    for (char *name = strtok_r(headers, ";", &sp); name;
         name = strtok_r(NULL, ";", &sp)) {
        const char *value = req->get_header(req->aux, name);
        if (!value) {
            error = tm_error_create("AuthFailure", "Signed header %s is "
                                    "missing from the request.", name);
            break;
        }
        for (const char *p = name; *p; p++) {
            ds_put_char(&canonical, tolower((unsigned char) *p));
        }
        ds_put_char(&canonical, ':');
        put_trimmed(&canonical, value);
        ds_put_char(&canonical, '\n');
    }
    free(headers);
    if (error) {
        goto out;
    }
    ds_put_format(&canonical, "\n%s\n", auth.signed_headers);
    put_sha256_hex(&canonical, req->body ? req->body : "", req->body_len);

    /* The string to sign. */
    ds_put_format(&to_sign, SIGV4_ALGORITHM"\n%s\n%s\n", amz_date,
                  auth.scope);
    put_sha256_hex(&to_sign, canonical.string, canonical.length);

    /* The signing key and the signature. */
    unsigned char k[SHA256_DIGEST_LENGTH];
    char *secret = xasprintf("AWS4%s",
                             cred ? cred->secret : unknown_key_secret());
    hmac_sha256(secret, strlen(secret), auth.date, k);
    memset(secret, 0, strlen(secret));
    free(secret);
    hmac_sha256(k, sizeof k, auth.region, k);
    hmac_sha256(k, sizeof k, auth.service, k);
    hmac_sha256(k, sizeof k, "aws4_request", k);
    hmac_sha256(k, sizeof k, ds_cstr(&to_sign), k);
    put_hex(&expected, k, sizeof k);
    OPENSSL_cleanse(k, sizeof k);

    bool match = (strlen(auth.signature) == expected.length
                  && !CRYPTO_memcmp(auth.signature, expected.string,
                                    expected.length));
    if (!cred || !match) {
        error = auth_failure();
        goto out;
    }
    *credp = cred;

out:
    free(query_authorization);
    smap_destroy(&signed_query);
    sigv4_auth_destroy(&auth);
    ds_destroy(&canonical);
    ds_destroy(&to_sign);
    ds_destroy(&expected);
    return error;
}
