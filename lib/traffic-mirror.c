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

#include "lib/traffic-mirror.h"
#include "lib/tm-private.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "ovsdb-idl.h"
#include "ovsdb-schema/traffic-mirror-idl.h"
#include "openvswitch/dynamic-string.h"
#include "openvswitch/util.h"
#include "random.h"
#include "timeval.h"
#include "util.h"

/* Default owner and quotas (see the Global table). */
#define TM_DEFAULT_OWNER_ID "000000000000"

/* Number of hexadecimal digits after the prefix of an identifier. */
#define TM_ID_HEX_DIGITS 17

/* Names of the actions, indexed by "enum tm_action". */
static const char *const action_names[TM_N_ACTIONS][2] = {
    [TM_CREATE_TARGET] = {"CreateTrafficMirrorTarget",
                          "create-traffic-mirror-target"},
    [TM_DELETE_TARGET] = {"DeleteTrafficMirrorTarget",
                          "delete-traffic-mirror-target"},
    [TM_DESCRIBE_TARGETS] = {"DescribeTrafficMirrorTargets",
                             "describe-traffic-mirror-targets"},
    [TM_CREATE_FILTER] = {"CreateTrafficMirrorFilter",
                          "create-traffic-mirror-filter"},
    [TM_DELETE_FILTER] = {"DeleteTrafficMirrorFilter",
                          "delete-traffic-mirror-filter"},
    [TM_DESCRIBE_FILTERS] = {"DescribeTrafficMirrorFilters",
                             "describe-traffic-mirror-filters"},
    [TM_MODIFY_FILTER_NETWORK_SERVICES] = {
        "ModifyTrafficMirrorFilterNetworkServices",
        "modify-traffic-mirror-filter-network-services"},
    [TM_CREATE_FILTER_RULE] = {"CreateTrafficMirrorFilterRule",
                               "create-traffic-mirror-filter-rule"},
    [TM_MODIFY_FILTER_RULE] = {"ModifyTrafficMirrorFilterRule",
                               "modify-traffic-mirror-filter-rule"},
    [TM_DELETE_FILTER_RULE] = {"DeleteTrafficMirrorFilterRule",
                               "delete-traffic-mirror-filter-rule"},
    [TM_DESCRIBE_FILTER_RULES] = {"DescribeTrafficMirrorFilterRules",
                                  "describe-traffic-mirror-filter-rules"},
    [TM_CREATE_SESSION] = {"CreateTrafficMirrorSession",
                           "create-traffic-mirror-session"},
    [TM_MODIFY_SESSION] = {"ModifyTrafficMirrorSession",
                           "modify-traffic-mirror-session"},
    [TM_DELETE_SESSION] = {"DeleteTrafficMirrorSession",
                           "delete-traffic-mirror-session"},
    [TM_DESCRIBE_SESSIONS] = {"DescribeTrafficMirrorSessions",
                              "describe-traffic-mirror-sessions"},
    [TM_CREATE_TAGS] = {"CreateTags", "create-tags"},
    [TM_DELETE_TAGS] = {"DeleteTags", "delete-tags"},
    [TM_DESCRIBE_TAGS] = {"DescribeTags", "describe-tags"},
};

/* Returns the EC2 API name of 'action', e.g. "CreateTrafficMirrorTarget". */
const char *
tm_action_name(enum tm_action action)
{
    return action < TM_N_ACTIONS ? action_names[action][0] : "Unknown";
}

/* Returns the AWS CLI name of 'action', e.g.
 * "create-traffic-mirror-target". */
const char *
tm_action_cli_name(enum tm_action action)
{
    return action < TM_N_ACTIONS ? action_names[action][1] : "unknown";
}

/* Looks up the action whose AWS CLI name is 'name'; stores it in '*action'
 * and returns true if there is one, otherwise returns false. */
bool
tm_action_from_cli_name(const char *name, enum tm_action *action)
{
    for (int i = 0; i < TM_N_ACTIONS; i++) {
        if (!strcmp(name, action_names[i][1])) {
            *action = i;
            return true;
        }
    }
    return false;
}

/* Returns true if 'action' changes the database (every action but the
 * Describe ones). */
bool
tm_action_is_change(enum tm_action action)
{
    switch (action) {
    case TM_DESCRIBE_TARGETS:
    case TM_DESCRIBE_FILTERS:
    case TM_DESCRIBE_FILTER_RULES:
    case TM_DESCRIBE_SESSIONS:
    case TM_DESCRIBE_TAGS:
    case TM_N_ACTIONS:
        return false;
    case TM_CREATE_TARGET:
    case TM_DELETE_TARGET:
    case TM_CREATE_FILTER:
    case TM_DELETE_FILTER:
    case TM_MODIFY_FILTER_NETWORK_SERVICES:
    case TM_CREATE_FILTER_RULE:
    case TM_MODIFY_FILTER_RULE:
    case TM_DELETE_FILTER_RULE:
    case TM_CREATE_SESSION:
    case TM_MODIFY_SESSION:
    case TM_DELETE_SESSION:
    case TM_CREATE_TAGS:
    case TM_DELETE_TAGS:
    default:
        return true;
    }
}

/* Initializes 'req' as a request without any parameter. */
void
tm_request_init(struct tm_request *req)
{
    memset(req, 0, sizeof *req);
    smap_init(&req->tags);
    sset_init(&req->remove_fields);
    sset_init(&req->add_network_services);
    sset_init(&req->remove_network_services);
    svec_init(&req->resource_ids);
    sset_init(&req->tag_keys);
    svec_init(&req->ids);
}

/* Frees what 'req' owns. */
void
tm_request_destroy(struct tm_request *req)
{
    char **strings[] = {
        &req->client_token, &req->tag_resource_type, &req->description,
        &req->network_interface_id, &req->network_load_balancer_arn,
        &req->gateway_load_balancer_endpoint_id,
        &req->traffic_mirror_target_id, &req->traffic_mirror_filter_id,
        &req->traffic_mirror_filter_rule_id,
        &req->traffic_mirror_session_id, &req->traffic_direction,
        &req->rule_action, &req->source_cidr_block,
        &req->destination_cidr_block, &req->next_token,
    };

    for (size_t i = 0; i < ARRAY_SIZE(strings); i++) {
        free(*strings[i]);
        *strings[i] = NULL;
    }
    smap_destroy(&req->tags);
    sset_destroy(&req->remove_fields);
    sset_destroy(&req->add_network_services);
    sset_destroy(&req->remove_network_services);
    svec_destroy(&req->resource_ids);
    sset_destroy(&req->tag_keys);
    svec_destroy(&req->ids);
    for (size_t i = 0; i < req->n_filters; i++) {
        free(req->filters[i].name);
        svec_destroy(&req->filters[i].values);
    }
    free(req->filters);
    req->filters = NULL;
    req->n_filters = 0;
}

/* Adds a Filters entry with 'name' and a copy of 'values' to 'req'. */
void
tm_request_add_filter(struct tm_request *req, const char *name,
                      const struct svec *values)
{
    struct tm_filter *f;

    req->filters = xrealloc(req->filters,
                            (req->n_filters + 1) * sizeof *req->filters);
    f = &req->filters[req->n_filters++];
    f->name = xstrdup(name);
    svec_clone(&f->values, values);
}

/* Returns a new identifier: 'prefix', a hyphen and 17 random lowercase
 * hexadecimal digits, e.g. "tms-0123456789abcdef0".  The caller frees it. */
char *
tm_id_generate(const char *prefix)
{
    uint64_t hi = random_uint64();
    uint32_t lo = random_uint32();

    /* 17 digits: 1 from 'lo' and 16 from 'hi'. */
    return xasprintf("%s-%01"PRIx32"%016"PRIx64, prefix, lo & 0xf, hi);
}

/* Returns true if 'id' is 'prefix', a hyphen and 17 lowercase hexadecimal
 * digits. */
bool
tm_id_is_valid(const char *id, const char *prefix)
{
    size_t len = strlen(prefix);

    if (!id || strncmp(id, prefix, len) || id[len] != '-'
        || strlen(id + len + 1) != TM_ID_HEX_DIGITS) {
        return false;
    }
    for (const char *p = id + len + 1; *p; p++) {
        if (!((*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'f'))) {
            return false;
        }
    }
    return true;
}

/* ------------------------------------------------------------------ */
/* Lookups in the database. */

/* Returns the Global row of 'idl', or NULL if there is none. */
static const struct tmrec_global *
global_row(struct ovsdb_idl *idl)
{
    return tmrec_global_first(idl);
}

/* Returns the owner account identifier (Global owner_id or its default). */
static const char *
owner_id(struct ovsdb_idl *idl)
{
    const struct tmrec_global *g = global_row(idl);

    return g && g->owner_id ? g->owner_id : TM_DEFAULT_OWNER_ID;
}

/* Returns the network interface whose interface_id is 'id', or NULL. */
static const struct tmrec_network_interface *
find_interface(struct ovsdb_idl *idl, const char *id)
{
    const struct tmrec_network_interface *ni;

    TMREC_NETWORK_INTERFACE_FOR_EACH (ni, idl) {
        if (!strcmp(ni->interface_id, id)) {
            return ni;
        }
    }
    return NULL;
}

