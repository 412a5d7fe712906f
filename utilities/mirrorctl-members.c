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

#include "utilities/mirrorctl-members.h"

#include <stdlib.h>
#include <string.h>

#include "openvswitch/json.h"
#include "openvswitch/shash.h"
#include "util.h"

/* The AWS CLI prints JSON answers with the members of each object in the
 * order of the EC2 API model's shape for it (botocore parses the XML
 * answer into dictionaries in that order), not in key order.  mirrorctl's
 * JSON objects keep no order, so each object's shape is recognised by
 * its keys, and its members printed in the shape's order.  Objects of no
 * known shape (such as what a --query multi-select hash builds, which the
 * AWS CLI prints in the expression's order) print in key order. */

/* The member names of the shapes, in the model's order. */
static const char *const filter[] = {
    "TrafficMirrorFilterId", "IngressFilterRules", "EgressFilterRules",
    "NetworkServices", "Description", "Tags", NULL,
};
static const char *const rule[] = {
    "TrafficMirrorFilterRuleId", "TrafficMirrorFilterId",
    "TrafficDirection", "RuleNumber", "RuleAction", "Protocol",
    "DestinationPortRange", "SourcePortRange", "DestinationCidrBlock",
    "SourceCidrBlock", "Description", "Tags", NULL,
};
static const char *const session[] = {
    "TrafficMirrorSessionId", "TrafficMirrorTargetId",
    "TrafficMirrorFilterId", "NetworkInterfaceId", "OwnerId",
    "PacketLength", "SessionNumber", "VirtualNetworkId", "Description",
    "Tags", NULL,
};
static const char *const target[] = {
    "TrafficMirrorTargetId", "NetworkInterfaceId", "NetworkLoadBalancerArn",
    "Type", "Description", "OwnerId", "Tags",
    "GatewayLoadBalancerEndpointId", NULL,
};
static const char *const port_range[] = { "FromPort", "ToPort", NULL };

/* The answers of the actions (Create...Result: the object, then
 * ClientToken; Describe...Result: the list, then NextToken;
 * DescribeTagsResult: NextToken, then Tags). */
static const char *const result[] = {
    "TrafficMirrorFilter", "TrafficMirrorFilterRule",
    "TrafficMirrorSession", "TrafficMirrorTarget", "TrafficMirrorFilters",
    "TrafficMirrorFilterRules", "TrafficMirrorSessions",
    "TrafficMirrorTargets", "NextToken", "Tags", "ClientToken", NULL,
};

/* Returns true if 'object' has a member named one of 'names' (NULL
 * terminated). */
static bool
has_any(const struct json *object, const char *const names[])
{
    for (size_t i = 0; names[i]; i++) {
        if (shash_find(json_object(object), names[i])) {
            return true;
        }
    }
    return false;
}

/* Returns the member order of the shape that 'object' has, judging by its
 * keys, or NULL if it has none of those shapes. */
static const char *const *
find_shape(const struct json *object)
{
    static const char *const rule_keys[] = {
        "TrafficMirrorFilterRuleId", "RuleNumber", "TrafficDirection", NULL,
    };
    static const char *const session_keys[] = {
        "TrafficMirrorSessionId", "SessionNumber", NULL,
    };
    static const char *const filter_keys[] = {
        "IngressFilterRules", "EgressFilterRules", "NetworkServices", NULL,
    };
    static const char *const target_keys[] = {
        "Type", "NetworkLoadBalancerArn", "GatewayLoadBalancerEndpointId",
        "NetworkInterfaceId", NULL,
    };

    if (has_any(object, rule_keys)) {
        return rule;
    } else if (has_any(object, session_keys)) {
        return session;
    } else if (has_any(object, port_range)) {
        return port_range;
    } else if (has_any(object, filter_keys)) {
        return filter;
    } else if (shash_find(json_object(object), "TrafficMirrorTargetId")
               && has_any(object, target_keys)) {
        return target;
    } else if (has_any(object, result)) {
        return result;
    }
    return NULL;
}

/* Returns the position of 'name' in 'order' (NULL terminated), or the
 * number of names in 'order' if it is not there. */
static size_t
rank(const char *const order[], const char *name)
{
    size_t i;

    for (i = 0; order[i]; i++) {
        if (!strcmp(order[i], name)) {
            break;
        }
    }
    return i;
}

/* The shape order that compare_members() uses (qsort() has no context
 * argument). */
static const char *const *sort_order;

/* qsort() comparator: by rank in 'sort_order', then by name. */
static int
compare_members(const void *a_, const void *b_)
{
    const struct shash_node *a = *(const struct shash_node *const *) a_;
    const struct shash_node *b = *(const struct shash_node *const *) b_;
    size_t ra = rank(sort_order, a->name);
    size_t rb = rank(sort_order, b->name);

    return ra != rb ? (ra < rb ? -1 : 1) : strcmp(a->name, b->name);
}

/* Returns the members of JSON object 'object' in the order in which the
 * AWS CLI prints them, as an array the caller must free(). */
const struct shash_node **
mirrorctl_members_sort(const struct json *object)
{
    const struct shash_node **nodes = shash_sort(json_object(object));

    sort_order = find_shape(object);
    if (sort_order) {
        qsort(nodes, shash_count(json_object(object)), sizeof *nodes,
              compare_members);
    }
    return nodes;
}
