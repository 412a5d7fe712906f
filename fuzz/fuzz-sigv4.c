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

/* libFuzzer harness for mirror-api's AWS Signature Version 4 checks.  The
 * input is an HTTP request in a simple form:
 *
 *   METHOD\n
 *   PATH\n
 *   QUERY (form-encoded)\n
 *   Name: value\n          (any number of header lines)
 *   \n
 *   BODY
 *
 * checked by sigv4_verify() against one access key, "AKIDFUZZ" with
 * secret "fuzz-secret", for region us-east-1 at the fixed time
 * 2024-01-01T00:00:00Z, so that a seed signed for that key and time
 * passes and mutations of it explore every check.  Nothing may crash, leak
 * or read out of bounds.
 *
 * With FUZZ_SIGV4_EXPECT_OK set in the environment, an input that fails
 * the check aborts: "make fuzz" runs the signed seeds that way first, to
 * show that the harness reaches a valid signature. */

#include <config.h>

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "api/credentials.h"
#include "api/query.h"
#include "api/sigv4.h"
#include "lib/traffic-mirror.h"
#include "openvswitch/shash.h"
#include "smap.h"
#include "svec.h"
#include "util.h"

/* The clock of the harness: 2024-01-01T00:00:00Z. */
#define FUZZ_NOW 1704067200

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The headers of one input: names in 'names', values in 'values'. */
struct fuzz_headers {
    struct svec names;
    struct svec values;
};

/* Returns the value of header 'name' (case-insensitive) of the
 * "struct fuzz_headers" 'aux', or NULL. */
static const char *
get_header(const void *aux, const char *name)
{
    const struct fuzz_headers *h = aux;

    for (size_t i = 0; i < h->names.n; i++) {
        if (!strcasecmp(h->names.names[i], name)) {
            return h->values.names[i];
        }
    }
    return NULL;
}

/* Returns the access keys of the harness, made once. */
static const struct api_credentials *
fuzz_credentials(void)
{
    static struct api_credentials creds;
    static bool inited;

    if (!inited) {
        struct api_credential *cred = xzalloc(sizeof *cred);

        cred->key_id = xstrdup("AKIDFUZZ");
        cred->secret = xstrdup("fuzz-secret");
        shash_init(&creds.keys);
        shash_add(&creds.keys, cred->key_id, cred);
        inited = true;
    }
    return &creds;
}

/* Returns a copy of the line at '*p' (up to '\n' or 'end') and moves '*p'
 * past it. */
static char *
next_line(const char **p, const char *end)
{
    const char *nl = memchr(*p, '\n', end - *p);
    const char *stop = nl ? nl : end;
    char *line = xmemdup0(*p, stop - *p);

    *p = nl ? nl + 1 : end;
    return line;
}

/* Checks the signature of one input. */
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *p = (const char *) data, *end = p + size;
    const struct api_credential *cred;
    struct fuzz_headers headers;
    struct tm_error *error;
    struct smap query;

    char *method = next_line(&p, end);
    char *path = next_line(&p, end);
    char *query_string = next_line(&p, end);

    smap_init(&query);
    api_query_decode_form(query_string, strlen(query_string), &query);
    svec_init(&headers.names);
    svec_init(&headers.values);
    while (p < end) {
        char *line = next_line(&p, end);
        char *colon = strchr(line, ':');

        if (!line[0]) {
            free(line);
            break;
        }
        if (colon) {
            *colon = '\0';
            svec_add(&headers.names, line);
            svec_add(&headers.values, colon + 1 + strspn(colon + 1, " "));
        }
        free(line);
    }

    /* A body that is not NUL-terminated, as from the network. */
    size_t body_len = end - p;
    char *body = xmalloc(body_len ? body_len : 1);
    memcpy(body, p, body_len);
    struct sigv4_request req = {
        .method = method,
        .path = path,
        .query = &query,
        .get_header = get_header,
        .aux = &headers,
        .body = body,
        .body_len = body_len,
    };
    error = sigv4_verify(&req, fuzz_credentials(), "us-east-1", FUZZ_NOW,
                         &cred);
    if (error && getenv("FUZZ_SIGV4_EXPECT_OK")) {
        ovs_abort(0, "sigv4: %s: %s", error->code, error->message);
    }
    tm_error_destroy(error);

    free(body);
    svec_destroy(&headers.names);
    svec_destroy(&headers.values);
    smap_destroy(&query);
    free(method);
    free(path);
    free(query_string);
    return 0;
}
