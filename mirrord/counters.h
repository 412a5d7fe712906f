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

#ifndef MIRRORD_COUNTERS_H
#define MIRRORD_COUNTERS_H 1

/* What the patched OVS counted, copied into the Traffic_Mirror database.
 *
 * From the Mirror_Rule statistics of the mirrors that mirrord built
 * (ovs-patches 0018) come:
 *
 *   - a session's counters (Mirror_Session "counters"): a packet that one
 *     of its mirror's accept rules decided is a packet the session copied,
 *     in that rule's direction;
 *
 *   - a filter rule's hits (Mirror_Filter_Rule "hits", one count per
 *     hypervisor): the packets that the rule decided, accept or reject, in
 *     all the mirrors of this hypervisor built from its filter. */

#include "openvswitch/shash.h"

struct ovsrec_mirror;
struct tmrec_mirror_session;

void mirrord_write_counters(const struct tmrec_mirror_session *,
                            const struct ovsrec_mirror *);

/* The hits of the filter rules used on this hypervisor, gathered over one
 * recompute. */
struct mirrord_hits {
    struct shash rules;         /* Rule id -> private "struct rule_hits". */
};

void mirrord_hits_init(struct mirrord_hits *);
void mirrord_hits_add(struct mirrord_hits *,
                      const struct tmrec_mirror_session *,
                      const struct ovsrec_mirror *);
void mirrord_hits_write(const struct mirrord_hits *, const char *hypervisor);
void mirrord_hits_destroy(struct mirrord_hits *);

#endif /* mirrord/counters.h */