/* Returns the target whose target_id is 'id', or NULL. */
const struct tmrec_mirror_target *
tm_find_target(struct ovsdb_idl *idl, const char *id)
{
    const struct tmrec_mirror_target *t;

    TMREC_MIRROR_TARGET_FOR_EACH (t, idl) {
        if (!strcmp(t->target_id, id)) {
            return t;
        }
    }
    return NULL;
}

/* Returns the filter whose filter_id is 'id', or NULL. */
const struct tmrec_mirror_filter *
tm_find_filter(struct ovsdb_idl *idl, const char *id)
{
    const struct tmrec_mirror_filter *f;

    TMREC_MIRROR_FILTER_FOR_EACH (f, idl) {
        if (!strcmp(f->filter_id, id)) {
            return f;
        }
    }
    return NULL;
}

/* Returns the filter rule whose rule_id is 'id', or NULL. */
const struct tmrec_mirror_filter_rule *
tm_find_rule(struct ovsdb_idl *idl, const char *id)
{
    const struct tmrec_mirror_filter_rule *r;

    TMREC_MIRROR_FILTER_RULE_FOR_EACH (r, idl) {
        if (!strcmp(r->rule_id, id)) {
            return r;
        }
    }
    return NULL;
}

/* Returns the session whose session_id is 'id', or NULL. */
const struct tmrec_mirror_session *
tm_find_session(struct ovsdb_idl *idl, const char *id)
{
    const struct tmrec_mirror_session *s;

    TMREC_MIRROR_SESSION_FOR_EACH (s, idl) {
        if (!strcmp(s->session_id, id)) {
            return s;
        }
    }
    return NULL;
}

/* Returns true if any row of the tables that hold identifiers uses 'id'. */
static bool
id_in_use(struct ovsdb_idl *idl, const char *id)
{
    return tm_find_target(idl, id) || tm_find_filter(idl, id)
           || tm_find_rule(idl, id) || tm_find_session(idl, id);
}

/* Returns a new identifier with 'prefix' that no row uses yet. */
static char *
new_id(struct ovsdb_idl *idl, const char *prefix)
{
    for (;;) {
        char *id = tm_id_generate(prefix);
        if (!id_in_use(idl, id)) {
            return id;
        }
        free(id);
    }
}

/* Returns the number of rows of 'table' in 'idl'. */
static size_t
count_rows(struct ovsdb_idl *idl, const struct ovsdb_idl_table_class *table)
{
    const struct ovsdb_idl_row *row;
    size_t n = 0;

    for (row = ovsdb_idl_first_row(idl, table); row;
         row = ovsdb_idl_next_row(row)) {
        n++;
    }
    return n;
}

/* Returns the target whose network interface is 'ni', or NULL. */
static const struct tmrec_mirror_target *
target_of_interface(struct ovsdb_idl *idl,
                    const struct tmrec_network_interface *ni)
{
    const struct tmrec_mirror_target *t;

    TMREC_MIRROR_TARGET_FOR_EACH (t, idl) {
        if (t->network_interface == ni) {
            return t;
        }
    }
    return NULL;
}

/* ------------------------------------------------------------------ */
/* Checks of identifiers given in a request. */

/* The kinds of identifiers (see lib/tm-private.h). */
const struct tm_id_kind TM_TARGET_KIND = {
    "InvalidTrafficMirrorTargetId", "tmt", "TrafficMirrorTargetId"
};
const struct tm_id_kind TM_FILTER_KIND = {
    "InvalidTrafficMirrorFilterId", "tmf", "TrafficMirrorFilterId"
};
const struct tm_id_kind TM_RULE_KIND = {
    "InvalidTrafficMirrorFilterRuleId", "tmfr", "TrafficMirrorFilterRuleId"
};
const struct tm_id_kind TM_SESSION_KIND = {
    "InvalidTrafficMirrorSessionId", "tms", "TrafficMirrorSessionId"
};

/* Checks 'id' against 'kind': a MissingParameter error if it is NULL, an
 * InvalidParameterValue error if it is malformed, else NULL. */
static struct tm_error *
check_id_syntax(const struct tm_id_kind *kind, const char *id)
{
    if (!id) {
        return tm_missing(kind->param);
    }
    if (!tm_id_is_valid(id, kind->prefix)) {
        return tm_error_create("InvalidParameterValue",
                               "The value '%s' of %s is malformed: expected "
                               "'%s-' followed by %d hexadecimal digits.",
                               id, kind->param, kind->prefix,
                               TM_ID_HEX_DIGITS);
    }
    return NULL;
}

/* Returns the "<code>.NotFound" error of 'kind' for 'id'. */
struct tm_error *
tm_not_found(const struct tm_id_kind *kind, const char *id)
{
    char *code = xasprintf("%s.NotFound", kind->code);
    struct tm_error *error = tm_error_create(
        code, "The %s '%s' does not exist.", kind->param, id);
    free(code);
    return error;
}

/* Looks up the network interface 'id' into '*nip'. */
static struct tm_error *
lookup_interface(struct ovsdb_idl *idl, const char *id,
                 const struct tmrec_network_interface **nip)
{
    if (!id) {
        return tm_missing("NetworkInterfaceId");
    }
    *nip = find_interface(idl, id);
    if (!*nip) {
        return tm_error_create("InvalidNetworkInterfaceID.NotFound",
                               "The networkInterface ID '%s' does not "
                               "exist", id);
    }
    return NULL;
}

/* Looks up the target 'id' into '*tp'. */
static struct tm_error *
lookup_target(struct ovsdb_idl *idl, const char *id,
              const struct tmrec_mirror_target **tp)
{
    struct tm_error *error = check_id_syntax(&TM_TARGET_KIND, id);
    if (!error) {
        *tp = tm_find_target(idl, id);
        if (!*tp) {
            error = tm_not_found(&TM_TARGET_KIND, id);
        }
    }
    return error;
}

/* Looks up the filter 'id' into '*fp'. */
static struct tm_error *
lookup_filter(struct ovsdb_idl *idl, const char *id,
              const struct tmrec_mirror_filter **fp)
{
    struct tm_error *error = check_id_syntax(&TM_FILTER_KIND, id);
    if (!error) {
        *fp = tm_find_filter(idl, id);
        if (!*fp) {
            error = tm_not_found(&TM_FILTER_KIND, id);
        }
    }
    return error;
}

/* Looks up the filter rule 'id' into '*rp'. */
static struct tm_error *
lookup_rule(struct ovsdb_idl *idl, const char *id,
            const struct tmrec_mirror_filter_rule **rp)
{
    struct tm_error *error = check_id_syntax(&TM_RULE_KIND, id);
    if (!error) {
        *rp = tm_find_rule(idl, id);
        if (!*rp || !(*rp)->filter) {
            error = tm_not_found(&TM_RULE_KIND, id);
        }
    }
    return error;
}

/* Looks up the session 'id' into '*sp'. */
static struct tm_error *
lookup_session(struct ovsdb_idl *idl, const char *id,
               const struct tmrec_mirror_session **sp)
{
    struct tm_error *error = check_id_syntax(&TM_SESSION_KIND, id);
    if (!error) {
        *sp = tm_find_session(idl, id);
        if (!*sp) {
            error = tm_not_found(&TM_SESSION_KIND, id);
        }
    }
    return error;
}

/* ------------------------------------------------------------------ */
/* Checks of other fields. */

/* Checks the TagSpecifications of 'req' for a resource of type 'rt'. */
static struct tm_error *
check_tags(const struct tm_request *req, const char *rt)
{
    if (req->tag_resource_type && strcmp(req->tag_resource_type, rt)) {
        return tm_error_create("InvalidParameterValue",
                               "'%s' is not a valid taggable resource type "
                               "for this operation (expected '%s').",
                               req->tag_resource_type, rt);
    }
    return tm_check_tag_set(&req->tags);
}

/* Checks that 'tags' are valid tags for one resource: at most 50, keys of 1
 * to 128 characters that do not start with "aws:", values of at most 256
 * characters. */
struct tm_error *
tm_check_tag_set(const struct smap *tags)
{
    struct smap_node *node;

    if (smap_count(tags) > TM_MAX_TAGS) {
        return tm_error_create("TagLimitExceeded",
                               "A resource can have at most 50 tags.");
    }
    SMAP_FOR_EACH (node, tags) {
        if (!node->key[0] || strlen(node->key) > 128
            || strlen(node->value) > 256) {
            return tm_error_create("InvalidParameterValue",
                                   "Tag keys must have 1 to 128 characters "
                                   "and values at most 256.");
        }
        if (!strncmp(node->key, "aws:", 4)) {
            return tm_error_create("InvalidParameterValue",
                                   "Tag keys starting with 'aws:' are "
                                   "reserved for internal use.");
        }
    }
    return NULL;
}

/* Checks the DryRun flag: when it is set, returns the DryRunOperation
 * error that AWS answers to an allowed request. */
struct tm_error *
tm_check_dry_run(const struct tm_request *req)
{
    if (req->dry_run) {
        return tm_error_create("DryRunOperation",
                               "Request would have succeeded, but DryRun "
                               "flag is set.");
    }
    return NULL;
}

/* ------------------------------------------------------------------ */
/* JSON renderings of the resources, in the shape of the EC2 API. */

