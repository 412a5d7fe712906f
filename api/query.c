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

#include "api/query.h"

#include <ctype.h>
#include <microhttpd.h>
#include <stddef.h>
#include <string.h>

#include "lib/tm-params.h"
#include "openvswitch/shash.h"
#include "smap.h"
#include "util.h"

/* The API version that mirror-api speaks. */
#define API_VERSION "2016-11-15"

/* Returns a copy of the 'len' bytes at 's', decoded as a name or value of
 * application/x-www-form-urlencoded data: "+" as a space, then "%XX" by
 * libmicrohttpd's MHD_http_unescape() (which does not turn "+" into
 * spaces, and leaves a "%" that two hex digits do not follow as it is). */
static char *
form_unescape(const char *s, size_t len)
{
    char *out = xmemdup0(s, len);

    for (char *p = out; (p = strchr(p, '+')) != NULL; p++) {
        *p = ' ';
    }
    out[MHD_http_unescape(out)] = '\0';
    return out;
}

/* Adds the parameters of the application/x-www-form-urlencoded 'data'
 * ('len' bytes) to 'params' (a later value of a name replaces an earlier
 * one). */
void
api_query_decode_form(const char *data, size_t len, struct smap *params)
{
    const char *end = data + len;

    while (data < end) {
        const char *amp = memchr(data, '&', end - data);
        const char *stop = amp ? amp : end;
        const char *eq = memchr(data, '=', stop - data);

        if (stop > data) {
            char *key = form_unescape(data, (eq ? eq : stop) - data);
            char *value = eq ? form_unescape(eq + 1, stop - eq - 1)
                             : xstrdup("");
            smap_replace(params, key, value);
            free(key);
            free(value);
        }
        data = stop + 1;
    }
}

/* Returns true if 's' is a decimal list index: "1", "2", ... */
static bool
is_index(const char *s, size_t len)
{
    if (!len || s[0] == '0') {
        return false;
    }
    for (size_t i = 0; i < len; i++) {
        if (!isdigit((unsigned char) s[i])) {
            return false;
        }
    }
    return true;
}

/* The error for parameter 'name' with a bad 'value'. */
static struct tm_error *
bad_value(const char *name, const char *value)
{
    return tm_error_create("InvalidParameterValue",
                           "Value (%s) for parameter %s is invalid.",
                           value, name);
}

/* Parses 'value' as an integer into '*x'. */
static struct tm_error *
parse_int(const char *name, const char *value, int64_t *x)
{
    long long int ll;

    if (!str_to_llong(value, 10, &ll)) {
        return bad_value(name, value);
    }
    *x = ll;
    return NULL;
}

/* One Filter.N: its name and values. */
struct query_filter {
    char *name;
    struct svec values;
};

/* One TagSpecification.N.Tag.M or Tag.N. */
struct query_tag {
    char *key;                  /* Key, or NULL if not given. */
    char *value;                /* Value, or NULL if not given. */
};

/* Collected Filter.N and TagSpecification.N parameters. */
struct query_lists {
    struct shash filters;       /* "N" -> struct query_filter. */
    struct shash tags;          /* "N.M" -> struct query_tag. */
    struct shash plain_tags;    /* Tag.N: "N" -> struct query_tag. */
};

/* Stores 'value' as the Key or Value ('what' is ".Key" or ".Value") of the
 * tag named 'key' in 'tags', creating it if needed. */
static void
put_tag(struct shash *tags, const char *key, const char *what,
        const char *value)
{
    struct query_tag *tag = shash_find_data(tags, key);
    char **member;

    if (!tag) {
        tag = xzalloc(sizeof *tag);
        shash_add(tags, key, tag);
    }
    member = !strcmp(what, ".Key") ? &tag->key : &tag->value;
    free(*member);
    *member = xstrdup(value);
}

/* Parses Tag.N.Key or Tag.N.Value ('rest' is after "Tag."). */
static struct tm_error *
parse_plain_tag(const char *name, const char *rest, const char *value,
                struct query_lists *lists)
{
    size_t n_len = strcspn(rest, ".");
    const char *what = rest + n_len;

    if (!is_index(rest, n_len)
        || (strcmp(what, ".Key") && strcmp(what, ".Value"))) {
        return tm_error_create("UnknownParameter", "The parameter %s is not "
                               "recognized", name);
    }
    char *key = xmemdup0(rest, n_len);
    put_tag(&lists->plain_tags, key, what, value);
    free(key);
    return NULL;
}

/* Parses Filter.N.Name or Filter.N.Value.M ('rest' is after "Filter."). */
static struct tm_error *
parse_filter(const char *name, const char *rest, const char *value,
             struct query_lists *lists)
{
    size_t n_len = strcspn(rest, ".");
    const char *field = rest + n_len;
    struct query_filter *f;

