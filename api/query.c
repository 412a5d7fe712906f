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
#include <stddef.h>
#include <string.h>

#include "openvswitch/dynamic-string.h"
#include "openvswitch/shash.h"
#include "smap.h"
#include "util.h"

/* The API version that mirror-api speaks. */
#define API_VERSION "2016-11-15"

/* Returns the value of hex digit 'c', or -1. */
static int
hex_value(char c)
{
    return (c >= '0' && c <= '9' ? c - '0'
            : c >= 'a' && c <= 'f' ? c - 'a' + 10
            : c >= 'A' && c <= 'F' ? c - 'A' + 10
            : -1);
}

/* Returns a copy of the 'len' bytes at 's', with "+" as space and "%XX"
 * decoded. */
static char *
form_unescape(const char *s, size_t len)
{
    struct ds out = DS_EMPTY_INITIALIZER;

    for (size_t i = 0; i < len; i++) {
        if (s[i] == '+') {
            ds_put_char(&out, ' ');
        } else if (s[i] == '%' && i + 2 < len && hex_value(s[i + 1]) >= 0
                   && hex_value(s[i + 2]) >= 0) {
            ds_put_char(&out, hex_value(s[i + 1]) * 16 + hex_value(s[i + 2]));
            i += 2;
        } else {
            ds_put_char(&out, s[i]);
        }
    }
    return ds_steal_cstr(&out);
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

/* How a parameter is parsed. */
enum param_type {
    P_STRING,                   /* One string, into a "char *" member. */
    P_INT,                      /* One integer, into an int64_t member. */
    P_BOOL,                     /* "true" or "false" (DryRun). */
    P_IDS,                      /* "Name.N": list of ids, into 'ids'. */
    P_SVEC,                     /* "Name.N": list, into a "struct svec". */
    P_SSET,                     /* "Name.N": list, into a "struct sset". */
    P_PORTS,                    /* "Name.FromPort", "Name.ToPort". */
};

/* A parameter of the Traffic Mirroring actions. */
struct param {
    const char *name;
    enum param_type type;
    size_t offset;              /* Member of struct tm_request. */
    size_t has_offset;          /* For P_INT, its "has_" flag. */
};

#define STR(NAME, MEMBER) \
    { NAME, P_STRING, offsetof(struct tm_request, MEMBER), 0 }
#define INT(NAME, MEMBER) \
    { NAME, P_INT, offsetof(struct tm_request, MEMBER), \
      offsetof(struct tm_request, has_##MEMBER) }
#define OTHER(NAME, TYPE, MEMBER) \
    { NAME, TYPE, offsetof(struct tm_request, MEMBER), 0 }

/* The parameters, except Filter.N, TagSpecification.N and Tag.N, which
 * parse_param() handles itself. */
static const struct param params_table[] = {
    STR("NetworkInterfaceId", network_interface_id),
    STR("NetworkLoadBalancerArn", network_load_balancer_arn),
    STR("GatewayLoadBalancerEndpointId", gateway_load_balancer_endpoint_id),
    STR("Description", description),
    STR("ClientToken", client_token),
    STR("TrafficMirrorTargetId", traffic_mirror_target_id),
    STR("TrafficMirrorFilterId", traffic_mirror_filter_id),
    STR("TrafficMirrorFilterRuleId", traffic_mirror_filter_rule_id),
    STR("TrafficMirrorSessionId", traffic_mirror_session_id),
    STR("TrafficDirection", traffic_direction),
    STR("RuleAction", rule_action),
    STR("SourceCidrBlock", source_cidr_block),
    STR("DestinationCidrBlock", destination_cidr_block),
    STR("NextToken", next_token),
    INT("SessionNumber", session_number),
    INT("PacketLength", packet_length),
    INT("VirtualNetworkId", virtual_network_id),
    INT("RuleNumber", rule_number),
    INT("Protocol", protocol),
    INT("MaxResults", max_results),
    OTHER("DryRun", P_BOOL, dry_run),
    OTHER("TrafficMirrorTargetId", P_IDS, ids),
    OTHER("TrafficMirrorFilterId", P_IDS, ids),
    OTHER("TrafficMirrorFilterRuleId", P_IDS, ids),
    OTHER("TrafficMirrorSessionId", P_IDS, ids),
    OTHER("ResourceId", P_SVEC, resource_ids),
    OTHER("RemoveField", P_SSET, remove_fields),
    OTHER("AddNetworkService", P_SSET, add_network_services),
    OTHER("RemoveNetworkService", P_SSET, remove_network_services),
    OTHER("SourcePortRange", P_PORTS, source_port_range),
    OTHER("DestinationPortRange", P_PORTS, destination_port_range),
};

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

/* Parses parameter 'name' = 'value' into 'req'. */
static struct tm_error *
parse_param(const char *name, const char *value, struct tm_request *req,
            struct query_lists *lists)
{
    char *base = (char *) req;

    if (!strncmp(name, "Filter.", 7)) {
        return parse_filter(name, name + 7, value, lists);
    } else if (!strncmp(name, "TagSpecification.", 17)) {
        return parse_tag_spec(name, name + 17, value, req, lists);
    } else if (!strncmp(name, "Tag.", 4)) {
        return parse_plain_tag(name, name + 4, value, lists);
    }

    const char *dot = strchr(name, '.');
    size_t base_len = dot ? dot - name : strlen(name);
    for (size_t i = 0; i < ARRAY_SIZE(params_table); i++) {
        const struct param *p = &params_table[i];
        bool is_list = (p->type == P_IDS || p->type == P_SSET
                        || p->type == P_SVEC);

        if (strlen(p->name) != base_len || strncmp(p->name, name, base_len)
            || (is_list != (dot && is_index(dot + 1, strlen(dot + 1))))
            || (!dot && p->type == P_PORTS)
            || (dot && !is_list && p->type != P_PORTS)) {
            continue;
        }
        switch (p->type) {
        case P_STRING: {
            char **member = (char **) (base + p->offset);
            free(*member);
            *member = xstrdup(value);
            return NULL;
        }
        case P_INT:
            *(bool *) (base + p->has_offset) = true;
            return parse_int(name, value, (int64_t *) (base + p->offset));
        case P_BOOL:
            if (strcmp(value, "true") && strcmp(value, "false")) {
                return bad_value(name, value);
            }
            *(bool *) (base + p->offset) = !strcmp(value, "true");
            return NULL;
        case P_IDS:
            svec_add(&req->ids, value);
            return NULL;
        case P_SSET:
            sset_add((struct sset *) (base + p->offset), value);
            return NULL;
        case P_SVEC:
            svec_add((struct svec *) (base + p->offset), value);
            return NULL;
        case P_PORTS: {
            struct tm_port_range *range
                = (struct tm_port_range *) (base + p->offset);
            if (!strcmp(dot + 1, "FromPort")) {
                range->set = true;
                return parse_int(name, value, &range->from);
            } else if (!strcmp(dot + 1, "ToPort")) {
                range->set = true;
                return parse_int(name, value, &range->to);
            }
            break;
        }
        default:
            OVS_NOT_REACHED();
        }
    }
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

/* The parameters of each action, space-separated: "Name" is a scalar,
 * "Name.N" a list (Name.1, Name.2, ...; for Filter, TagSpecification and
 * Tag, of structures) and "Name.*" a structure (Name.FromPort, ...).
 * DryRun goes with every action. */
static const char *const action_params[TM_N_ACTIONS] = {
    [TM_CREATE_TARGET] = "NetworkInterfaceId NetworkLoadBalancerArn "
        "GatewayLoadBalancerEndpointId Description TagSpecification.N "
        "ClientToken",
    [TM_DELETE_TARGET] = "TrafficMirrorTargetId",
    [TM_DESCRIBE_TARGETS] = "TrafficMirrorTargetId.N Filter.N MaxResults "
        "NextToken",
    [TM_CREATE_FILTER] = "Description TagSpecification.N ClientToken",
    [TM_DELETE_FILTER] = "TrafficMirrorFilterId",
    [TM_DESCRIBE_FILTERS] = "TrafficMirrorFilterId.N Filter.N MaxResults "
        "NextToken",
    [TM_MODIFY_FILTER_NETWORK_SERVICES] = "TrafficMirrorFilterId "
        "AddNetworkService.N RemoveNetworkService.N",
    [TM_CREATE_FILTER_RULE] = "TrafficMirrorFilterId TrafficDirection "
        "RuleNumber RuleAction DestinationPortRange.* SourcePortRange.* "
        "Protocol DestinationCidrBlock SourceCidrBlock Description "
        "TagSpecification.N ClientToken",
    [TM_MODIFY_FILTER_RULE] = "TrafficMirrorFilterRuleId TrafficDirection "
        "RuleNumber RuleAction DestinationPortRange.* SourcePortRange.* "
        "Protocol DestinationCidrBlock SourceCidrBlock Description "
        "RemoveField.N",
    [TM_DELETE_FILTER_RULE] = "TrafficMirrorFilterRuleId",
    [TM_DESCRIBE_FILTER_RULES] = "TrafficMirrorFilterRuleId.N "
        "TrafficMirrorFilterId Filter.N MaxResults NextToken",
    [TM_CREATE_SESSION] = "NetworkInterfaceId TrafficMirrorTargetId "
        "TrafficMirrorFilterId PacketLength SessionNumber VirtualNetworkId "
        "Description TagSpecification.N ClientToken",
    [TM_MODIFY_SESSION] = "TrafficMirrorSessionId TrafficMirrorTargetId "
        "TrafficMirrorFilterId PacketLength SessionNumber VirtualNetworkId "
        "Description RemoveField.N",
    [TM_DELETE_SESSION] = "TrafficMirrorSessionId",
    [TM_DESCRIBE_SESSIONS] = "TrafficMirrorSessionId.N Filter.N MaxResults "
        "NextToken",
    [TM_CREATE_TAGS] = "ResourceId.N Tag.N",
    [TM_DELETE_TAGS] = "ResourceId.N Tag.N",
    [TM_DESCRIBE_TAGS] = "Filter.N MaxResults NextToken",
};

/* Returns true if 'action' takes parameter 'name' (as far as its name
 * goes: parse_param() checks the rest). */
static bool
param_is_allowed(enum tm_action action, const char *name)
{
    const char *p = action_params[action];

    if (!strcmp(name, "DryRun")) {
        return true;
    }
    while (p && *p) {
        size_t len = strcspn(p, " ");
        size_t base_len = len;

        if (len > 2 && p[len - 2] == '.') {
            /* "Name.N" or "Name.*": "Name." then anything. */
            base_len = len - 1;
            if (!strncmp(name, p, base_len) && name[base_len]) {
                return true;
            }
        } else if (strlen(name) == len && !strncmp(name, p, len)) {
            return true;
        }
        p += len + strspn(p + len, " ");
    }
    return false;
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
            error = (param_is_allowed(a, name)
                     ? parse_param(name, nodes[i]->value, req, &lists)
                     : tm_error_create("UnknownParameter", "The parameter "
                                       "%s is not recognized", name));
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
            smap_replace(&req->tags, tag->key, tag->value ? tag->value : "");
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
            smap_replace(&req->tags, tag->key, tag->value ? tag->value : "");
        }
    }
    query_lists_destroy(&lists);
    return error;
}