/* Returns the Tags list of 'tags'. */
static struct json *
tags_to_json(const struct smap *tags)
{
    const struct smap_node **nodes = smap_sort(tags);
    struct json *array = json_array_create_empty();

    for (size_t i = 0; i < smap_count(tags); i++) {
        struct json *tag = json_object_create();
        json_object_put_string(tag, "Key", nodes[i]->key);
        json_object_put_string(tag, "Value", nodes[i]->value);
        json_array_add(array, tag);
    }
    free(nodes);
    return array;
}

/* Returns the JSON form of 'target' (a TrafficMirrorTarget). */
static struct json *
target_to_json(const struct tmrec_mirror_target *t)
{
    struct json *j = json_object_create();

    json_object_put_string(j, "TrafficMirrorTargetId", t->target_id);
    if (t->network_interface) {
        json_object_put_string(j, "NetworkInterfaceId",
                               t->network_interface->interface_id);
    }
    if (t->load_balancer && t->load_balancer->arn
        && !t->gateway_load_balancer_endpoint_id) {
        json_object_put_string(j, "NetworkLoadBalancerArn",
                               t->load_balancer->arn);
    }
    if (t->gateway_load_balancer_endpoint_id) {
        json_object_put_string(j, "GatewayLoadBalancerEndpointId",
                               t->gateway_load_balancer_endpoint_id);
    }
    json_object_put_string(j, "Type", t->type);
    if (t->description) {
        json_object_put_string(j, "Description", t->description);
    }
    json_object_put_string(j, "OwnerId", t->owner_id);
    json_object_put(j, "Tags", tags_to_json(&t->tags));
    return j;
}

/* Returns a FromPort/ToPort object for a port range column, or NULL if the
 * range is not set. */
static struct json *
port_range_to_json(char **keys, const int64_t *values, size_t n)
{
    struct json *j;

    if (!n) {
        return NULL;
    }
    j = json_object_create();
    for (size_t i = 0; i < n; i++) {
        json_object_put(j, !strcmp(keys[i], "from") ? "FromPort" : "ToPort",
                        json_integer_create(values[i]));
    }
    return j;
}

/* Returns the JSON form of rule 'r' (a TrafficMirrorFilterRule). */
static struct json *
rule_to_json(const struct tmrec_mirror_filter_rule *r)
{
    struct json *j = json_object_create();
    struct json *range;

    json_object_put_string(j, "TrafficMirrorFilterRuleId", r->rule_id);
    if (r->filter) {
        json_object_put_string(j, "TrafficMirrorFilterId",
                               r->filter->filter_id);
    }
    json_object_put_string(j, "TrafficDirection", r->traffic_direction);
    json_object_put(j, "RuleNumber", json_integer_create(r->rule_number));
    json_object_put_string(j, "RuleAction", r->rule_action);
    if (r->n_protocol) {
        json_object_put(j, "Protocol", json_integer_create(r->protocol[0]));
    }
    range = port_range_to_json(r->key_destination_port_range,
                               r->value_destination_port_range,
                               r->n_destination_port_range);
    if (range) {
        json_object_put(j, "DestinationPortRange", range);
    }
    range = port_range_to_json(r->key_source_port_range,
                               r->value_source_port_range,
                               r->n_source_port_range);
    if (range) {
        json_object_put(j, "SourcePortRange", range);
    }
    json_object_put_string(j, "DestinationCidrBlock",
                           r->destination_cidr_block);
    json_object_put_string(j, "SourceCidrBlock", r->source_cidr_block);
    if (r->description) {
        json_object_put_string(j, "Description", r->description);
    }
    json_object_put(j, "Tags", tags_to_json(&r->tags));
    return j;
}

/* Compares two rules by rule number, for qsort(). */
static int
compare_rules(const void *a_, const void *b_)
{
    const struct tmrec_mirror_filter_rule *const *a = a_;
    const struct tmrec_mirror_filter_rule *const *b = b_;

    return (*a)->rule_number < (*b)->rule_number ? -1
           : (*a)->rule_number > (*b)->rule_number;
}

/* Returns a JSON array of the 'n' rules in 'rules', by rule number. */
static struct json *
rules_to_json(struct tmrec_mirror_filter_rule **rules, size_t n)
{
    struct tmrec_mirror_filter_rule **sorted = xmemdup(rules,
                                                       n * sizeof *rules);
    struct json *array = json_array_create_empty();

    qsort(sorted, n, sizeof *sorted, compare_rules);
    for (size_t i = 0; i < n; i++) {
        json_array_add(array, rule_to_json(sorted[i]));
    }
    free(sorted);
    return array;
}

/* Returns the JSON form of filter 'f' (a TrafficMirrorFilter). */
static struct json *
filter_to_json(const struct tmrec_mirror_filter *f)
{
    struct json *j = json_object_create();
    struct json *services = json_array_create_empty();

    json_object_put_string(j, "TrafficMirrorFilterId", f->filter_id);
    json_object_put(j, "IngressFilterRules",
                    rules_to_json(f->ingress_rules, f->n_ingress_rules));
    json_object_put(j, "EgressFilterRules",
                    rules_to_json(f->egress_rules, f->n_egress_rules));
    for (size_t i = 0; i < f->n_network_services; i++) {
        json_array_add(services,
                       json_string_create(f->network_services[i]));
    }
    json_object_put(j, "NetworkServices", services);
    if (f->description) {
        json_object_put_string(j, "Description", f->description);
    }
    json_object_put(j, "Tags", tags_to_json(&f->tags));
    return j;
}

/* Returns the JSON form of session 's' (a TrafficMirrorSession). */
static struct json *
session_to_json(const struct tmrec_mirror_session *s)
{
    struct json *j = json_object_create();

    json_object_put_string(j, "TrafficMirrorSessionId", s->session_id);
    json_object_put_string(j, "TrafficMirrorTargetId", s->target->target_id);
    json_object_put_string(j, "TrafficMirrorFilterId", s->filter->filter_id);
    if (s->network_interface) {
        json_object_put_string(j, "NetworkInterfaceId",
                               s->network_interface->interface_id);
    }
    json_object_put_string(j, "OwnerId", s->owner_id);
    if (s->n_packet_length) {
        json_object_put(j, "PacketLength",
                        json_integer_create(s->packet_length[0]));
    }
    json_object_put(j, "SessionNumber",
                    json_integer_create(s->session_number));
    json_object_put(j, "VirtualNetworkId",
                    json_integer_create(s->virtual_network_id));
    if (s->description) {
        json_object_put_string(j, "Description", s->description);
    }
    json_object_put(j, "Tags", tags_to_json(&s->tags));
    return j;
}

/* Returns a response object with a single member 'name' = 'value'. */
static struct json *
response_1(const char *name, struct json *value)
{
    struct json *j = json_object_create();
    json_object_put(j, name, value);
    return j;
}

/* ------------------------------------------------------------------ */
/* Client tokens. */

/* Returns the canonical form of the parameters of 'req' that identify a
 * Create request, without ClientToken and DryRun: a JSON object with
 * sorted members. */
static char *
request_fingerprint(const struct tm_request *req)
{
    struct json *j = json_object_create();
    const char *strings[][2] = {
        {"Description", req->description},
        {"NetworkInterfaceId", req->network_interface_id},
        {"NetworkLoadBalancerArn", req->network_load_balancer_arn},
        {"GatewayLoadBalancerEndpointId",
         req->gateway_load_balancer_endpoint_id},
        {"TrafficMirrorTargetId", req->traffic_mirror_target_id},
        {"TrafficMirrorFilterId", req->traffic_mirror_filter_id},
        {"TrafficDirection", req->traffic_direction},
        {"RuleAction", req->rule_action},
        {"SourceCidrBlock", req->source_cidr_block},
        {"DestinationCidrBlock", req->destination_cidr_block},
        {"ResourceType", req->tag_resource_type},
    };
    const struct {
        const char *name;
        bool has;
        int64_t value;
    } ints[] = {
        {"SessionNumber", req->has_session_number, req->session_number},
        {"PacketLength", req->has_packet_length, req->packet_length},
        {"VirtualNetworkId", req->has_virtual_network_id,
         req->virtual_network_id},
        {"RuleNumber", req->has_rule_number, req->rule_number},
        {"Protocol", req->has_protocol, req->protocol},
        {"SourceFromPort", req->source_port_range.set,
         req->source_port_range.from},
        {"SourceToPort", req->source_port_range.set,
         req->source_port_range.to},
        {"DestinationFromPort", req->destination_port_range.set,
         req->destination_port_range.from},
        {"DestinationToPort", req->destination_port_range.set,
         req->destination_port_range.to},
    };
    char *s;

    for (size_t i = 0; i < ARRAY_SIZE(strings); i++) {
        if (strings[i][1]) {
            json_object_put_string(j, strings[i][0], strings[i][1]);
        }
    }
    for (size_t i = 0; i < ARRAY_SIZE(ints); i++) {
        if (ints[i].has) {
            json_object_put(j, ints[i].name,
                            json_integer_create(ints[i].value));
        }
    }
    if (!smap_is_empty(&req->tags)) {
        json_object_put(j, "Tags", tags_to_json(&req->tags));
    }
    s = json_to_string(j, JSSF_SORT);
    json_destroy(j);
    return s;
}

