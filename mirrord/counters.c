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

#include "mirrord/counters.h"

#include <string.h>

#include "ovsdb-schema/traffic-mirror-idl.h"
#include "util.h"
#include "vswitch-idl.h"

/* Returns the statistic 'key' of Mirror_Rule 'r', or 0. */
static int64_t
rule_statistic(const struct ovsrec_mirror_rule *r, const char *key)
{
    for (size_t i = 0; i < r->n_statistics; i++) {
        if (!strcmp(r->key_statistics[i], key)) {
            return r->value_statistics[i];
        }
    }
    return 0;
}

/* Returns true if session 's''s counter 'key' is 'value' (an absent
 * counter is 0). */
static bool
counter_is(const struct tmrec_mirror_session *s, const char *key,
           int64_t value)
{
    for (size_t i = 0; i < s->n_counters; i++) {
        if (!strcmp(s->key_counters[i], key)) {
            return s->value_counters[i] == value;
        }
    }
    return value == 0;
}

/* Writes to session 's', within the current Traffic_Mirror transaction,
 * the packets and bytes that its mirror 'm' copied in each direction,
 * if they changed.  "in" is what the source interface receives (the
 * ingress rules), "out" what it sends (egress).  Bytes are counted as the
 * packets arrived, before truncation to the packet length. */
void
mirrord_write_counters(const struct tmrec_mirror_session *s,
                       const struct ovsrec_mirror *m)
{
    const char *keys[] = { "packets_in", "packets_out",
                           "bytes_in", "bytes_out" };
    int64_t values[4] = { 0, 0, 0, 0 };
    bool same = true;

    if (!m) {
        return;
    }
    for (size_t i = 0; i < m->n_filter_rules; i++) {
        const struct ovsrec_mirror_rule *r = m->filter_rules[i];
        int out = !strcmp(r->direction, "egress");

        if (!strcmp(r->action, "accept")) {
            values[out] += rule_statistic(r, "n_packets");
            values[2 + out] += rule_statistic(r, "n_bytes");
        }
    }
    for (size_t i = 0; i < ARRAY_SIZE(keys); i++) {
        same = same && counter_is(s, keys[i], values[i]);
    }
    if (!same) {
        tmrec_mirror_session_set_counters(s, keys, values, ARRAY_SIZE(keys));
    }
}
