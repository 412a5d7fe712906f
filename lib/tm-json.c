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

#include "lib/tm-json.h"

#include <stdlib.h>
#include <string.h>

#include "openvswitch/json.h"
#include "ovsdb-idl.h"
#include "ovsdb-schema/traffic-mirror-idl.h"
#include "smap.h"
#include "util.h"

/* Returns the Tags list of 'tags'. */
struct json *
tm_tags_to_json(const struct smap *tags)
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
struct json *
tm_target_to_json(const struct tmrec_mirror_target *t)
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
    json_object_put(j, "Tags", tm_tags_to_json(&t->tags));
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
struct json *
tm_rule_to_json(const struct tmrec_mirror_filter_rule *r)
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
    json_object_put(j, "Tags", tm_tags_to_json(&r->tags));
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
        json_array_add(array, tm_rule_to_json(sorted[i]));
    }
    free(sorted);
    return array;
}

/* Returns the JSON form of filter 'f' (a TrafficMirrorFilter). */
struct json *
tm_filter_to_json(const struct tmrec_mirror_filter *f)
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
    json_object_put(j, "Tags", tm_tags_to_json(&f->tags));
    return j;
}

/* Returns the JSON form of session 's' (a TrafficMirrorSession). */
struct json *
tm_session_to_json(const struct tmrec_mirror_session *s)
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
    if (s->n_copy_budget_packets) {
        json_object_put(j, "CopyBudgetPackets",
                        json_integer_create(s->copy_budget_packets[0]));
    }
    if (s->n_copy_budget_bytes) {
        json_object_put(j, "CopyBudgetBytes",
                        json_integer_create(s->copy_budget_bytes[0]));
    }
    json_object_put(j, "VirtualNetworkId",
                    json_integer_create(s->virtual_network_id));
    if (s->description) {
        json_object_put_string(j, "Description", s->description);
    }
    json_object_put(j, "Tags", tm_tags_to_json(&s->tags));
    return j;
}

/* Returns a response object with a single member 'name' = 'value'. */
struct json *
tm_response_1(const char *name, struct json *value)
{
    struct json *j = json_object_create();
    json_object_put(j, name, value);
    return j;
}
