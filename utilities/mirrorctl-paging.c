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

#include "utilities/mirrorctl-paging.h"

#include <errno.h>
#include <openssl/evp.h>
#include <stdlib.h>
#include <string.h>

#include "lib/tm-error.h"
#include "lib/tm-request.h"
#include "openvswitch/dynamic-string.h"
#include "openvswitch/json.h"
#include "openvswitch/shash.h"
#include "util.h"
#include "utilities/mirrorctl-output.h"

/* As the AWS CLI does (botocore's paginator), a paginated Describe command
 * asks for page after page (of --page-size items, or the action's default)
 * and prints them as one answer; --max-items stops after that many items
 * and adds a NextToken to the answer, the "resume token": the base64 of
 * the JSON object {"NextToken": TOKEN, "boto_truncate_amount": N}, TOKEN
 * being the action's own token of the page where it stopped (null for the
 * first) and N how many items of that page were printed (left out when
 * the whole page was).  --starting-token takes it back.  --no-paginate, or
 * giving --max-results or --next-token, asks for one page and prints it
 * as it comes.  With --output text each page prints on its own, as the AWS
 * CLI prints them. */

/* Returns the member of the answer of paginated 'action' that holds its
 * items, or NULL if 'action' is not paginated (as in the AWS CLI, whose
 * model has no paginator for DescribeTrafficMirrorFilterRules). */
static const char *
result_key(enum tm_action action)
{
    switch (action) {
    case TM_DESCRIBE_TARGETS: return "TrafficMirrorTargets";
    case TM_DESCRIBE_FILTERS: return "TrafficMirrorFilters";
    case TM_DESCRIBE_SESSIONS: return "TrafficMirrorSessions";
    case TM_DESCRIBE_TAGS: return "Tags";
    default: return NULL;
    }
}

/* Parses 's', the value of 'option', as an integer into '*valuep'. */
static char *
parse_integer(const char *option, const char *s, long long int *valuep)
{
    char *end;

    errno = 0;
    *valuep = s ? strtoll(s, &end, 10) : 0;
    if (!s || !*s || *end || errno) {
        return xasprintf("aws: error: argument %s: invalid int value: "
                         "'%s'", option, s ? s : "");
    }
    return NULL;
}

/* Takes the paging options out of the '*argcp' options in 'argv' of
 * 'action', in place, into '*paging'.  Only the paginated Describe
 * commands take them: for others they stay in 'argv' (and are refused as
 * unknown options).  Returns NULL, or an error message. */
char *
mirrorctl_paging_parse(enum tm_action action, int *argcp, char *argv[],
                       struct mirrorctl_paging *paging)
{
    int argc = *argcp;
    int n = 0;

    memset(paging, 0, sizeof *paging);
    if (!result_key(action)) {
        return NULL;
    }
    for (int i = 0; i < argc; i++) {
        const char *arg = argv[i];
        const char *value = i + 1 < argc ? argv[i + 1] : NULL;
        char *error = NULL;

        if (!strcmp(arg, "--no-paginate")) {
            paging->no_paginate = true;
            continue;
        } else if (!strcmp(arg, "--max-items")) {
            error = parse_integer(arg, value, &paging->max_items);
        } else if (!strcmp(arg, "--page-size")) {
            error = parse_integer(arg, value, &paging->page_size);
        } else if (!strcmp(arg, "--starting-token")) {
            if (!value) {
                return xstrdup("aws: error: argument --starting-token: "
                               "expected one argument");
            }
            paging->starting_token = value;
        } else {
            argv[n++] = argv[i];
            continue;
        }
        if (error) {
            return error;
        }
        i++;
    }
    *argcp = n;
    return NULL;
}

/* Checks the paging options '*paging' of 'action' against its request
 * 'req': as in the AWS CLI, giving --max-results or --next-token turns
 * paging off, and then the paging options are refused.  Returns NULL, or
 * an error message. */
char *
mirrorctl_paging_check(enum tm_action action, struct mirrorctl_paging *paging,
                       const struct tm_request *req)
{
    if (!result_key(action)) {
        return NULL;
    }
    if (req->has_max_results || req->next_token) {
        paging->no_paginate = true;
    }
    if (paging->no_paginate) {
        struct ds used = DS_EMPTY_INITIALIZER;

        if (paging->starting_token) {
            ds_put_cstr(&used, "--starting-token, ");
        }
        if (paging->page_size) {
            ds_put_cstr(&used, "--page-size, ");
        }
        if (paging->max_items) {
            ds_put_cstr(&used, "--max-items, ");
        }
        if (used.length) {
            ds_truncate(&used, used.length - 2);
            char *error = xasprintf("Cannot specify --no-paginate along "
                                    "with pagination arguments: %s",
                                    ds_cstr(&used));
            ds_destroy(&used);
            return error;
        }
        ds_destroy(&used);
    }
    return NULL;
}

/* Returns the resume token for the action's token 'token' (NULL for none)
 * and, if 'truncate' is nonnegative, the number of items of its page that
 * were printed. */
static char *
encode_token(const char *token, long long int truncate)
{
    struct ds json = DS_EMPTY_INITIALIZER;
    char *encoded;

    /* Python's json.dumps(), byte for byte. */
    ds_put_cstr(&json, "{\"NextToken\": ");
    if (token) {
        json_string_escape(token, &json);
    } else {
        ds_put_cstr(&json, "null");
    }
    if (truncate >= 0) {
        ds_put_format(&json, ", \"boto_truncate_amount\": %lld", truncate);
    }
    ds_put_char(&json, '}');

    encoded = xmalloc(4 * ((json.length + 2) / 3) + 1);
    EVP_EncodeBlock((unsigned char *) encoded,
                    (const unsigned char *) json.string, json.length);
    ds_destroy(&json);
    return encoded;
}

