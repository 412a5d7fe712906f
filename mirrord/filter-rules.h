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

#ifndef MIRRORD_FILTER_RULES_H
#define MIRRORD_FILTER_RULES_H 1

/* Translation of a Traffic_Mirror filter into the rules of an Open vSwitch
 * Mirror (Mirror_Rule rows), including the traffic that AWS never mirrors.
 */

#include <stddef.h>
#include <stdint.h>

/* The Mirror_Rule number of the AWS rule numbered N: the platform's own
 * rules come first (1-99). */
#define MIRRORD_RULE_NUMBER(N) (1000 + (N))

struct tmrec_global;
struct tmrec_mirror_filter;

/* One Mirror_Rule of the Open_vSwitch database, to be. */
struct mirrord_rule {
    int64_t number;             /* Evaluation order within 'direction'. */
    const char *direction;      /* "egress" or "ingress". */
    const char *action;         /* "accept" or "reject". */
    char *match;                /* ovs-ofctl style match. */
};

/* The rules of one mirror. */
struct mirrord_rules {
    struct mirrord_rule *rules;
    size_t n, allocated;
};

void mirrord_rules_init(struct mirrord_rules *);
void mirrord_rules_destroy(struct mirrord_rules *);
char *mirrord_rules_from_filter(const struct tmrec_mirror_filter *,
                                const struct tmrec_global *,
                                struct mirrord_rules *);

#endif /* mirrord/filter-rules.h */