    if (!is_index(rest, n_len) || !*field) {
        return tm_error_create("UnknownParameter", "The parameter %s is not "
                               "recognized", name);
    }
    char *key = xmemdup0(rest, n_len);
    f = shash_find_data(&lists->filters, key);
    if (!f) {
        f = xzalloc(sizeof *f);
        svec_init(&f->values);
        shash_add(&lists->filters, key, f);
    }
    free(key);
    field++;
    if (!strcmp(field, "Name")) {
        free(f->name);
        f->name = xstrdup(value);
    } else if (!strncmp(field, "Value.", 6)
               && is_index(field + 6, strlen(field + 6))) {
        svec_add(&f->values, value);
    } else {
        return tm_error_create("UnknownParameter", "The parameter %s is not "
                               "recognized", name);
    }
    return NULL;
}

/* Parses TagSpecification.N.ResourceType or TagSpecification.N.Tag.M.Key or
 * .Value ('rest' is after "TagSpecification."). */
static struct tm_error *
parse_tag_spec(const char *name, const char *rest, const char *value,
               struct tm_request *req, struct query_lists *lists)
{
    size_t n_len = strcspn(rest, ".");
    const char *field = rest + n_len;

    if (!is_index(rest, n_len) || !*field) {
        goto unknown;
    }
    field++;
    if (!strcmp(field, "ResourceType")) {
        free(req->tag_resource_type);
        req->tag_resource_type = xstrdup(value);
        return NULL;
    } else if (!strncmp(field, "Tag.", 4)) {
        const char *m = field + 4;
        size_t m_len = strcspn(m, ".");
        const char *what = m + m_len;

        if (!is_index(m, m_len)
            || (strcmp(what, ".Key") && strcmp(what, ".Value"))) {
            goto unknown;
        }
        char *key = xasprintf("%.*s.%.*s", (int) n_len, rest, (int) m_len, m);
        put_tag(&lists->tags, key, what, value);
        free(key);
        return NULL;
    }

unknown:
    return tm_error_create("UnknownParameter", "The parameter %s is not "
                           "recognized", name);
}

/* Returns true if parameter 'p' is a scalar, written "Name" (otherwise it
 * is written "Name." and more: "Name.N" for a list, "Name.FromPort" for a
 * port range, and so on). */
static bool
param_is_scalar(const struct tm_param *p)
{
    return (p->type == TM_PT_STRING || p->type == TM_PT_INT
            || p->type == TM_PT_BOOL);
}

/* Returns the parameter of 'action' (see lib/tm-params.h) that the request
 * parameter 'name' gives, or NULL if 'action' takes none by that name.
 * For a parameter that is not a scalar, stores in '*restp' what follows
 * "Name.". */
static const struct tm_param *
find_param(enum tm_action action, const char *name, const char **restp)
{
    const struct tm_param *p;

    TM_PARAM_FOR_EACH (p) {
        size_t len = strlen(p->api_name);

        if (p->type == TM_PT_FIELD || !tm_param_takes(p, action)
            || strncmp(name, p->api_name, len)) {
            continue;
        }
        if (param_is_scalar(p) ? !name[len]
            : name[len] == '.' && name[len + 1]) {
            *restp = param_is_scalar(p) ? NULL : name + len + 1;
            return p;
        }
    }
    return NULL;
}

/* Parses parameter 'name' = 'value' of 'action' into 'req'. */
static struct tm_error *
parse_param(enum tm_action action, const char *name, const char *value,
            struct tm_request *req, struct query_lists *lists)
{
    const char *rest = NULL;
    const struct tm_param *p = find_param(action, name, &rest);
    char *member = p ? (char *) req + p->offset : NULL;

    if (!p) {
        goto unknown;
    }
    switch (p->type) {
    case TM_PT_STRING: {
        char **string = (char **) member;
        free(*string);
        *string = xstrdup(value);
        return NULL;
    }
    case TM_PT_INT:
        *(bool *) ((char *) req + p->has_offset) = true;
        return parse_int(name, value, (int64_t *) member);
    case TM_PT_BOOL:
        if (strcmp(value, "true") && strcmp(value, "false")) {
            return bad_value(name, value);
        }
        *(bool *) member = !strcmp(value, "true");
        return NULL;
    case TM_PT_IDS:
    case TM_PT_SVEC:
    case TM_PT_SSET:
        if (!is_index(rest, strlen(rest))) {
            goto unknown;
        } else if (p->type == TM_PT_SSET) {
            sset_add((struct sset *) member, value);
        } else {
            svec_add((struct svec *) member, value);
        }
        return NULL;
    case TM_PT_PORTS: {
        struct tm_port_range *range = (struct tm_port_range *) member;
        if (!strcmp(rest, "FromPort")) {
            range->set = true;
            return parse_int(name, value, &range->from);
        } else if (!strcmp(rest, "ToPort")) {
            range->set = true;
            return parse_int(name, value, &range->to);
        }
        goto unknown;
    }
    case TM_PT_FILTERS:
        return parse_filter(name, rest, value, lists);
    case TM_PT_TAG_SPECS:
        return parse_tag_spec(name, rest, value, req, lists);
    case TM_PT_TAGS:
        return parse_plain_tag(name, rest, value, lists);
    case TM_PT_FIELD:
    default:
        OVS_NOT_REACHED();
    }

unknown:
    return tm_error_create("UnknownParameter", "The parameter %s is not "
                           "recognized", name);
}

