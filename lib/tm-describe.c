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

/* The Describe actions' common part: Filters (with EC2's "*" and "?"
 * wildcards), identifier lists, MaxResults and NextToken paging.
 *
 * Results come in the order of their identifiers.  A NextToken names the
 * last identifier of the page it ends, so the next page starts after it
 * whether or not that resource still exists: a resource that exists from
 * the first page to the last is returned exactly once, even while others
 * are created or deleted between the pages. */

#include <config.h>

#include <string.h>

#include "lib/tm-describe.h"

#include "lib/tm-check.h"
#include "lib/tm-db.h"
#include "lib/tm-params.h"
#include "openvswitch/dynamic-string.h"
#include "openvswitch/json.h"
#include "ovsdb-idl.h"
#include "smap.h"
#include "svec.h"
#include "util.h"

/* What a decoded NextToken starts with, before the identifier prefix. */
#define TOKEN_MAGIC "tm-page-1:"

/* Returns true if 'value' matches the EC2 filter 'pattern', in which "*"
 * matches any run of characters, "?" any single character, and a backslash
 * makes the next character literal. */
static bool
wildcard_match(const char *pattern, const char *value)
{
    const char *star_p = NULL;  /* Just after the last "*" seen. */
    const char *star_v = NULL;  /* Where that "*" currently ends. */

    while (*value) {
        if (*pattern == '*') {
            star_p = ++pattern;
            star_v = value;
            continue;
        }
        if (*pattern == '?'
            || (*pattern == '\\' && pattern[1] && pattern[1] == *value)
            || (*pattern != '\\' && *pattern && *pattern == *value)) {
            pattern += *pattern == '\\' ? 2 : 1;
            value++;
            continue;
        }
        if (!star_p) {
            return false;
        }
        /* Backtrack: let the last "*" swallow one more character. */
        pattern = star_p;
        value = ++star_v;
    }
    while (*pattern == '*') {
        pattern++;
    }
    return !*pattern;
}

/* Returns true if 'value' (which may be NULL, never matching) matches one of
 * 'patterns'. */
bool
tm_value_matches(const struct svec *patterns, const char *value)
{
    const char *pattern;
    size_t i;

    if (!value) {
        return false;
    }
    SVEC_FOR_EACH (i, pattern, patterns) {
        if (wildcard_match(pattern, value)) {
            return true;
        }
    }
    return false;
}

/* Returns true if 'filter' matches the tags of a resource, for the filter
 * names "tag:KEY" and "tag-key"; sets '*handled' if 'filter' is a tag
 * filter. */
static bool
tag_filter_matches(const struct tm_filter *filter, const struct smap *tags,
                   bool *handled)
{
    struct smap_node *node;

    *handled = true;
    if (!strncmp(filter->name, "tag:", 4)) {
        return tm_value_matches(&filter->values,
                                smap_get(tags, filter->name + 4));
    } else if (!strcmp(filter->name, "tag-key")) {
        SMAP_FOR_EACH (node, tags) {
            if (tm_value_matches(&filter->values, node->key)) {
                return true;
            }
        }
        return false;
    }
    *handled = false;
    return false;
}

/* Returns the string form of a JSON scalar member 'name' of 'obj', or NULL.
 * The caller frees it. */
static char *
json_member_string(const struct json *obj, const char *name)
{
    const struct json *m = shash_find_data(json_object(obj), name);

    if (!m) {
        return NULL;
    } else if (m->type == JSON_STRING) {
        return xstrdup(m->string);
    } else if (m->type == JSON_INTEGER) {
        return xasprintf("%lld", m->integer);
    }
    return NULL;
}

/* Checks that every entry of 'req''s Filters is a Filters name of Describe
 * action 'action' (see lib/tm-params.h) or a tag filter. */
struct tm_error *
tm_check_filter_names(const struct tm_request *req, enum tm_action action)
{
    for (size_t i = 0; i < req->n_filters; i++) {
        const char *name = req->filters[i].name;
        const char *member;

        if (strncmp(name, "tag:", 4) && strcmp(name, "tag-key")
            && !tm_params_is_filter(action, name, &member)) {
            return tm_error_create("InvalidParameterValue",
                                   "The filter '%s' is invalid", name);
        }
    }
    return NULL;
}

/* Returns true if the resource 'json' with 'tags' matches every Filters
 * entry of 'req' (one of the values of each filter). */
