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

#include "lib/tm-token.h"

#include <string.h>

#include <openssl/sha.h>

#include "lib/tm-db.h"
#include "lib/tm-json.h"
#include "lib/tm-params.h"
#include "openvswitch/json.h"
#include "ovsdb-idl.h"
#include "ovsdb-schema/traffic-mirror-idl.h"
#include "timeval.h"
#include "util.h"
#include "uuid.h"

/* Returns the canonical form of the parameters of 'req' that identify a
 * Create request, without ClientToken and DryRun: a JSON object with
 * sorted members. */
static char *
fingerprint(const struct tm_request *req)
{
    struct json *j = json_object_create();
    const struct tm_param *p;
    char *s;

    TM_PARAM_FOR_EACH (p) {
        const char *member = (const char *) req + p->offset;

        if (!p->fingerprint) {
            continue;
        } else if (p->type == TM_PT_TAG_SPECS) {
            if (req->tag_resource_type) {
                json_object_put_string(j, "ResourceType",
                                       req->tag_resource_type);
            }
            if (!smap_is_empty(&req->tags)) {
                json_object_put(j, "Tags", tm_tags_to_json(&req->tags));
            }
        } else if (!tm_param_is_set(p, req)) {
            continue;
        } else if (p->type == TM_PT_STRING) {
            json_object_put_string(j, p->api_name,
                                   *(char *const *) member);
        } else if (p->type == TM_PT_INT) {
            json_object_put(j, p->api_name,
                            json_integer_create(*(const int64_t *) member));
        } else if (p->type == TM_PT_PORTS) {
            /* "SourcePortRange" gives "SourceFromPort", "SourceToPort". */
            const struct tm_port_range *range = (const void *) member;
            int len = strlen(p->api_name) - strlen("PortRange");

            json_object_put_nocopy(j, xasprintf("%.*sFromPort", len,
                                                p->api_name),
                                   json_integer_create(range->from));
            json_object_put_nocopy(j, xasprintf("%.*sToPort", len,
                                                p->api_name),
                                   json_integer_create(range->to));
        }
    }
    s = json_to_string(j, JSSF_SORT);
    json_destroy(j);
    return s;
}

/* Returns what a Client_Token row keeps of 'req''s parameters: the SHA-256
 * of their canonical form (see fingerprint()), in hexadecimal, so that a
 * row stays small whatever the request carried (tags, descriptions). */
static char *
digest(const struct tm_request *req)
{
    unsigned char hash[SHA256_DIGEST_LENGTH];
    char *form = fingerprint(req);
    char *hex = xmalloc(2 * sizeof hash + 1);

    SHA256((const unsigned char *) form, strlen(form), hash);
    for (size_t i = 0; i < sizeof hash; i++) {
        snprintf(&hex[2 * i], 3, "%02x", hash[i]);
    }
    free(form);
    return hex;
}

/* Returns true if the Client_Token row 'ct' was written for the same
 * parameters as 'req': its 'parameters' is their digest, or (rows written
 * before digests) their canonical form itself. */
static bool
same_parameters(const struct tmrec_client_token *ct,
                const struct tm_request *req)
{
    char *mine = digest(req);
    bool same = !strcmp(ct->parameters, mine);

    free(mine);
    if (!same && ct->parameters[0] == '{') {
        char *form = fingerprint(req);
        same = !strcmp(ct->parameters, form);
        free(form);
    }
    return same;
}

/* Returns the Client_Token row of 'token' and 'action' in 'idl' that has
 * not expired, or NULL. */
static const struct tmrec_client_token *
find_live_token(struct ovsdb_idl *idl, const char *token, const char *action)
{
    const struct tmrec_client_token *ct
        = tm_find_client_token(idl, token, action);

    return (ct && ct->created + tm_db_token_lifetime_msec(idl)
                  > time_wall_msec()
            ? ct : NULL);
}

/* Looks for the Client_Token row of 'req''s ClientToken and 'action'.  If
 * there is none, returns NULL and leaves '*resource_idp' NULL.  If there is
 * one with the same parameters, stores its resource identifier in
 * '*resource_idp'.  Otherwise returns an IdempotentParameterMismatch
 * error. */
struct tm_error *
tm_token_check(struct ovsdb_idl *idl, const struct tm_request *req,
               const char *action, const char **resource_idp)
{
    unsigned int max = tmrec_client_token_col_token.type.key.string.maxLen;
    const struct tmrec_client_token *ct;
    struct tm_error *error = NULL;

    *resource_idp = NULL;
    if (!req->client_token) {
        return NULL;
    }
    if (!req->client_token[0] || strlen(req->client_token) > max) {
        return tm_error_create_field("InvalidParameterValue", "ClientToken",
                                     "The ClientToken must have 1 to %u "
                                     "characters.", max);
    }
    ct = find_live_token(idl, req->client_token, action);
    if (ct) {
        if (!same_parameters(ct, req)) {
            error = tm_error_create("IdempotentParameterMismatch",
                                    "The client token '%s' was already "
                                    "used with different parameters.",
                                    req->client_token);
        } else {
            *resource_idp = ct->resource_id;
        }
    }
    return error;
}

/* The most expired Client_Token rows that one Create deletes. */
#define TM_TOKEN_CLEANUP_BATCH 64

/* Writes the Client_Token row for a successful Create 'action' that made
 * 'resource_id', if 'req' has a ClientToken, in place of an expired row of
 * the same token.  Also deletes a few expired rows of other tokens, so that
 * the table holds about a lifetime's worth of Creates. */
void
tm_token_record(struct ovsdb_idl *idl, struct ovsdb_idl_txn *txn,
                const struct tm_request *req, const char *action,
                const char *resource_id)
{
    long long int now = time_wall_msec();
    const struct tmrec_client_token *old;
    struct tmrec_client_token *ct;
    char *parameters;

    if (!req->client_token) {
        return;
    }
    old = tm_find_client_token(idl, req->client_token, action);
    if (old) {
        /* Expired, or tm_token_check() would have answered with it. */
        tmrec_client_token_delete(old);
    }
    tm_db_delete_old_tokens(idl, now - tm_db_token_lifetime_msec(idl),
                            TM_TOKEN_CLEANUP_BATCH, old);
    parameters = digest(req);
    ct = tmrec_client_token_insert(txn);
    tmrec_client_token_set_token(ct, req->client_token);
    tmrec_client_token_set_action(ct, action);
    tmrec_client_token_set_parameters(ct, parameters);
    tmrec_client_token_set_resource_id(ct, resource_id);
    tmrec_client_token_set_created(ct, now);
    free(parameters);
}

/* Returns the response of a Create action: 'name' = 'resource' and the
 * ClientToken (the request's, or a new one). */
struct json *
tm_token_response(const char *name, struct json *resource,
                const struct tm_request *req)
{
    struct json *j = tm_response_1(name, resource);
    if (req->client_token) {
        json_object_put_string(j, "ClientToken", req->client_token);
    } else {
        struct uuid uuid;
        uuid_generate(&uuid);
        json_object_put_format(j, "ClientToken", UUID_FMT,
                               UUID_ARGS(&uuid));
    }
    return j;
}