/* Frees the struct query_tag values of 'tags' and 'tags' itself. */
static void
query_tags_destroy(struct shash *tags)
{
    struct shash_node *node;

    SHASH_FOR_EACH (node, tags) {
        struct query_tag *tag = node->data;
        free(tag->key);
        free(tag->value);
        free(tag);
    }
    shash_destroy(tags);
}

/* Frees the contents of 'lists'. */
static void
query_lists_destroy(struct query_lists *lists)
{
    struct shash_node *node;

    SHASH_FOR_EACH (node, &lists->filters) {
        struct query_filter *f = node->data;
        free(f->name);
        svec_destroy(&f->values);
        free(f);
    }
    shash_destroy(&lists->filters);
    query_tags_destroy(&lists->tags);
    query_tags_destroy(&lists->plain_tags);
}

/* Parses the request parameters 'params' (decoded names and values) into
 * '*actionp' and 'req' (which the caller initialized with
 * tm_request_init() and must destroy).  Returns NULL on success, otherwise
 * an AWS error (InvalidAction, UnknownParameter, ...). */
struct tm_error *
api_query_parse(const struct smap *params, enum tm_action *actionp,
                struct tm_request *req)
{
    const char *action = smap_get(params, "Action");
    const char *version = smap_get(params, "Version");
    struct query_lists lists;
    struct tm_error *error = NULL;
    enum tm_action a;

    if (!action) {
        return tm_error_create("MissingAction", "The request must contain "
                               "the parameter Action.");
    }
    for (a = 0; a < TM_N_ACTIONS; a++) {
        if (!strcmp(tm_action_name(a), action)) {
            break;
        }
    }
    if (a == TM_N_ACTIONS) {
        return tm_error_create("InvalidAction", "The action %s is not valid "
                               "for this web service.", action);
    }
    if (version && strcmp(version, API_VERSION)) {
        return tm_error_create("InvalidParameterValue", "Version %s is not "
                               "supported (only "API_VERSION").", version);
    }
    *actionp = a;

    shash_init(&lists.filters);
    shash_init(&lists.tags);
    shash_init(&lists.plain_tags);
    const struct smap_node **nodes = smap_sort(params);
    for (size_t i = 0; !error && i < smap_count(params); i++) {
        const char *name = nodes[i]->key;
        if (strcmp(name, "Action") && strcmp(name, "Version")) {
            error = parse_param(a, name, nodes[i]->value, req, &lists);
        }
    }
    free(nodes);

    if (!error) {
        if (req->source_port_range.set
            && (!smap_get(params, "SourcePortRange.FromPort")
                || !smap_get(params, "SourcePortRange.ToPort"))) {
            error = tm_error_create("MissingParameter", "SourcePortRange "
                                    "needs FromPort and ToPort.");
        } else if (req->destination_port_range.set
                   && (!smap_get(params, "DestinationPortRange.FromPort")
                       || !smap_get(params, "DestinationPortRange.ToPort"))) {
            error = tm_error_create("MissingParameter", "DestinationPortRange"
                                    " needs FromPort and ToPort.");
        }
    }

    struct shash_node *node;
    SHASH_FOR_EACH (node, &lists.filters) {
        struct query_filter *f = node->data;
        if (error) {
            break;
        } else if (!f->name) {
            error = tm_error_create("MissingParameter", "Filter.%s.Name is "
                                    "missing.", node->name);
        } else {
            tm_request_add_filter(req, f->name, &f->values);
        }
    }
    SHASH_FOR_EACH (node, &lists.tags) {
        struct query_tag *tag = node->data;
        if (error) {
            break;
        } else if (!tag->key) {
            error = tm_error_create("MissingParameter", "TagSpecification."
                                    "%s.Key is missing.", node->name);
        } else {
            tm_request_add_tag(req, tag->key, tag->value ? tag->value : "");
        }
    }
    SHASH_FOR_EACH (node, &lists.plain_tags) {
        struct query_tag *tag = node->data;
        if (error) {
            break;
        } else if (!tag->key) {
            error = tm_error_create("MissingParameter", "Tag.%s.Key is "
                                    "missing.", node->name);
        } else if (!tag->value) {
            sset_add(&req->tag_keys, tag->key);
        } else {
            tm_request_add_tag(req, tag->key, tag->value);
        }
    }
    query_lists_destroy(&lists);
    return error;
}