bool
tm_filters_match(const struct tm_request *req, enum tm_action action,
                 const struct json *json, const struct smap *tags)
{
    for (size_t i = 0; i < req->n_filters; i++) {
        const struct tm_filter *f = &req->filters[i];
        bool handled, match;

        match = tag_filter_matches(f, tags, &handled);
        if (!handled) {
            const char *member;

            if (tm_params_is_filter(action, f->name, &member)) {
                char *value = json_member_string(json, member);
                match = tm_value_matches(&f->values, value);
                free(value);
            }
        }
        if (!match) {
            return false;
        }
    }
    return true;
}

/* Returns true if 'id' is one of 'ids' (literally, without wildcards). */
static bool
id_listed(const struct svec *ids, const char *id)
{
    const char *s;
    size_t i;

    SVEC_FOR_EACH (i, s, ids) {
        if (!strcmp(s, id)) {
            return true;
        }
    }
    return false;
}

/* Compares two described resources by identifier, for qsort(). */
static int
compare_described(const void *a_, const void *b_)
{
    const struct tm_described *a = a_, *b = b_;
    return strcmp(a->id, b->id);
}

/* Checks that 'req' does not give both MaxResults and identifiers (the
 * range of MaxResults is in the parameter table). */
struct tm_error *
tm_check_paging(const struct tm_request *req)
{
    if (req->has_max_results) {
        if (req->ids.n) {
            return tm_error_create("InvalidParameterCombination",
                                   "The parameter MaxResults cannot be used "
                                   "with the parameter for identifiers.");
        }
    }
    return NULL;
}

/* Returns the NextToken (for the caller to free) of a page of 'kind'
 * resources whose last identifier is 'last': the hexadecimal form of
 * TOKEN_MAGIC, the identifier prefix, a colon and 'last'. */
static char *
token_encode(const struct tm_id_kind *kind, const char *last)
{
    char *plain = xasprintf(TOKEN_MAGIC"%s:%s", kind->prefix, last);
    struct ds token = DS_EMPTY_INITIALIZER;

    for (const char *p = plain; *p; p++) {
        ds_put_format(&token, "%02x", (unsigned char) *p);
    }
    free(plain);
    return ds_steal_cstr(&token);
}

/* Returns true if 'last', decoded from a NextToken of 'kind' resources, is
 * an identifier of that kind or, for tags (prefix "tag"), an identifier of
 * any kind, a 0x1f byte and a key. */
static bool
token_position_is_valid(const struct tm_id_kind *kind, const char *last)
{
    static const char *const prefixes[] = {"tmt", "tmf", "tmfr", "tms"};
    size_t len = strcspn(last, "\x1f");
    char *id = xmemdup0(last, len);
    bool ok = false;

    if (strcmp(kind->prefix, "tag")) {
        ok = !last[len] && tm_id_is_valid(id, kind->prefix);
    } else if (last[len] && last[len + 1]) {
        for (size_t i = 0; !ok && i < ARRAY_SIZE(prefixes); i++) {
            ok = tm_id_is_valid(id, prefixes[i]);
        }
    }
    free(id);
    return ok;
}

/* Decodes NextToken 'token' of 'kind' resources.  Returns the last
 * identifier of the previous page, for the caller to free, or NULL if
 * 'token' is not a token that token_encode() made for 'kind'. */
static char *
token_decode(const struct tm_id_kind *kind, const char *token)
{
    size_t len = strlen(token);
    struct ds plain = DS_EMPTY_INITIALIZER;
    char *prefix, *last = NULL;

    if (!len || len % 2) {
        return NULL;
    }
    for (size_t i = 0; i < len; i += 2) {
        int hi = hexit_value(token[i]);
        int lo = hexit_value(token[i + 1]);
        if (hi < 0 || lo < 0 || !(hi * 16 + lo)) {
            ds_destroy(&plain);
            return NULL;
        }
        ds_put_char(&plain, hi * 16 + lo);
    }
    prefix = xasprintf(TOKEN_MAGIC"%s:", kind->prefix);
    if (!strncmp(ds_cstr(&plain), prefix, strlen(prefix))
        && token_position_is_valid(kind, ds_cstr(&plain) + strlen(prefix))) {
        last = xstrdup(ds_cstr(&plain) + strlen(prefix));
    }
    free(prefix);
    ds_destroy(&plain);
    return last;
}

