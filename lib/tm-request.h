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

#ifndef TM_REQUEST_H
#define TM_REQUEST_H 1

/* A request: one of the Traffic Mirroring actions and its parameters, as
 * the API front end and mirrorctl parse them from their own syntax (each
 * driven by the parameter table in lib/tm-params.h) and as the actions of
 * libtrafficmirror take them. */

#include <stdbool.h>
#include <stdint.h>

#include "lib/tm-check.h"
#include "smap.h"
#include "sset.h"
#include "svec.h"

/* The 15 Traffic Mirroring actions and the 3 tag actions. */
enum tm_action {
    TM_CREATE_TARGET,
    TM_DELETE_TARGET,
    TM_DESCRIBE_TARGETS,
    TM_CREATE_FILTER,
    TM_DELETE_FILTER,
    TM_DESCRIBE_FILTERS,
    TM_MODIFY_FILTER_NETWORK_SERVICES,
    TM_CREATE_FILTER_RULE,
    TM_MODIFY_FILTER_RULE,
    TM_DELETE_FILTER_RULE,
    TM_DESCRIBE_FILTER_RULES,
    TM_CREATE_SESSION,
    TM_MODIFY_SESSION,
    TM_DELETE_SESSION,
    TM_DESCRIBE_SESSIONS,
    TM_CREATE_TAGS,
    TM_DELETE_TAGS,
    TM_DESCRIBE_TAGS,
    TM_N_ACTIONS
};

/* One entry of a Describe action's Filters parameter. */
struct tm_filter {
    char *name;                 /* Name, e.g. "network-interface-id". */
    struct svec values;         /* Values: a resource matches any of them. */
};

/* The parameters of a request, for every action.  A string member is NULL
 * and a "has_" flag false when the request did not give the parameter. */
struct tm_request {
    /* Common parameters. */
    bool dry_run;               /* DryRun. */
    char *client_token;         /* ClientToken. */
    char *tag_resource_type;    /* TagSpecifications ResourceType. */
    struct smap tags;           /* TagSpecifications Tags, or Tag.N. */
    bool has_duplicate_tag_key; /* A tag key given twice (refused)... */
    char duplicate_tag_key[129];        /* ...this one (truncated). */
    char *description;          /* Description. */

    /* Identifiers. */
    char *network_interface_id;
    char *network_load_balancer_arn;
    char *gateway_load_balancer_endpoint_id;
    char *traffic_mirror_target_id;
    char *traffic_mirror_filter_id;
    char *traffic_mirror_filter_rule_id;
    char *traffic_mirror_session_id;

    /* Sessions. */
    bool has_session_number;
    int64_t session_number;
    bool has_packet_length;
    int64_t packet_length;
    bool has_virtual_network_id;
    int64_t virtual_network_id;
    bool has_copy_budget_packets;
    int64_t copy_budget_packets;
    bool has_copy_budget_bytes;
    int64_t copy_budget_bytes;

    /* Filter rules. */
    char *traffic_direction;
    bool has_rule_number;
    int64_t rule_number;
    char *rule_action;
    bool has_protocol;
    int64_t protocol;
    char *source_cidr_block;
    char *destination_cidr_block;
    struct tm_port_range source_port_range;
    struct tm_port_range destination_port_range;

    /* Modify actions. */
    struct sset remove_fields;            /* RemoveFields. */
    struct sset add_network_services;     /* AddNetworkServices. */
    struct sset remove_network_services;  /* RemoveNetworkServices. */

    /* Tag actions. */
    struct svec resource_ids;   /* ResourceId.N (CreateTags, DeleteTags). */
    /* Tag.N: 'tags' holds the tags with a value; 'tag_keys' the keys given
     * without one (CreateTags gives them an empty value, DeleteTags removes
     * them whatever their value). */
    struct sset tag_keys;

    /* Describe actions. */
    struct svec ids;            /* TrafficMirror...Ids. */
    struct tm_filter *filters;  /* Filters. */
    size_t n_filters;
    bool has_max_results;
    int64_t max_results;        /* MaxResults. */
    char *next_token;           /* NextToken. */
};

void tm_request_init(struct tm_request *);
void tm_request_destroy(struct tm_request *);
void tm_request_add_tag(struct tm_request *, const char *key,
                        const char *value);
void tm_request_add_filter(struct tm_request *, const char *name,
                           const struct svec *values);

#endif /* lib/tm-request.h */