/* Looks for the Client_Token row of 'req''s ClientToken and 'action'.  If
 * there is none, returns NULL and leaves '*resource_idp' NULL.  If there is
 * one with the same parameters, stores its resource identifier in
 * '*resource_idp'.  Otherwise returns an IdempotentParameterMismatch
 * error. */
static struct tm_error *
check_client_token(struct ovsdb_idl *idl, const struct tm_request *req,
                   enum tm_action action, const char **resource_idp)
{
    const struct tmrec_client_token *ct;
    struct tm_error *error = NULL;
    char *fingerprint;

    *resource_idp = NULL;
    if (!req->client_token) {
        return NULL;
    }
    if (!req->client_token[0] || strlen(req->client_token) > 64) {
        return tm_error_create("InvalidParameterValue",
                               "The ClientToken must have 1 to 64 "
                               "characters.");
    }
    fingerprint = request_fingerprint(req);
    TMREC_CLIENT_TOKEN_FOR_EACH (ct, idl) {
        if (!strcmp(ct->token, req->client_token)
            && !strcmp(ct->action, tm_action_name(action))) {
            if (strcmp(ct->parameters, fingerprint)) {
                error = tm_error_create("IdempotentParameterMismatch",
                                        "The client token '%s' was already "
                                        "used with different parameters.",
                                        req->client_token);
            } else {
                *resource_idp = ct->resource_id;
            }
            break;
        }
    }
    free(fingerprint);
    return error;
}

/* Writes the Client_Token row for a successful Create 'action' that made
 * 'resource_id', if 'req' has a ClientToken. */
static void
record_client_token(struct ovsdb_idl_txn *txn, const struct tm_request *req,
                    enum tm_action action, const char *resource_id)
{
    struct tmrec_client_token *ct;
    char *fingerprint;

    if (!req->client_token) {
        return;
    }
    fingerprint = request_fingerprint(req);
    ct = tmrec_client_token_insert(txn);
    tmrec_client_token_set_token(ct, req->client_token);
    tmrec_client_token_set_action(ct, tm_action_name(action));
    tmrec_client_token_set_parameters(ct, fingerprint);
    tmrec_client_token_set_resource_id(ct, resource_id);
    tmrec_client_token_set_created(ct, time_wall_msec());
    free(fingerprint);
}

/* Returns the response of a Create action: 'name' = 'resource' and the
 * ClientToken (the request's, or a new one). */