/* Builds the response of a Describe action from the 'n' resources in
 * 'all' (which it frees, with the JSON of the resources it leaves out):
 * member 'list_name' holds, in identifier order, those that 'req''s
 * identifiers ask for, after its NextToken and at most MaxResults of them;
 * "NextToken" is there when more remain.  'kind' names the resource for
 * the errors: an identifier that does not exist is reported as
 * <code>.NotFound, a NextToken that this function did not make as
 * InvalidPaginationToken.  With DryRun, a request that would succeed gets
 * DryRunOperation. */
struct tm_error *
tm_describe_response(const struct tm_request *req,
                     const struct tm_id_kind *kind, const char *list_name,
                     struct tm_described *all, size_t n,
                     struct json **responsep)
{
    struct json *list = json_array_create_empty();
    struct tm_error *error = NULL;
    size_t max = req->has_max_results ? req->max_results : SIZE_MAX;
    char *after = NULL, *next = NULL;
    const char *id, *last_out = NULL;
    size_t i, n_out = 0;

    qsort(all, n, sizeof *all, compare_described);

    SVEC_FOR_EACH (i, id, &req->ids) {
        bool found = false;

        error = tm_check_id_syntax(kind, id);
        if (error) {
            goto exit;
        }
        for (size_t k = 0; !found && k < n; k++) {
            found = !strcmp(all[k].id, id);
        }
        if (!found) {
            error = tm_not_found(kind, id);
            goto exit;
        }
    }
    if (req->next_token) {
        after = token_decode(kind, req->next_token);
        if (!after) {
            error = tm_error_create("InvalidPaginationToken",
                                    "The specified pagination token is not "
                                    "valid.");
            goto exit;
        }
    }
    error = tm_check_dry_run(req->dry_run);
    if (error) {
        goto exit;
    }

    for (size_t k = 0; k < n; k++) {
        if ((req->ids.n && !id_listed(&req->ids, all[k].id))
            || (after && strcmp(all[k].id, after) <= 0)
            || !all[k].json) {
            continue;
        }
        if (n_out >= max) {
            next = token_encode(kind, last_out);
            break;
        }
        json_array_add(list, all[k].json);
        all[k].json = NULL;
        last_out = all[k].id;
        n_out++;
    }

exit:
    for (size_t k = 0; k < n; k++) {
        json_destroy(all[k].json);
    }
    free(all);
    free(after);
    if (error) {
        json_destroy(list);
        return error;
    }
    *responsep = json_object_create();
    json_object_put(*responsep, list_name, list);
    if (next) {
        json_object_put_string(*responsep, "NextToken", next);
        free(next);
    }
    return NULL;
}

/* Carries out Describe action 'action' of 'req' on the rows of 'table' in
 * 'idl', resources of 'kind' listed as 'list_name' in the response:
 * checks the paging parameters and the Filters names, describes each row
 * with 'describe' (passing 'aux'), keeps those that match the Filters and
 * answers the page that 'req' asks for. */
struct tm_error *
tm_describe_table(struct ovsdb_idl *idl, const struct tm_request *req,
                  enum tm_action action,
                  const struct ovsdb_idl_table_class *table,
                  const struct tm_id_kind *kind, const char *list_name,
                  tm_describe_row_func *describe, const void *aux,
                  struct json **responsep)
{
    const struct ovsdb_idl_row *row;
    struct tm_described *all;
    struct tm_error *error;
    size_t n = 0, allocated = 1;

    error = tm_check_paging(req);
    if (!error) {
        error = tm_check_filter_names(req, action);
    }
    if (error) {
        return error;
    }
    all = xmalloc(allocated * sizeof *all);
    for (row = ovsdb_idl_first_row(idl, table); row;
         row = ovsdb_idl_next_row(row)) {
        const struct smap *tags;
        bool match = true;
        const char *id;
        struct json *json = describe(row, aux, &id, &tags, &match);

        if (!json) {
            continue;
        }
        if (!match || !tm_filters_match(req, action, json, tags)) {
            json_destroy(json);
            json = NULL;
        }
        if (n >= allocated) {
            all = x2nrealloc(all, &allocated, sizeof *all);
        }
        all[n].id = id;
        all[n++].json = json;
    }
    return tm_describe_response(req, kind, list_name, all, n, responsep);
}
