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

#include "lib/tm-params.h"

#include <string.h>

#include "lib/tm-check.h"
#include "ovsdb-idl.h"
#include "ovsdb-schema/traffic-mirror-idl.h"
#include "util.h"

/* Sets of actions. */
#define A(ACTION) TM_ACTION_BIT(TM_##ACTION)
#define CREATES (A(CREATE_TARGET) | A(CREATE_FILTER) | A(CREATE_FILTER_RULE) \
                 | A(CREATE_SESSION))
#define DESCRIBES (A(DESCRIBE_TARGETS) | A(DESCRIBE_FILTERS)             \
                   | A(DESCRIBE_FILTER_RULES) | A(DESCRIBE_SESSIONS)     \
                   | A(DESCRIBE_TAGS))
#define RULE (A(CREATE_FILTER_RULE) | A(MODIFY_FILTER_RULE))
#define SESSION (A(CREATE_SESSION) | A(MODIFY_SESSION))
#define ALL (TM_ACTION_BIT(TM_N_ACTIONS) - 1)

/* The member of struct tm_request and its "has_" flag. */
#define M(MEMBER) offsetof(struct tm_request, MEMBER), 0
#define M_INT(MEMBER) \
    offsetof(struct tm_request, MEMBER), \
    offsetof(struct tm_request, has_##MEMBER)

/* The parameters.  Columns: API name, CLI name, type, member, range
 * (column, or NULL and min, max), actions that take it, actions whose
 * RemoveFields may name it, Describe actions that filter on it, part of
 * the ClientToken fingerprint. */
const struct tm_param tm_params[] = {
    /* Identifiers. */
    {"NetworkInterfaceId", "network-interface-id", TM_PT_STRING,
     M(network_interface_id), NULL, 0, 0,
     A(CREATE_TARGET) | A(CREATE_SESSION), 0,
     A(DESCRIBE_TARGETS) | A(DESCRIBE_SESSIONS), true},
    {"NetworkLoadBalancerArn", "network-load-balancer-arn", TM_PT_STRING,
     M(network_load_balancer_arn), NULL, 0, 0,
     A(CREATE_TARGET), 0, A(DESCRIBE_TARGETS), true},
    {"GatewayLoadBalancerEndpointId", "gateway-load-balancer-endpoint-id",
     TM_PT_STRING, M(gateway_load_balancer_endpoint_id), NULL, 0, 0,
     A(CREATE_TARGET), 0, 0, true},
    {"TrafficMirrorTargetId", "traffic-mirror-target-id", TM_PT_STRING,
     M(traffic_mirror_target_id), NULL, 0, 0,
     A(DELETE_TARGET) | SESSION, 0,
     A(DESCRIBE_TARGETS) | A(DESCRIBE_SESSIONS), true},
    {"TrafficMirrorFilterId", "traffic-mirror-filter-id", TM_PT_STRING,
     M(traffic_mirror_filter_id), NULL, 0, 0,
     A(DELETE_FILTER) | A(MODIFY_FILTER_NETWORK_SERVICES)
     | A(CREATE_FILTER_RULE) | A(DESCRIBE_FILTER_RULES) | SESSION, 0,
     A(DESCRIBE_FILTERS) | A(DESCRIBE_FILTER_RULES) | A(DESCRIBE_SESSIONS),
     true},
    {"TrafficMirrorFilterRuleId", "traffic-mirror-filter-rule-id",
     TM_PT_STRING, M(traffic_mirror_filter_rule_id), NULL, 0, 0,
     A(MODIFY_FILTER_RULE) | A(DELETE_FILTER_RULE), 0,
     A(DESCRIBE_FILTER_RULES), false},
    {"TrafficMirrorSessionId", "traffic-mirror-session-id", TM_PT_STRING,
     M(traffic_mirror_session_id), NULL, 0, 0,
     A(MODIFY_SESSION) | A(DELETE_SESSION), 0, A(DESCRIBE_SESSIONS), false},

    /* Common. */
    {"Description", "description", TM_PT_STRING, M(description), NULL, 0, 0,
     CREATES | A(MODIFY_FILTER_RULE) | A(MODIFY_SESSION),
     A(MODIFY_FILTER_RULE) | A(MODIFY_SESSION),
     A(DESCRIBE_TARGETS) | A(DESCRIBE_FILTERS) | A(DESCRIBE_FILTER_RULES)
     | A(DESCRIBE_SESSIONS), true},
    {"ClientToken", "client-token", TM_PT_STRING, M(client_token),
     NULL, 0, 0, CREATES, 0, 0, false},
    {"DryRun", "dry-run", TM_PT_BOOL, M(dry_run), NULL, 0, 0,
     ALL, 0, 0, false},
    {"TagSpecification", "tag-specifications", TM_PT_TAG_SPECS, M(tags),
     NULL, 0, 0, CREATES, 0, 0, true},

    /* Sessions. */
    {"SessionNumber", "session-number", TM_PT_INT, M_INT(session_number),
     &tmrec_mirror_session_col_session_number, 0, 0,
     SESSION, 0, A(DESCRIBE_SESSIONS), true},
    {"PacketLength", "packet-length", TM_PT_INT, M_INT(packet_length),
     &tmrec_mirror_session_col_packet_length, 0, 0,
     SESSION, A(MODIFY_SESSION), A(DESCRIBE_SESSIONS), true},
    {"VirtualNetworkId", "virtual-network-id", TM_PT_INT,
     M_INT(virtual_network_id),
     &tmrec_mirror_session_col_virtual_network_id, 0, 0,
     SESSION, A(MODIFY_SESSION), A(DESCRIBE_SESSIONS), true},
    {"CopyBudgetPackets", "copy-budget-packets", TM_PT_INT,
     M_INT(copy_budget_packets),
     &tmrec_mirror_session_col_copy_budget_packets, 0, 0,
     SESSION, A(MODIFY_SESSION), 0, true},
    {"CopyBudgetBytes", "copy-budget-bytes", TM_PT_INT,
     M_INT(copy_budget_bytes),
     &tmrec_mirror_session_col_copy_budget_bytes, 0, 0,
     SESSION, A(MODIFY_SESSION), 0, true},

    /* Filter rules. */
    {"TrafficDirection", "traffic-direction", TM_PT_STRING,
     M(traffic_direction), NULL, 0, 0,
     RULE, 0, A(DESCRIBE_FILTER_RULES), true},
    {"RuleNumber", "rule-number", TM_PT_INT, M_INT(rule_number),
     &tmrec_mirror_filter_rule_col_rule_number, 0, 0,
     RULE, 0, A(DESCRIBE_FILTER_RULES), true},
    {"RuleAction", "rule-action", TM_PT_STRING, M(rule_action), NULL, 0, 0,
     RULE, 0, A(DESCRIBE_FILTER_RULES), true},
    {"Protocol", "protocol", TM_PT_INT, M_INT(protocol),
     &tmrec_mirror_filter_rule_col_protocol, 0, 0,
     RULE, A(MODIFY_FILTER_RULE), A(DESCRIBE_FILTER_RULES), true},
    {"SourceCidrBlock", "source-cidr-block", TM_PT_STRING,
     M(source_cidr_block), NULL, 0, 0,
     RULE, 0, A(DESCRIBE_FILTER_RULES), true},
    {"DestinationCidrBlock", "destination-cidr-block", TM_PT_STRING,
     M(destination_cidr_block), NULL, 0, 0,
     RULE, 0, A(DESCRIBE_FILTER_RULES), true},
    {"SourcePortRange", "source-port-range", TM_PT_PORTS,
     M(source_port_range), NULL, 0, 0,
     RULE, A(MODIFY_FILTER_RULE), 0, true},
    {"DestinationPortRange", "destination-port-range", TM_PT_PORTS,
     M(destination_port_range), NULL, 0, 0,
     RULE, A(MODIFY_FILTER_RULE), 0, true},

    /* Modify actions. */
    {"RemoveField", "remove-fields", TM_PT_SSET, M(remove_fields),
     NULL, 0, 0, A(MODIFY_FILTER_RULE) | A(MODIFY_SESSION), 0, 0, false},
    {"AddNetworkService", "add-network-services", TM_PT_SSET,
     M(add_network_services), NULL, 0, 0,
     A(MODIFY_FILTER_NETWORK_SERVICES), 0, 0, false},
    {"RemoveNetworkService", "remove-network-services", TM_PT_SSET,
     M(remove_network_services), NULL, 0, 0,
     A(MODIFY_FILTER_NETWORK_SERVICES), 0, 0, false},

    /* Tag actions. */
    {"ResourceId", "resources", TM_PT_SVEC, M(resource_ids), NULL, 0, 0,
     A(CREATE_TAGS) | A(DELETE_TAGS), 0, 0, false},
    {"Tag", "tags", TM_PT_TAGS, M(tags), NULL, 0, 0,
     A(CREATE_TAGS) | A(DELETE_TAGS), 0, 0, false},

    /* Describe actions. */
    {"TrafficMirrorTargetId", "traffic-mirror-target-ids", TM_PT_IDS,
     M(ids), NULL, 0, 0, A(DESCRIBE_TARGETS), 0, 0, false},
    {"TrafficMirrorFilterId", "traffic-mirror-filter-ids", TM_PT_IDS,
     M(ids), NULL, 0, 0, A(DESCRIBE_FILTERS), 0, 0, false},
    {"TrafficMirrorFilterRuleId", "traffic-mirror-filter-rule-ids",
     TM_PT_IDS, M(ids), NULL, 0, 0, A(DESCRIBE_FILTER_RULES), 0, 0, false},
    {"TrafficMirrorSessionId", "traffic-mirror-session-ids", TM_PT_IDS,
     M(ids), NULL, 0, 0, A(DESCRIBE_SESSIONS), 0, 0, false},
    {"Filter", "filters", TM_PT_FILTERS, M(filters), NULL, 0, 0,
     DESCRIBES, 0, 0, false},
    {"MaxResults", "max-results", TM_PT_INT, M_INT(max_results),
     NULL, 5, 1000, DESCRIBES, 0, 0, false},
    {"NextToken", "next-token", TM_PT_STRING, M(next_token), NULL, 0, 0,
     DESCRIBES, 0, 0, false},

    /* Members of described resources that Describe actions filter on. */
    {"OwnerId", "owner-id", TM_PT_FIELD, 0, 0, NULL, 0, 0,
     0, 0, A(DESCRIBE_TARGETS) | A(DESCRIBE_SESSIONS), false},
    {"ResourceId", "resource-id", TM_PT_FIELD, 0, 0, NULL, 0, 0,
     0, 0, A(DESCRIBE_TAGS), false},
    {"ResourceType", "resource-type", TM_PT_FIELD, 0, 0, NULL, 0, 0,
     0, 0, A(DESCRIBE_TAGS), false},
    {"Key", "key", TM_PT_FIELD, 0, 0, NULL, 0, 0,
     0, 0, A(DESCRIBE_TAGS), false},
    {"Value", "value", TM_PT_FIELD, 0, 0, NULL, 0, 0,
     0, 0, A(DESCRIBE_TAGS), false},
};
const size_t tm_n_params = ARRAY_SIZE(tm_params);

/* Returns true if 'action' takes parameter 'p'. */
bool
tm_param_takes(const struct tm_param *p, enum tm_action action)
{
    return action < TM_N_ACTIONS && (p->actions & TM_ACTION_BIT(action));
}

/* Returns true if 'req' gives parameter 'p' (for the types that have a
 * notion of "not given": strings, integers and port ranges). */
bool
tm_param_is_set(const struct tm_param *p, const struct tm_request *req)
{
    const char *base = (const char *) req;

    switch (p->type) {
    case TM_PT_STRING:
        return *(char *const *) (base + p->offset) != NULL;
    case TM_PT_INT:
        return *(const bool *) (base + p->has_offset);
    case TM_PT_PORTS:
        return ((const struct tm_port_range *) (base + p->offset))->set;
    case TM_PT_BOOL:
    case TM_PT_IDS:
    case TM_PT_SVEC:
    case TM_PT_SSET:
    case TM_PT_FILTERS:
    case TM_PT_TAG_SPECS:
    case TM_PT_TAGS:
    case TM_PT_FIELD:
    default:
        return false;
    }
}

/* Stores the range of integer parameter 'p' in '*min' and '*max'. */
void
tm_param_range(const struct tm_param *p, int64_t *min, int64_t *max)
{
    if (p->column) {
        tm_column_range(p->column, min, max);
    } else {
        *min = p->min;
        *max = p->max;
    }
}

/* Returns the parameter whose AWS CLI option is 'cli_name', or NULL. */
const struct tm_param *
tm_param_find_cli(const char *cli_name)
{
    const struct tm_param *p;

    TM_PARAM_FOR_EACH (p) {
        if (p->type != TM_PT_FIELD && !strcmp(p->cli_name, cli_name)) {
            return p;
        }
    }
    return NULL;
}

/* Checks what the table says of the parameters of 'req' for 'action': the
 * integers are within their ranges, RemoveFields names only fields that
 * the action may remove, and no field is both set and removed. */
struct tm_error *
tm_params_check(enum tm_action action, const struct tm_request *req)
{
    uint32_t bit = TM_ACTION_BIT(action);
    const struct tm_param *p;
    const char *field;

    TM_PARAM_FOR_EACH (p) {
        if (p->type == TM_PT_INT && (p->actions & bit)
            && tm_param_is_set(p, req)) {
            int64_t min, max;

            tm_param_range(p, &min, &max);
            struct tm_error *error = tm_check_range(
                p->api_name,
                *(const int64_t *) ((const char *) req + p->offset),
                min, max);
            if (error) {
                return error;
            }
        }
    }

    SSET_FOR_EACH (field, &req->remove_fields) {
        const struct tm_param *q = tm_param_find_cli(field);
        if (!q || !(q->remove_in & bit)) {
            return tm_error_create_field("InvalidParameterValue",
                                         "RemoveField",
                                         "The field '%s' of RemoveFields is "
                                         "invalid.", field);
        }
    }
    TM_PARAM_FOR_EACH (p) {
        if ((p->remove_in & bit) && tm_param_is_set(p, req)
            && sset_contains(&req->remove_fields, p->cli_name)) {
            return tm_error_create_field("InvalidParameterCombination",
                                         p->api_name,
                                         "The field '%s' cannot be both set "
                                         "and removed.", p->cli_name);
        }
    }
    return NULL;
}

/* Returns true if 'name' is a Filters name of Describe action 'action',
 * storing in '*memberp' the member of the described resources that it
 * tests. */
bool
tm_params_is_filter(enum tm_action action, const char *name,
                    const char **memberp)
{
    const struct tm_param *p;

    TM_PARAM_FOR_EACH (p) {
        if ((p->filter_in & TM_ACTION_BIT(action))
            && !strcmp(p->cli_name, name)) {
            *memberp = p->api_name;
            return true;
        }
    }
    return false;
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
    const struct tm_param *p;

    TM_PARAM_FOR_EACH (p) {
        if (p->type == TM_PT_STRING) {
            char **member = (char **) ((char *) req + p->offset);
            free(*member);
            *member = NULL;
        }
    }
    free(req->tag_resource_type);
    req->tag_resource_type = NULL;
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