static struct json *
create_response(const char *name, struct json *resource,
                const struct tm_request *req)
{
    struct json *j = response_1(name, resource);
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

/* ------------------------------------------------------------------ */
/* Targets. */

/* CreateTrafficMirrorTarget. */
static struct tm_error *
create_target(struct ovsdb_idl *idl, struct ovsdb_idl_txn *txn,
              const struct tm_request *req, struct json **responsep)
{
    const struct tmrec_network_interface *ni = NULL;
    const struct tmrec_load_balancer *lb = NULL;
    const struct tmrec_mirror_target *t;
    const char *type, *existing;
    struct tm_error *error;
    int n_dest;
    char *id;

    n_dest = (req->network_interface_id != NULL)
             + (req->network_load_balancer_arn != NULL)
             + (req->gateway_load_balancer_endpoint_id != NULL);
    if (n_dest != 1) {
        return tm_error_create("InvalidParameterCombination",
                               "Exactly one of NetworkInterfaceId, "
                               "NetworkLoadBalancerArn and "
                               "GatewayLoadBalancerEndpointId must be "
                               "given.");
    }
    error = tm_check_description(req->description);
    if (!error) {
        error = check_tags(req, TM_RT_TARGET);
    }
    if (!error) {
        error = check_client_token(idl, req, TM_CREATE_TARGET, &existing);
    }
    if (error) {
        return error;
    }
    if (existing) {
        t = tm_find_target(idl, existing);
        if (t) {
            *responsep = create_response("TrafficMirrorTarget",
                                         target_to_json(t), req);
            return NULL;
        }
    }

    if (req->network_interface_id) {
        type = "network-interface";
        error = lookup_interface(idl, req->network_interface_id, &ni);
        if (error) {
            return error;
        }
        if (ni->n_sessions) {
            return tm_error_create("InvalidParameterValue",
                                   "The network interface '%s' is the "
                                   "source of a traffic mirror session and "
                                   "cannot be a target.",
                                   req->network_interface_id);
        }
        if (target_of_interface(idl, ni)) {
            return tm_error_create("InvalidParameterValue",
                                   "The network interface '%s' is already a "
                                   "traffic mirror target.",
                                   req->network_interface_id);
        }
    } else if (req->network_load_balancer_arn) {
        type = "network-load-balancer";
        TMREC_LOAD_BALANCER_FOR_EACH (lb, idl) {
            if (lb->arn && !strcmp(lb->arn, req->network_load_balancer_arn)
                && !strcmp(lb->type, "network")) {
                break;
            }
        }
        if (!lb) {
            return tm_error_create("InvalidParameterValue",
                                   "The network load balancer '%s' does not "
                                   "exist.", req->network_load_balancer_arn);
        }
    } else {
        const char *ep = req->gateway_load_balancer_endpoint_id;

        type = "gateway-load-balancer-endpoint";
        TMREC_LOAD_BALANCER_FOR_EACH (lb, idl) {
            bool found = false;
            for (size_t i = 0; i < lb->n_endpoint_ids; i++) {
                found = found || !strcmp(lb->endpoint_ids[i], ep);
            }
            if (found && !strcmp(lb->type, "gateway")) {
                break;
            }
        }
        if (!lb) {
            return tm_error_create("InvalidVpcEndpointId.NotFound",
                                   "The Vpc Endpoint Id '%s' does not "
                                   "exist", ep);
        }
    }

    if (count_rows(idl, &tmrec_table_mirror_target)
        >= tm_limit(global_row(idl), TM_LIMIT_TARGETS)) {
        return tm_error_create("TrafficMirrorTargetLimitExceeded",
                               "The maximum number of traffic mirror "
                               "targets has been reached.");
    }
    error = tm_check_dry_run(req);
    if (error) {
        return error;
    }

    id = new_id(idl, "tmt");
    t = tmrec_mirror_target_insert(txn);
    tmrec_mirror_target_set_target_id(t, id);
    tmrec_mirror_target_set_type(t, type);
    tmrec_mirror_target_set_owner_id(t, owner_id(idl));
    if (ni) {
        tmrec_mirror_target_set_network_interface(t, ni);
    }
    if (lb) {
        tmrec_mirror_target_set_load_balancer(t, lb);
    }
    if (req->gateway_load_balancer_endpoint_id) {
        tmrec_mirror_target_set_gateway_load_balancer_endpoint_id(
            t, req->gateway_load_balancer_endpoint_id);
    }
    if (req->description) {
        tmrec_mirror_target_set_description(t, req->description);
    }
    tmrec_mirror_target_set_tags(t, &req->tags);
    record_client_token(txn, req, TM_CREATE_TARGET, id);
    free(id);

    *responsep = create_response("TrafficMirrorTarget", target_to_json(t),
                                 req);
    return NULL;
}

/* Returns the first session that uses target 't', or NULL. */
static const struct tmrec_mirror_session *
session_of_target(struct ovsdb_idl *idl, const struct tmrec_mirror_target *t)
{
    const struct tmrec_mirror_session *s;

    TMREC_MIRROR_SESSION_FOR_EACH (s, idl) {
        if (s->target == t) {
            return s;
        }
    }
    return NULL;
}

/* Returns the first session that uses filter 'f', or NULL. */
static const struct tmrec_mirror_session *
session_of_filter(struct ovsdb_idl *idl, const struct tmrec_mirror_filter *f)
{
    const struct tmrec_mirror_session *s;

    TMREC_MIRROR_SESSION_FOR_EACH (s, idl) {
        if (s->filter == f) {
            return s;
        }
    }
    return NULL;
}

/* DeleteTrafficMirrorTarget. */
static struct tm_error *
delete_target(struct ovsdb_idl *idl, const struct tm_request *req,
              struct json **responsep)
{
    const struct tmrec_mirror_session *s;
    const struct tmrec_mirror_target *t;
    struct tm_error *error;

    error = lookup_target(idl, req->traffic_mirror_target_id, &t);
    if (error) {
        return error;
    }
    s = session_of_target(idl, t);
    if (s) {
        return tm_error_create("DependencyViolation",
                               "The traffic mirror target '%s' is in use by "
                               "the traffic mirror session '%s'.",
                               t->target_id, s->session_id);
    }
    error = tm_check_dry_run(req);
    if (error) {
        return error;
    }
    *responsep = response_1("TrafficMirrorTargetId",
                            json_string_create(t->target_id));
    tmrec_mirror_target_delete(t);
    return NULL;
}

/* Filters names of DescribeTrafficMirrorTargets. */
static const struct tm_filter_name target_filters[] = {
    {"description", "Description"},
    {"network-interface-id", "NetworkInterfaceId"},
    {"network-load-balancer-arn", "NetworkLoadBalancerArn"},
    {"owner-id", "OwnerId"},
    {"traffic-mirror-target-id", "TrafficMirrorTargetId"},
};

/* DescribeTrafficMirrorTargets. */
static struct tm_error *
describe_targets(struct ovsdb_idl *idl, const struct tm_request *req,
                 struct json **responsep)
{
    const struct tmrec_mirror_target *t;
    struct tm_described *all;
    struct tm_error *error;
    size_t n = 0;

    error = tm_check_paging(req);
    if (!error) {
        error = tm_check_filter_names(req, target_filters,
                                      ARRAY_SIZE(target_filters));
    }
    if (error) {
        return error;
    }
    all = xmalloc((count_rows(idl, &tmrec_table_mirror_target) + 1)
                  * sizeof *all);
    TMREC_MIRROR_TARGET_FOR_EACH (t, idl) {
        struct json *json = target_to_json(t);
        if (!tm_filters_match(req, target_filters,
                              ARRAY_SIZE(target_filters), json, &t->tags)) {
            json_destroy(json);
            json = NULL;
        }
        all[n].id = t->target_id;
        all[n++].json = json;
    }
    return tm_describe_response(req, &TM_TARGET_KIND, "TrafficMirrorTargets",
                                all, n, responsep);
}

/* ------------------------------------------------------------------ */
/* Filters. */

/* CreateTrafficMirrorFilter. */
static struct tm_error *
create_filter(struct ovsdb_idl *idl, struct ovsdb_idl_txn *txn,
              const struct tm_request *req, struct json **responsep)
{
    const struct tmrec_mirror_filter *f;
    struct tm_error *error;
    const char *existing;
    char *id;

    error = tm_check_description(req->description);
    if (!error) {
        error = check_tags(req, TM_RT_FILTER);
    }
    if (!error) {
        error = check_client_token(idl, req, TM_CREATE_FILTER, &existing);
    }
    if (error) {
        return error;
    }
    if (existing) {
        f = tm_find_filter(idl, existing);
        if (f) {
            *responsep = create_response("TrafficMirrorFilter",
                                         filter_to_json(f), req);
            return NULL;
        }
    }
    if (count_rows(idl, &tmrec_table_mirror_filter)
        >= tm_limit(global_row(idl), TM_LIMIT_FILTERS)) {
        return tm_error_create("TrafficMirrorFilterLimitExceeded",
                               "The maximum number of traffic mirror "
                               "filters has been reached.");
    }
    error = tm_check_dry_run(req);
    if (error) {
        return error;
    }

    id = new_id(idl, "tmf");
    f = tmrec_mirror_filter_insert(txn);
    tmrec_mirror_filter_set_filter_id(f, id);
    if (req->description) {
        tmrec_mirror_filter_set_description(f, req->description);
    }
    tmrec_mirror_filter_set_tags(f, &req->tags);
    record_client_token(txn, req, TM_CREATE_FILTER, id);
    free(id);

    *responsep = create_response("TrafficMirrorFilter", filter_to_json(f),
                                 req);
    return NULL;
}

/* DeleteTrafficMirrorFilter.  Deleting the filter deletes its rules, which
 * are not in the root set. */
static struct tm_error *
delete_filter(struct ovsdb_idl *idl, const struct tm_request *req,
              struct json **responsep)
{
    const struct tmrec_mirror_session *s;
    const struct tmrec_mirror_filter *f;
    struct tm_error *error;

    error = lookup_filter(idl, req->traffic_mirror_filter_id, &f);
    if (error) {
        return error;
    }
    s = session_of_filter(idl, f);
    if (s) {
        return tm_error_create("DependencyViolation",
                               "The traffic mirror filter '%s' is in use by "
                               "the traffic mirror session '%s'.",
                               f->filter_id, s->session_id);
    }
    error = tm_check_dry_run(req);
    if (error) {
        return error;
    }
    *responsep = response_1("TrafficMirrorFilterId",
                            json_string_create(f->filter_id));
    tmrec_mirror_filter_delete(f);
    return NULL;
}

/* Filters names of DescribeTrafficMirrorFilters. */
static const struct tm_filter_name filter_filters[] = {
    {"description", "Description"},
    {"traffic-mirror-filter-id", "TrafficMirrorFilterId"},
};

/* DescribeTrafficMirrorFilters. */
static struct tm_error *
describe_filters(struct ovsdb_idl *idl, const struct tm_request *req,
                 struct json **responsep)
{
    const struct tmrec_mirror_filter *f;
    struct tm_described *all;
    struct tm_error *error;
    size_t n = 0;

    error = tm_check_paging(req);
    if (!error) {
        error = tm_check_filter_names(req, filter_filters,
                                      ARRAY_SIZE(filter_filters));
    }
    if (error) {
        return error;
    }
    all = xmalloc((count_rows(idl, &tmrec_table_mirror_filter) + 1)
                  * sizeof *all);
    TMREC_MIRROR_FILTER_FOR_EACH (f, idl) {
        struct json *json = filter_to_json(f);
        if (!tm_filters_match(req, filter_filters,
                              ARRAY_SIZE(filter_filters), json, &f->tags)) {
            json_destroy(json);
            json = NULL;
        }
        all[n].id = f->filter_id;
        all[n++].json = json;
    }
    return tm_describe_response(req, &TM_FILTER_KIND, "TrafficMirrorFilters",
                                all, n, responsep);
}

/* Checks that every network service in 'services' is "amazon-dns". */
static struct tm_error *
check_network_services(const struct sset *services)
{
    const char *s;

    SSET_FOR_EACH (s, services) {
        if (strcmp(s, "amazon-dns")) {
            return tm_error_create("InvalidParameterValue",
                                   "The network service '%s' is not "
                                   "supported (only 'amazon-dns' is).", s);
        }
    }
    return NULL;
}

/* ModifyTrafficMirrorFilterNetworkServices. */
static struct tm_error *
modify_filter_network_services(struct ovsdb_idl *idl,
                               const struct tm_request *req,
                               struct json **responsep)
{
    const struct tmrec_mirror_filter *f;
    struct tm_error *error;
    struct sset services;
    const char *s;

    error = lookup_filter(idl, req->traffic_mirror_filter_id, &f);
    if (!error) {
        error = check_network_services(&req->add_network_services);
    }
    if (!error) {
        error = check_network_services(&req->remove_network_services);
    }
    if (!error) {
        error = tm_check_dry_run(req);
    }
    if (error) {
        return error;
    }

    sset_init(&services);
    for (size_t i = 0; i < f->n_network_services; i++) {
        sset_add(&services, f->network_services[i]);
    }
    SSET_FOR_EACH (s, &req->add_network_services) {
        sset_add(&services, s);
    }
    SSET_FOR_EACH (s, &req->remove_network_services) {
        sset_find_and_delete(&services, s);
    }
    const char **array = sset_array(&services);
    tmrec_mirror_filter_set_network_services(f, array, sset_count(&services));
    free(array);
    sset_destroy(&services);

    *responsep = response_1("TrafficMirrorFilter", filter_to_json(f));
    return NULL;
}

/* ------------------------------------------------------------------ */
/* Filter rules. */

/* Checks the fields of a rule of filter 'f' that will be in 'rf'; 'self' is
 * the rule being modified, NULL for a new rule. */
static struct tm_error *
check_rule_fields(struct ovsdb_idl *idl, const struct tmrec_mirror_filter *f,
                  const struct tmrec_mirror_filter_rule *self,
                  const struct tm_rule *rf)
{
    const struct tmrec_mirror_filter_rule *r;
    struct tm_error *error = tm_check_rule(rf, NULL, NULL);

    if (error) {
        return error;
    }

    TMREC_MIRROR_FILTER_RULE_FOR_EACH (r, idl) {
        if (r != self && r->filter == f
            && !strcmp(r->traffic_direction, rf->direction)
            && r->rule_number == rf->number) {
            return tm_error_create("InvalidParameterValue",
                                   "The filter '%s' already has an %s rule "
                                   "with number %"PRId64" ('%s').",
                                   f->filter_id, rf->direction, rf->number,
                                   r->rule_id);
        }
    }
    return NULL;
}

/* Writes the port range 'range' with 'setter' into rule 'r'. */
static void
set_port_range(const struct tmrec_mirror_filter_rule *r,
               const struct tm_port_range *range,
               void (*setter)(const struct tmrec_mirror_filter_rule *,
                              const char **, const int64_t *, size_t))
{
    static const char *keys[] = {"from", "to"};
    int64_t values[2] = {range->from, range->to};

    setter(r, keys, values, range->set ? 2 : 0);
}

/* Writes 'rf' into rule 'r'. */
static void
write_rule_fields(const struct tmrec_mirror_filter_rule *r,
                  const struct tm_rule *rf)
{
    tmrec_mirror_filter_rule_set_traffic_direction(r, rf->direction);
    tmrec_mirror_filter_rule_set_rule_number(r, rf->number);
    tmrec_mirror_filter_rule_set_rule_action(r, rf->action);
    tmrec_mirror_filter_rule_set_protocol(r, &rf->protocol,
                                          rf->has_protocol ? 1 : 0);
    tmrec_mirror_filter_rule_set_source_cidr_block(r, rf->source_cidr);
    tmrec_mirror_filter_rule_set_destination_cidr_block(r,
                                                        rf->destination_cidr);
    set_port_range(r, &rf->source_ports,
                   tmrec_mirror_filter_rule_set_source_port_range);
    set_port_range(r, &rf->destination_ports,
                   tmrec_mirror_filter_rule_set_destination_port_range);
    tmrec_mirror_filter_rule_set_description(r, rf->description);
}

/* Puts rule 'r' into the rule set of filter 'f' for 'direction' and takes
 * it out of the other one (if 'add'), or out of both (if not). */
static void
place_rule(const struct tmrec_mirror_filter *f,
           const struct tmrec_mirror_filter_rule *r, const char *direction,
           bool add)
{
    for (int pass = 0; pass < 2; pass++) {
        bool ingress = pass == 0;
        struct tmrec_mirror_filter_rule **old
            = ingress ? f->ingress_rules : f->egress_rules;
        size_t n_old = ingress ? f->n_ingress_rules : f->n_egress_rules;
        struct tmrec_mirror_filter_rule **new
            = xmalloc((n_old + 1) * sizeof *new);
        size_t n = 0;

        for (size_t i = 0; i < n_old; i++) {
            if (old[i] != r) {
                new[n++] = old[i];
            }
        }
        if (add && !strcmp(direction, ingress ? "ingress" : "egress")) {
            new[n++] = CONST_CAST(struct tmrec_mirror_filter_rule *, r);
        }
        if (ingress) {
            tmrec_mirror_filter_set_ingress_rules(f, new, n);
        } else {
            tmrec_mirror_filter_set_egress_rules(f, new, n);
        }
        free(new);
    }
}

/* Checks the rules-per-filter quota for adding 'self' (NULL for a new rule)
 * to 'f' in 'direction'. */
static struct tm_error *
check_rule_quota(struct ovsdb_idl *idl, const struct tmrec_mirror_filter *f,
                 const char *direction,
                 const struct tmrec_mirror_filter_rule *self)
{
    return tm_check_filter_has_room(f, direction, self,
                                    tm_limit(global_row(idl),
                                             TM_LIMIT_RULES_PER_FILTER));
}

/* CreateTrafficMirrorFilterRule. */
static struct tm_error *
create_filter_rule(struct ovsdb_idl *idl, struct ovsdb_idl_txn *txn,
                   const struct tm_request *req, struct json **responsep)
{
    const struct tmrec_mirror_filter_rule *r;
    const struct tmrec_mirror_filter *f;
    struct tm_rule rf;
    struct tm_error *error;
    const char *existing;
    char *id;

    error = lookup_filter(idl, req->traffic_mirror_filter_id, &f);
    if (error) {
        return error;
    }
    if (!req->traffic_direction) {
        return tm_missing("TrafficDirection");
    } else if (!req->has_rule_number) {
        return tm_missing("RuleNumber");
    } else if (!req->rule_action) {
        return tm_missing("RuleAction");
    } else if (!req->source_cidr_block) {
        return tm_missing("SourceCidrBlock");
    } else if (!req->destination_cidr_block) {
        return tm_missing("DestinationCidrBlock");
    }

    memset(&rf, 0, sizeof rf);
    rf.direction = req->traffic_direction;
    rf.number = req->rule_number;
    rf.action = req->rule_action;
    rf.has_protocol = req->has_protocol;
    rf.protocol = req->protocol;
    rf.source_cidr = req->source_cidr_block;
    rf.destination_cidr = req->destination_cidr_block;
    rf.source_ports = req->source_port_range;
    rf.destination_ports = req->destination_port_range;
    rf.description = req->description;

    error = check_tags(req, TM_RT_RULE);
    if (!error) {
        error = check_client_token(idl, req, TM_CREATE_FILTER_RULE,
                                   &existing);
    }
    if (error) {
        return error;
    }
    if (existing) {
        r = tm_find_rule(idl, existing);
        if (r) {
            *responsep = create_response("TrafficMirrorFilterRule",
                                         rule_to_json(r), req);
            return NULL;
        }
    }
    error = check_rule_fields(idl, f, NULL, &rf);
    if (!error) {
        error = check_rule_quota(idl, f, rf.direction, NULL);
    }
    if (!error) {
        error = tm_check_dry_run(req);
    }
    if (error) {
        return error;
    }

    id = new_id(idl, "tmfr");
    r = tmrec_mirror_filter_rule_insert(txn);
    tmrec_mirror_filter_rule_set_rule_id(r, id);
    tmrec_mirror_filter_rule_set_filter(r, f);
    write_rule_fields(r, &rf);
    tmrec_mirror_filter_rule_set_tags(r, &req->tags);
    place_rule(f, r, rf.direction, true);
    record_client_token(txn, req, TM_CREATE_FILTER_RULE, id);
    free(id);

    *responsep = create_response("TrafficMirrorFilterRule", rule_to_json(r),
                                 req);
    return NULL;
}

/* Checks that every member of 'fields' is one of the 'n' names in
 * 'allowed'. */
static struct tm_error *
check_remove_fields(const struct sset *fields, const char *const *allowed,
                    size_t n)
{
    const char *field;

    SSET_FOR_EACH (field, fields) {
        bool ok = false;
        for (size_t i = 0; i < n; i++) {
            ok = ok || !strcmp(field, allowed[i]);
        }
        if (!ok) {
            return tm_error_create("InvalidParameterValue",
                                   "The field '%s' of RemoveFields is "
                                   "invalid.", field);
        }
    }
    return NULL;
}

/* Returns an InvalidParameterCombination error if 'field' is both set by
 * the request ('set') and in its RemoveFields. */
static struct tm_error *
check_set_and_removed(const struct tm_request *req, const char *field,
                      bool set)
{
    if (set && sset_contains(&req->remove_fields, field)) {
        return tm_error_create("InvalidParameterCombination",
                               "The field '%s' cannot be both set and "
                               "removed.", field);
    }
    return NULL;
}

/* ModifyTrafficMirrorFilterRule. */
static struct tm_error *
modify_filter_rule(struct ovsdb_idl *idl, const struct tm_request *req,
                   struct json **responsep)
{
    static const char *const rule_remove_fields[] = {
        "destination-port-range", "source-port-range", "protocol",
        "description",
    };
    const struct tmrec_mirror_filter_rule *r;
    const struct tmrec_mirror_filter *f;
    struct tm_rule rf;
    struct tm_error *error;

    error = lookup_rule(idl, req->traffic_mirror_filter_rule_id, &r);
    if (!error) {
        error = check_remove_fields(&req->remove_fields, rule_remove_fields,
                                    ARRAY_SIZE(rule_remove_fields));
    }
    if (!error) {
        error = check_set_and_removed(req, "destination-port-range",
                                      req->destination_port_range.set);
    }
    if (!error) {
        error = check_set_and_removed(req, "source-port-range",
                                      req->source_port_range.set);
    }
    if (!error) {
        error = check_set_and_removed(req, "protocol", req->has_protocol);
    }
    if (!error) {
        error = check_set_and_removed(req, "description",
                                      req->description != NULL);
    }
    if (error) {
        return error;
    }
    f = r->filter;

    tm_error_destroy(tm_rule_from_row(&rf, r));
    if (req->traffic_direction) {
        rf.direction = req->traffic_direction;
    }
    if (req->has_rule_number) {
        rf.number = req->rule_number;
    }
    if (req->rule_action) {
        rf.action = req->rule_action;
    }
    if (req->has_protocol) {
        rf.has_protocol = true;
        rf.protocol = req->protocol;
    }
    if (req->source_cidr_block) {
        rf.source_cidr = req->source_cidr_block;
    }
    if (req->destination_cidr_block) {
        rf.destination_cidr = req->destination_cidr_block;
    }
    if (req->source_port_range.set) {
        rf.source_ports = req->source_port_range;
    }
    if (req->destination_port_range.set) {
        rf.destination_ports = req->destination_port_range;
    }
    if (req->description) {
        rf.description = req->description;
    }
    if (sset_contains(&req->remove_fields, "destination-port-range")) {
        rf.destination_ports.set = false;
    }
    if (sset_contains(&req->remove_fields, "source-port-range")) {
        rf.source_ports.set = false;
    }
    if (sset_contains(&req->remove_fields, "protocol")) {
        rf.has_protocol = false;
    }
    if (sset_contains(&req->remove_fields, "description")) {
        rf.description = NULL;
    }

    error = check_rule_fields(idl, f, r, &rf);
    if (!error && strcmp(rf.direction, r->traffic_direction)) {
        error = check_rule_quota(idl, f, rf.direction, r);
    }
    if (!error) {
        error = tm_check_dry_run(req);
    }
    if (error) {
        return error;
    }

    if (strcmp(rf.direction, r->traffic_direction)) {
        place_rule(f, r, rf.direction, true);
    }
    /* 'rf' may point into 'r''s own columns: copy before writing. */
    char *description = nullable_xstrdup(rf.description);
    char *src = xstrdup(rf.source_cidr);
    char *dst = xstrdup(rf.destination_cidr);
    char *dir = xstrdup(rf.direction);
    char *action = xstrdup(rf.action);
    rf.description = description;
    rf.source_cidr = src;
    rf.destination_cidr = dst;
    rf.direction = dir;
    rf.action = action;
    write_rule_fields(r, &rf);
    free(description);
    free(src);
    free(dst);
    free(dir);
    free(action);

    *responsep = response_1("TrafficMirrorFilterRule", rule_to_json(r));
    return NULL;
}

/* DeleteTrafficMirrorFilterRule: takes the rule out of its filter, which
 * deletes it (rules are not in the root set). */
static struct tm_error *
delete_filter_rule(struct ovsdb_idl *idl, const struct tm_request *req,
                   struct json **responsep)
{
    const struct tmrec_mirror_filter_rule *r;
    struct tm_error *error;

    error = lookup_rule(idl, req->traffic_mirror_filter_rule_id, &r);
    if (!error) {
        error = tm_check_dry_run(req);
    }
    if (error) {
        return error;
    }
    *responsep = response_1("TrafficMirrorFilterRuleId",
                            json_string_create(r->rule_id));
    place_rule(r->filter, r, r->traffic_direction, false);
    tmrec_mirror_filter_rule_delete(r);
    return NULL;
}

/* Filters names of DescribeTrafficMirrorFilterRules. */
static const struct tm_filter_name rule_filters[] = {
    {"traffic-mirror-filter-rule-id", "TrafficMirrorFilterRuleId"},
    {"traffic-mirror-filter-id", "TrafficMirrorFilterId"},
    {"rule-number", "RuleNumber"},
    {"rule-action", "RuleAction"},
    {"traffic-direction", "TrafficDirection"},
    {"protocol", "Protocol"},
    {"source-cidr-block", "SourceCidrBlock"},
    {"destination-cidr-block", "DestinationCidrBlock"},
    {"description", "Description"},
};

/* DescribeTrafficMirrorFilterRules. */
static struct tm_error *
describe_filter_rules(struct ovsdb_idl *idl, const struct tm_request *req,
                      struct json **responsep)
{
    const struct tmrec_mirror_filter_rule *r;
    const struct tmrec_mirror_filter *f = NULL;
    struct tm_described *all;
    struct tm_error *error;
    size_t n = 0;

    if (req->traffic_mirror_filter_id) {
        error = lookup_filter(idl, req->traffic_mirror_filter_id, &f);
        if (error) {
            return error;
        }
    }
    error = tm_check_paging(req);
    if (!error) {
        error = tm_check_filter_names(req, rule_filters,
                                      ARRAY_SIZE(rule_filters));
    }
    if (error) {
        return error;
    }
    all = xmalloc((count_rows(idl, &tmrec_table_mirror_filter_rule) + 1)
                  * sizeof *all);
    TMREC_MIRROR_FILTER_RULE_FOR_EACH (r, idl) {
        struct json *json;

        if (!r->filter) {
            continue;
        }
        json = rule_to_json(r);
        if ((f && r->filter != f)
            || !tm_filters_match(req, rule_filters,
                                 ARRAY_SIZE(rule_filters), json, &r->tags)) {
            json_destroy(json);
            json = NULL;
        }
        all[n].id = r->rule_id;
        all[n++].json = json;
    }
    return tm_describe_response(req, &TM_RULE_KIND, "TrafficMirrorFilterRules",
                                all, n, responsep);
}

/* ------------------------------------------------------------------ */
/* Sessions. */

/* Returns true if a session other than 'self' uses VNI 'vni'. */
static bool
vni_in_use(struct ovsdb_idl *idl, int64_t vni,
           const struct tmrec_mirror_session *self)
{
    const struct tmrec_mirror_session *s;

    TMREC_MIRROR_SESSION_FOR_EACH (s, idl) {
        if (s != self && s->virtual_network_id == vni) {
            return true;
        }
    }
    return false;
}

/* Returns a random VNI that no session other than 'self' uses. */
static int64_t
random_vni(struct ovsdb_idl *idl, const struct tmrec_mirror_session *self)
{
    for (;;) {
        int64_t vni = random_range(1 << 24);
        if (!vni_in_use(idl, vni, self)) {
            return vni;
        }
    }
}

/* Checks that target 't' may take one more source interface 'ni' (the
 * sources-per-interface-target quota; 'self' is a session being moved to
 * 't', NULL for a new one). */
static struct tm_error *
check_target_sources(struct ovsdb_idl *idl,
                     const struct tmrec_mirror_target *t,
                     const struct tmrec_network_interface *ni,
                     const struct tmrec_mirror_session *self)
{
    const struct tmrec_mirror_session *s;
    struct sset sources;
    int64_t max;
    bool ok;

    if (strcmp(t->type, "network-interface")) {
        return NULL;
    }
    struct tm_error *error = tm_check_source_not_target(ni, t);
    if (error) {
        return error;
    }
    max = tm_limit(global_row(idl), TM_LIMIT_SOURCES_PER_TARGET);
    sset_init(&sources);
    TMREC_MIRROR_SESSION_FOR_EACH (s, idl) {
        if (s != self && s->target == t && s->network_interface) {
            sset_add(&sources, s->network_interface->interface_id);
        }
    }
    ok = sset_contains(&sources, ni->interface_id)
         || sset_count(&sources) < max;
    sset_destroy(&sources);
    if (!ok) {
        return tm_error_create("TrafficMirrorSourcesPerTargetLimitExceeded",
                               "The traffic mirror target '%s' already has "
                               "the maximum of %"PRId64" sources.",
                               t->target_id, max);
    }
    return NULL;
}

/* CreateTrafficMirrorSession. */
static struct tm_error *
create_session(struct ovsdb_idl *idl, struct ovsdb_idl_txn *txn,
               const struct tm_request *req, struct json **responsep)
{
    const struct tmrec_network_interface *ni;
    const struct tmrec_mirror_session *s;
    const struct tmrec_mirror_target *t;
    const struct tmrec_mirror_filter *f;
    struct tm_error *error;
    const char *existing;
    char *id;

    error = lookup_interface(idl, req->network_interface_id, &ni);
    if (!error) {
        error = lookup_target(idl, req->traffic_mirror_target_id, &t);
    }
    if (!error) {
        error = lookup_filter(idl, req->traffic_mirror_filter_id, &f);
    }
    if (!error && !req->has_session_number) {
        error = tm_missing("SessionNumber");
    }
    if (!error && req->has_packet_length) {
        error = tm_check_column_range("PacketLength",
                                      &tmrec_mirror_session_col_packet_length,
                                      req->packet_length);
    }
    if (!error && req->has_virtual_network_id) {
        error = tm_check_column_range(
            "VirtualNetworkId", &tmrec_mirror_session_col_virtual_network_id,
            req->virtual_network_id);
    }
    if (!error) {
        error = tm_check_description(req->description);
    }
    if (!error) {
        error = check_tags(req, TM_RT_SESSION);
    }
    if (!error) {
        error = check_client_token(idl, req, TM_CREATE_SESSION, &existing);
    }
    if (error) {
        return error;
    }
    if (existing) {
        s = tm_find_session(idl, existing);
        if (s) {
            *responsep = create_response("TrafficMirrorSession",
                                         session_to_json(s), req);
            return NULL;
        }
    }

    if (target_of_interface(idl, ni)) {
        return tm_error_create("InvalidParameterValue",
                               "The network interface '%s' is a traffic "
                               "mirror target and cannot be a source.",
                               ni->interface_id);
    }
    error = tm_check_session_number(ni, NULL, req->session_number);
    if (!error) {
        error = check_target_sources(idl, t, ni, NULL);
    }
    if (error) {
        return error;
    }
    error = tm_check_interface_has_room(
        ni, tm_limit(global_row(idl), TM_LIMIT_SESSIONS_PER_INTERFACE));
    if (error) {
        return error;
    }
    if (count_rows(idl, &tmrec_table_mirror_session)
        >= tm_limit(global_row(idl), TM_LIMIT_SESSIONS)) {
        return tm_error_create("TrafficMirrorSessionLimitExceeded",
                               "The maximum number of traffic mirror "
                               "sessions has been reached.");
    }
    error = tm_check_dry_run(req);
    if (error) {
        return error;
    }

    id = new_id(idl, "tms");
    s = tmrec_mirror_session_insert(txn);
    tmrec_mirror_session_set_session_id(s, id);
    tmrec_mirror_session_set_owner_id(s, owner_id(idl));
    tmrec_mirror_session_set_network_interface(s, ni);
    tmrec_mirror_session_set_target(s, t);
    tmrec_mirror_session_set_filter(s, f);
    tmrec_mirror_session_set_session_number(s, req->session_number);
    tmrec_mirror_session_set_packet_length(s, &req->packet_length,
                                           req->has_packet_length ? 1 : 0);
    tmrec_mirror_session_set_virtual_network_id(
        s, req->has_virtual_network_id ? req->virtual_network_id
                                       : random_vni(idl, s));
    if (req->description) {
        tmrec_mirror_session_set_description(s, req->description);
    }
    tmrec_mirror_session_set_tags(s, &req->tags);

    struct tmrec_mirror_session **sessions
        = xmalloc((ni->n_sessions + 1) * sizeof *sessions);
    memcpy(sessions, ni->sessions, ni->n_sessions * sizeof *sessions);
    sessions[ni->n_sessions] = CONST_CAST(struct tmrec_mirror_session *, s);
    tmrec_network_interface_set_sessions(ni, sessions, ni->n_sessions + 1);
    free(sessions);

    record_client_token(txn, req, TM_CREATE_SESSION, id);
    free(id);

    *responsep = create_response("TrafficMirrorSession", session_to_json(s),
                                 req);
    return NULL;
}

/* ModifyTrafficMirrorSession. */
static struct tm_error *
modify_session(struct ovsdb_idl *idl, const struct tm_request *req,
               struct json **responsep)
{
    static const char *const session_remove_fields[] = {
        "packet-length", "description", "virtual-network-id",
    };
    const struct tmrec_mirror_target *t = NULL;
    const struct tmrec_mirror_filter *f = NULL;
    const struct tmrec_mirror_session *s;
    struct tm_error *error;

    error = lookup_session(idl, req->traffic_mirror_session_id, &s);
    if (!error && req->traffic_mirror_target_id) {
        error = lookup_target(idl, req->traffic_mirror_target_id, &t);
    }
    if (!error && req->traffic_mirror_filter_id) {
        error = lookup_filter(idl, req->traffic_mirror_filter_id, &f);
    }
    if (!error) {
        error = check_remove_fields(&req->remove_fields,
                                    session_remove_fields,
                                    ARRAY_SIZE(session_remove_fields));
    }
    if (!error) {
        error = check_set_and_removed(req, "packet-length",
                                      req->has_packet_length);
    }
    if (!error) {
        error = check_set_and_removed(req, "description",
                                      req->description != NULL);
    }
    if (!error) {
        error = check_set_and_removed(req, "virtual-network-id",
                                      req->has_virtual_network_id);
    }
    if (!error && req->network_interface_id) {
        error = tm_error_create("InvalidParameterValue",
                                "The source network interface of a traffic "
                                "mirror session cannot be changed.");
    }
    if (!error && req->has_packet_length) {
        error = tm_check_column_range("PacketLength",
                                      &tmrec_mirror_session_col_packet_length,
                                      req->packet_length);
    }
    if (!error && req->has_virtual_network_id) {
        error = tm_check_column_range(
            "VirtualNetworkId", &tmrec_mirror_session_col_virtual_network_id,
            req->virtual_network_id);
    }
    if (!error) {
        error = tm_check_description(req->description);
    }
    if (!error && req->has_session_number && s->network_interface) {
        error = tm_check_session_number(s->network_interface, s,
                                     req->session_number);
    }
    if (!error && t && s->network_interface) {
        error = check_target_sources(idl, t, s->network_interface, s);
    }
    if (!error) {
        error = tm_check_dry_run(req);
    }
    if (error) {
        return error;
    }

    if (t) {
        tmrec_mirror_session_set_target(s, t);
    }
    if (f) {
        tmrec_mirror_session_set_filter(s, f);
    }
    if (req->has_session_number) {
        tmrec_mirror_session_set_session_number(s, req->session_number);
    }
    if (req->has_packet_length) {
        tmrec_mirror_session_set_packet_length(s, &req->packet_length, 1);
    } else if (sset_contains(&req->remove_fields, "packet-length")) {
        tmrec_mirror_session_set_packet_length(s, NULL, 0);
    }
    if (req->has_virtual_network_id) {
        tmrec_mirror_session_set_virtual_network_id(s,
                                                    req->virtual_network_id);
    } else if (sset_contains(&req->remove_fields, "virtual-network-id")) {
        /* Without a VNI, a session gets a random one, as at creation. */
        tmrec_mirror_session_set_virtual_network_id(s, random_vni(idl, s));
    }
    if (req->description) {
        tmrec_mirror_session_set_description(s, req->description);
    } else if (sset_contains(&req->remove_fields, "description")) {
        tmrec_mirror_session_set_description(s, NULL);
    }

    *responsep = response_1("TrafficMirrorSession", session_to_json(s));
    return NULL;
}

/* DeleteTrafficMirrorSession: takes the session out of its source
 * interface, which deletes it (sessions are not in the root set). */
static struct tm_error *
delete_session(struct ovsdb_idl *idl, const struct tm_request *req,
               struct json **responsep)
{
    const struct tmrec_network_interface *ni;
    const struct tmrec_mirror_session *s;
    struct tm_error *error;

    error = lookup_session(idl, req->traffic_mirror_session_id, &s);
    if (!error) {
        error = tm_check_dry_run(req);
    }
    if (error) {
        return error;
    }
    *responsep = response_1("TrafficMirrorSessionId",
                            json_string_create(s->session_id));
    ni = s->network_interface;
    if (ni) {
        struct tmrec_mirror_session **sessions
            = xmalloc((ni->n_sessions + 1) * sizeof *sessions);
        size_t n = 0;

        for (size_t i = 0; i < ni->n_sessions; i++) {
            if (ni->sessions[i] != s) {
                sessions[n++] = ni->sessions[i];
            }
        }
        tmrec_network_interface_set_sessions(ni, sessions, n);
        free(sessions);
    }
    tmrec_mirror_session_delete(s);
    return NULL;
}

/* Filters names of DescribeTrafficMirrorSessions. */
static const struct tm_filter_name session_filters[] = {
    {"description", "Description"},
    {"network-interface-id", "NetworkInterfaceId"},
    {"owner-id", "OwnerId"},
    {"packet-length", "PacketLength"},
    {"session-number", "SessionNumber"},
    {"traffic-mirror-filter-id", "TrafficMirrorFilterId"},
    {"traffic-mirror-session-id", "TrafficMirrorSessionId"},
    {"traffic-mirror-target-id", "TrafficMirrorTargetId"},
    {"virtual-network-id", "VirtualNetworkId"},
};

/* DescribeTrafficMirrorSessions. */
static struct tm_error *
describe_sessions(struct ovsdb_idl *idl, const struct tm_request *req,
                  struct json **responsep)
{
    const struct tmrec_mirror_session *s;
    struct tm_described *all;
    struct tm_error *error;
    size_t n = 0;

    error = tm_check_paging(req);
    if (!error) {
        error = tm_check_filter_names(req, session_filters,
                                      ARRAY_SIZE(session_filters));
    }
    if (error) {
        return error;
    }
    all = xmalloc((count_rows(idl, &tmrec_table_mirror_session) + 1)
                  * sizeof *all);
    TMREC_MIRROR_SESSION_FOR_EACH (s, idl) {
        struct json *json = session_to_json(s);
        if (!tm_filters_match(req, session_filters,
                              ARRAY_SIZE(session_filters), json, &s->tags)) {
            json_destroy(json);
            json = NULL;
        }
        all[n].id = s->session_id;
        all[n++].json = json;
    }
    return tm_describe_response(req, &TM_SESSION_KIND, "TrafficMirrorSessions",
                                all, n, responsep);
}

/* ------------------------------------------------------------------ */

/* Carries out 'action' with the parameters in 'req' on 'idl', writing into
 * 'txn' (which the caller commits).  On success, stores the response (in
 * the JSON shape of the EC2 API, e.g. {"TrafficMirrorSession": {...},
 * "ClientToken": "..."}) in '*responsep' and returns NULL; the caller
 * frees the response with json_destroy().  On failure, writes nothing to
 * 'txn' and returns the error, which the caller frees with
 * tm_error_destroy().  A DryRun request that would succeed fails with
 * DryRunOperation. */
struct tm_error *
tm_execute(struct ovsdb_idl *idl, struct ovsdb_idl_txn *txn,
           enum tm_action action, const struct tm_request *req,
           struct json **responsep)
{
    *responsep = NULL;
    switch (action) {
    case TM_CREATE_TARGET:
        return create_target(idl, txn, req, responsep);
    case TM_DELETE_TARGET:
        return delete_target(idl, req, responsep);
    case TM_DESCRIBE_TARGETS:
        return describe_targets(idl, req, responsep);
    case TM_CREATE_FILTER:
        return create_filter(idl, txn, req, responsep);
    case TM_DELETE_FILTER:
        return delete_filter(idl, req, responsep);
    case TM_DESCRIBE_FILTERS:
        return describe_filters(idl, req, responsep);
    case TM_MODIFY_FILTER_NETWORK_SERVICES:
        return modify_filter_network_services(idl, req, responsep);
    case TM_CREATE_FILTER_RULE:
        return create_filter_rule(idl, txn, req, responsep);
    case TM_MODIFY_FILTER_RULE:
        return modify_filter_rule(idl, req, responsep);
    case TM_DELETE_FILTER_RULE:
        return delete_filter_rule(idl, req, responsep);
    case TM_DESCRIBE_FILTER_RULES:
        return describe_filter_rules(idl, req, responsep);
    case TM_CREATE_SESSION:
        return create_session(idl, txn, req, responsep);
    case TM_MODIFY_SESSION:
        return modify_session(idl, req, responsep);
    case TM_DELETE_SESSION:
        return delete_session(idl, req, responsep);
    case TM_DESCRIBE_SESSIONS:
        return describe_sessions(idl, req, responsep);
    case TM_CREATE_TAGS:
        return tm_create_tags(idl, req, responsep);
    case TM_DELETE_TAGS:
        return tm_delete_tags(idl, req, responsep);
    case TM_DESCRIBE_TAGS:
        return tm_describe_tags(idl, req, responsep);
    case TM_N_ACTIONS:
    default:
        break;
    }
    return tm_error_create("InvalidAction", "Unknown action.");
}
