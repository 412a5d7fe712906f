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

#include "mirrord/filter-rules.h"
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

/* Returns the statistic 'key' of Mirror 'm', or 0. */
static int64_t
mirror_statistic(const struct ovsrec_mirror *m, const char *key)
{
    for (size_t i = 0; i < m->n_statistics; i++) {
        if (!strcmp(m->key_statistics[i], key)) {
            return m->value_statistics[i];
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
 * ingress rules), "out" what it sends (egress).  Those bytes are counted
 * as the packets arrived, before truncation to the packet length.  Then
 * the copies that a copy budget skipped, per direction, and the copies
 * that left, with their bytes after the cut, as the mirror's datapath
 * meters counted them (Mirror statistics skipped_ingress_* are the
 * interface's "in", skipped_egress_* its "out"). */
void
mirrord_write_counters(const struct tmrec_mirror_session *s,
                       const struct ovsrec_mirror *m)
{
    const char *keys[] = { "packets_in", "packets_out",
                           "bytes_in", "bytes_out",
                           "skipped_packets_in", "skipped_packets_out",
                           "skipped_bytes_in", "skipped_bytes_out",
                           "copied_packets", "copied_bytes" };
    static const char *const meter_keys[] = {
        "skipped_ingress_packets", "skipped_egress_packets",
        "skipped_ingress_bytes", "skipped_egress_bytes",
        "sent_packets", "sent_bytes",
    };
    int64_t values[ARRAY_SIZE(keys)] = { 0 };
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
    for (size_t i = 0; i < ARRAY_SIZE(meter_keys); i++) {
        values[4 + i] = mirror_statistic(m, meter_keys[i]);
    }
    for (size_t i = 0; i < ARRAY_SIZE(keys); i++) {
        same = same && counter_is(s, keys[i], values[i]);
    }
    if (!same) {
        tmrec_mirror_session_set_counters(s, keys, values, ARRAY_SIZE(keys));
    }
}

/* A Traffic_Mirror filter rule and the packets it decided here. */
struct rule_hits {
    const struct tmrec_mirror_filter_rule *rule;
    int64_t n_packets;
};

/* Initializes 'hits' as empty. */
void
mirrord_hits_init(struct mirrord_hits *hits)
{
    shash_init(&hits->rules);
}

/* Adds to 'hits' the packets that each rule of session 's''s filter
 * decided in mirror 'm' (which may be NULL: the rules then count 0), which
 * mirrord built from it (see mirrord_rules_from_filter() for how numbers
 * map). */
void
mirrord_hits_add(struct mirrord_hits *hits,
                 const struct tmrec_mirror_session *s,
                 const struct ovsrec_mirror *m)
{
    const struct tmrec_mirror_filter *f = s->filter;

    for (int d = 0; d < 2; d++) {
        struct tmrec_mirror_filter_rule **list = (d ? f->ingress_rules
                                                  : f->egress_rules);
        size_t n = d ? f->n_ingress_rules : f->n_egress_rules;
        const char *dir = d ? "ingress" : "egress";

        for (size_t i = 0; i < n; i++) {
            struct rule_hits *rh = shash_find_data(&hits->rules,
                                                   list[i]->rule_id);

            if (!rh) {
                rh = xzalloc(sizeof *rh);
                rh->rule = list[i];
                shash_add(&hits->rules, list[i]->rule_id, rh);
            }
            for (size_t j = 0; m && j < m->n_filter_rules; j++) {
                const struct ovsrec_mirror_rule *r = m->filter_rules[j];

                if (r->number == MIRRORD_RULE_NUMBER(list[i]->rule_number)
                    && !strcmp(r->direction, dir)) {
                    rh->n_packets += rule_statistic(r, "n_packets");
                }
            }
        }
    }
}

/* Writes, within the current Traffic_Mirror transaction, for each rule in
 * 'hits', the count of 'hypervisor' into its "hits" column, when it
 * changed. */
void
mirrord_hits_write(const struct mirrord_hits *hits, const char *hypervisor)
{
    struct shash_node *node;

    SHASH_FOR_EACH (node, &hits->rules) {
        const struct rule_hits *rh = node->data;
        const struct tmrec_mirror_filter_rule *r = rh->rule;
        bool same = false;

        for (size_t i = 0; i < r->n_hits; i++) {
            if (!strcmp(r->key_hits[i], hypervisor)) {
                same = r->value_hits[i] == rh->n_packets;
            }
        }
        if (!same) {
            tmrec_mirror_filter_rule_update_hits_setkey(r, hypervisor,
                                                        rh->n_packets);
        }
    }
}

/* Frees 'hits'. */
void
mirrord_hits_destroy(struct mirrord_hits *hits)
{
    shash_destroy_free_data(&hits->rules);
}