/* Decodes resume token 's' into the action's token '*tokenp' (NULL for
 * none; the caller frees it) and the number of items of its page to skip
 * '*skipp'.  Returns NULL, or an error message. */
static char *
decode_token(const char *s, char **tokenp, long long int *skipp)
{
    size_t len = strlen(s);
    unsigned char *buf = xmalloc(len + 1);
    int n = len % 4 ? -1 : EVP_DecodeBlock(buf, (const unsigned char *) s,
                                           len);
    struct json *json = NULL;
    char *error = NULL;

    *tokenp = NULL;
    *skipp = 0;
    if (n >= 0) {
        /* EVP_DecodeBlock() counts the padding as output bytes. */
        while (n > 0 && len && s[len - 1] == '=') {
            n--;
            len--;
        }
        buf[n] = '\0';
        json = json_from_string((char *) buf);
    }
    if (!json || json->type != JSON_OBJECT) {
        error = xasprintf("Bad starting token: %s", s);
    } else {
        const struct json *token = shash_find_data(json->object,
                                                   "NextToken");
        const struct json *skip = shash_find_data(json->object,
                                                  "boto_truncate_amount");

        if (!token || (token->type != JSON_STRING && token->type != JSON_NULL)
            || (skip && skip->type != JSON_INTEGER)) {
            error = xasprintf("Bad starting token: %s", s);
        } else {
            if (token->type == JSON_STRING
                && strcmp(json_string(token), "None")) {
                *tokenp = xstrdup(json_string(token));
            }
            *skipp = skip ? skip->integer : 0;
        }
    }
    json_destroy(json);
    free(buf);
    return error;
}

/* Returns the action's token in page 'page', or NULL if it has none (an
 * empty token counting as none). */
static const char *
page_token(const struct json *page)
{
    const struct json *t = shash_find_data(json_object(page), "NextToken");

    return (t && t->type == JSON_STRING && json_string(t)[0]
            ? json_string(t) : NULL);
}

/* Prints 'answer' of 'action' as 'output' says into 'out'. */
static void
print(const struct mirrorctl_output *output, enum tm_action action,
      const struct json *answer, struct ds *out)
{
    mirrorctl_output_print(output, answer, tm_action_name(action), out);
}

/* Carries out 'action' with request 'req' and 'paging', printing the
 * answer as 'output' says into 'out'.  Returns NULL, or the error of the
 * action (after which 'out' must not be printed). */
struct tm_error *
mirrorctl_paging_run(struct ovsdb_idl *idl, struct ovsdb_idl_txn *txn,
                     enum tm_action action, struct tm_request *req,
                     const struct mirrorctl_paging *paging,
                     const struct mirrorctl_output *output, struct ds *out)
{
    const char *key = result_key(action);
    bool text = !strcmp(output->format, "text");
    struct json *items, *response;
    struct tm_error *error;
    long long int skip = 0, total = 0;
    char *token = NULL, *resume = NULL;

    if (!key || paging->no_paginate) {
        error = tm_execute(idl, txn, action, req, &response);
        if (!error) {
            print(output, action, response, out);
            json_destroy(response);
        }
        return error;
    }

    if (paging->starting_token) {
        char *msg = decode_token(paging->starting_token, &token, &skip);
        if (msg) {
            error = tm_error_create("InvalidParameterValue", "%s", msg);
            free(msg);
            return error;
        }
    }
    if (paging->page_size) {
        req->has_max_results = true;
        req->max_results = paging->page_size;
    }

    items = json_array_create_empty();
    for (bool first = true; ; first = false) {
        struct json *page;
        const struct json *list;
        long long int n, start = first ? skip : 0, truncate;

        free(req->next_token);
        req->next_token = nullable_xstrdup(token);
        error = tm_execute(idl, txn, action, req, &response);
        if (error) {
            json_destroy(items);
            free(token);
            return error;
        }

        /* The items of this page that are printed. */
        list = shash_find_data(json_object(response), key);
        n = list && list->type == JSON_ARRAY ? list->array.n : 0;
        start = MIN(start, n);
        truncate = (paging->max_items
                    ? total + (n - start) - paging->max_items : 0);
        page = json_array_create_empty();
        for (long long int i = start; i < n - MAX(truncate, 0); i++) {
            json_array_add(page, json_clone(list->array.elems[i]));
        }
        total += json_array(page)->n;

        if (truncate > 0) {
            resume = encode_token(token, n - truncate);
        } else if (page_token(response)) {
            free(token);
            token = xstrdup(page_token(response));
            if (paging->max_items && total >= paging->max_items) {
                resume = encode_token(token, -1);
            }
        } else {
            free(token);
            token = NULL;
        }

        if (text) {
            /* Each page prints on its own. */
            struct json *answer = json_object_create();
            json_object_put(answer, key, page);
            print(output, action, answer, out);
            json_destroy(answer);
        } else {
            for (size_t i = 0; i < json_array(page)->n; i++) {
                json_array_add(items,
                               json_clone(json_array(page)->elems[i]));
            }
            json_destroy(page);
        }
        json_destroy(response);
        if (resume || !token) {
            break;
        }
    }

    if (text) {
        if (resume) {
            struct json *answer = json_object_create();
            struct json *inner = json_object_create();

            json_object_put_string(inner, "NextToken", resume);
            json_object_put(answer, "NextToken", inner);
            print(output, action, answer, out);
            json_destroy(answer);
        }
        json_destroy(items);
    } else {
        struct json *answer = json_object_create();

        json_object_put(answer, key, items);
        if (resume) {
            json_object_put_string(answer, "NextToken", resume);
        }
        print(output, action, answer, out);
        json_destroy(answer);
    }
    free(resume);
    free(token);
    return NULL;
}
