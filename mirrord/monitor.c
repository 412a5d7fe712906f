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

#include "mirrord/monitor.h"

#include <string.h>

#include "openvswitch/dynamic-string.h"
#include "ovsdb-data.h"
#include "ovsdb-idl-provider.h"
#include "ovsdb-idl.h"
#include "ovsdb-schema/traffic-mirror-idl.h"
#include "smap.h"
#include "sset.h"
#include "util.h"
#include "uuid.h"
#include "vswitch-idl.h"

/* The "_uuid" column, which every table has but the IDL does not describe,
 * for conditions on row UUIDs. */
static const struct ovsdb_idl_column uuid_column = {
    .name = "_uuid",
    .type = OVSDB_TYPE_SCALAR_INITIALIZER(OVSDB_BASE_UUID_INIT),
};

/* The conditions for the tables that mirrord follows by reference. */
struct monitor_conds {
    struct ovsdb_idl_condition ni;          /* Network_Interface. */
    struct ovsdb_idl_condition session;     /* Mirror_Session. */
    struct ovsdb_idl_condition target;      /* Mirror_Target. */
    struct ovsdb_idl_condition filter;      /* Mirror_Filter. */
    struct ovsdb_idl_condition rule;        /* Mirror_Filter_Rule. */
    struct ovsdb_idl_condition lb;          /* Load_Balancer. */
};

/* Adds to 'cond' a clause that selects the rows whose UUIDs are the values
 * of 'datum' (a set of UUIDs). */
static void
add_uuid_clauses(struct ovsdb_idl_condition *cond,
                 const struct ovsdb_datum *datum)
{
    for (size_t i = 0; i < datum->n; i++) {
        struct ovsdb_datum arg;

        ovsdb_datum_init_empty(&arg);
        ovsdb_datum_add_unsafe(&arg, &datum->keys[i], NULL,
                               &uuid_column.type, NULL);
        ovsdb_idl_condition_add_clause(cond, OVSDB_F_EQ, &uuid_column,
                                       &arg);
        ovsdb_datum_destroy(&arg, &uuid_column.type);
    }
}

/* Adds to 'cond' a clause on "_uuid" that no row matches.
 *
 * ovsdb-server 3.1 adds a column that a condition names to the monitor the
 * first time the condition names it, even if the monitor already has
 * changes queued whose rows lack the column; evaluating the condition
 * against them then reads past their end (seen as a crash of a clustered
 * server in ovsdb_condition_match_any_clause_optimized() when mirrord's
 * conditions grew).  Every other column that mirrord's conditions name is
 * monitored anyway, so naming "_uuid" in every condition, from the first
 * request on, keeps the set of columns fixed. */
static void
add_sentinel_clause(struct ovsdb_idl_condition *cond)
{
    union ovsdb_atom atom;
    struct ovsdb_datum arg = { .n = 1, .keys = &atom };

    uuid_zero(&atom.uuid);

    ovsdb_idl_condition_add_clause(cond, OVSDB_F_EQ, &uuid_column, &arg);
}

/* Sets every table's condition in 'tm_idl' to what mirrord needs before it
 * knows anything: the Global row and nothing else.  Call before the IDL
 * connects, so that the first reply is small too. */
void
mirrord_monitor_init(struct ovsdb_idl *tm_idl)
{
    struct ovsdb_idl_condition none = OVSDB_IDL_CONDITION_INIT(&none);

    add_sentinel_clause(&none);
    for (size_t i = 0; i < TMREC_N_TABLES; i++) {
        if (&tmrec_table_classes[i] != &tmrec_table_global) {
            ovsdb_idl_set_condition(tm_idl, &tmrec_table_classes[i], &none);
        }
    }
    ovsdb_idl_condition_destroy(&none);
}

/* Adds to 'conds' what session 's' refers to. */
static void
follow_session(const struct tmrec_mirror_session *s,
               struct monitor_conds *conds)
{
    const struct tmrec_mirror_target *t = s->target;
    const struct tmrec_mirror_filter *f = s->filter;

    add_uuid_clauses(&conds->target, tmrec_mirror_session_get_target(
                                         s, OVSDB_TYPE_UUID));
    add_uuid_clauses(&conds->filter, tmrec_mirror_session_get_filter(
                                         s, OVSDB_TYPE_UUID));
    if (t) {
        add_uuid_clauses(&conds->ni, tmrec_mirror_target_get_network_interface(
                                         t, OVSDB_TYPE_UUID));
        add_uuid_clauses(&conds->lb, tmrec_mirror_target_get_load_balancer(
                                         t, OVSDB_TYPE_UUID));
    }
    if (f) {
        add_uuid_clauses(&conds->rule, tmrec_mirror_filter_get_ingress_rules(
                                           f, OVSDB_TYPE_UUID));
        add_uuid_clauses(&conds->rule, tmrec_mirror_filter_get_egress_rules(
                                           f, OVSDB_TYPE_UUID));
    }
}

/* Computes from what 'tm_idl' holds, the interfaces of the local
 * Open_vSwitch database 'ovs_idl' and this hypervisor's name 'hypervisor'
 * the rows that mirrord needs, and asks for them.  Returns true if 'tm_idl'
 * holds exactly those rows (every condition is acknowledged by the server
 * and following references found nothing new); until then, mirrord must
 * not act on what it does not see, since a row could be merely missing. */
bool
mirrord_monitor_update(struct ovsdb_idl *tm_idl,
                       const struct ovsdb_idl *ovs_idl,
                       const char *hypervisor)
{
    struct ovsdb_idl_condition hv = OVSDB_IDL_CONDITION_INIT(&hv);
    struct monitor_conds conds = {
        .ni = OVSDB_IDL_CONDITION_INIT(&conds.ni),
        .session = OVSDB_IDL_CONDITION_INIT(&conds.session),
        .target = OVSDB_IDL_CONDITION_INIT(&conds.target),
        .filter = OVSDB_IDL_CONDITION_INIT(&conds.filter),
        .rule = OVSDB_IDL_CONDITION_INIT(&conds.rule),
        .lb = OVSDB_IDL_CONDITION_INIT(&conds.lb),
    };
    const struct tmrec_network_interface *ni;
    const struct ovsrec_interface *iface;
    struct sset local_ids = SSET_INITIALIZER(&local_ids);
    unsigned int expected = 0;

    tmrec_hypervisor_add_clause_name(&hv, OVSDB_F_EQ, hypervisor);

    /* The interfaces this hypervisor published, and those plugged in here
     * (perhaps published by another hypervisor before they moved). */
    tmrec_network_interface_add_clause_hypervisor(&conds.ni, OVSDB_F_EQ,
                                                  hypervisor);
    OVSREC_INTERFACE_FOR_EACH (iface, ovs_idl) {
        const char *id = smap_get(&iface->external_ids, "iface-id");

        if (id) {
            tmrec_network_interface_add_clause_interface_id(
                &conds.ni, OVSDB_F_EQ, id);
            sset_add(&local_ids, id);
        }
    }

    /* Their sessions: those that name them, and those they list. */
    TMREC_NETWORK_INTERFACE_FOR_EACH (ni, tm_idl) {
        if (ni->hypervisor && strcmp(ni->hypervisor, hypervisor)
            && sset_contains(&local_ids, ni->interface_id)) {
            /* Plugged in here, held by another hypervisor: whether that
             * one is alive decides who has it (see liveness.h). */
            tmrec_hypervisor_add_clause_name(&hv, OVSDB_F_EQ,
                                             ni->hypervisor);
        }
        if ((ni->hypervisor && !strcmp(ni->hypervisor, hypervisor))
            || sset_contains(&local_ids, ni->interface_id)) {
            tmrec_mirror_session_add_clause_network_interface(
                &conds.session, OVSDB_F_EQ, &ni->header_.uuid);
            add_uuid_clauses(&conds.session,
                             tmrec_network_interface_get_sessions(
                                 ni, OVSDB_TYPE_UUID));
        }
    }
    const struct tmrec_mirror_session *s;
    TMREC_MIRROR_SESSION_FOR_EACH (s, tm_idl) {
        follow_session(s, &conds);
    }

    struct {
        const struct ovsdb_idl_table_class *table;
        struct ovsdb_idl_condition *cond;
    } tables[] = {
        { &tmrec_table_hypervisor, &hv },
        { &tmrec_table_network_interface, &conds.ni },
        { &tmrec_table_mirror_session, &conds.session },
        { &tmrec_table_mirror_target, &conds.target },
        { &tmrec_table_mirror_filter, &conds.filter },
        { &tmrec_table_mirror_filter_rule, &conds.rule },
        { &tmrec_table_load_balancer, &conds.lb },
    };
    for (size_t i = 0; i < ARRAY_SIZE(tables); i++) {
        add_sentinel_clause(tables[i].cond);
        expected = MAX(expected, ovsdb_idl_set_condition(
                                     tm_idl, tables[i].table,
                                     tables[i].cond));
    }

    sset_destroy(&local_ids);
    ovsdb_idl_condition_destroy(&hv);
    ovsdb_idl_condition_destroy(&conds.ni);
    ovsdb_idl_condition_destroy(&conds.session);
    ovsdb_idl_condition_destroy(&conds.target);
    ovsdb_idl_condition_destroy(&conds.filter);
    ovsdb_idl_condition_destroy(&conds.rule);
    ovsdb_idl_condition_destroy(&conds.lb);
    return ovsdb_idl_get_condition_seqno(tm_idl) == expected;
}

/* Appends to 'out' how many rows of each table 'tm_idl' holds, for
 * "mirrord/status". */
void
mirrord_monitor_report(const struct ovsdb_idl *tm_idl, struct ds *out)
{
    ds_put_cstr(out, "Traffic_Mirror rows in view:");
    for (size_t i = 0; i < TMREC_N_TABLES; i++) {
        const struct ovsdb_idl_table_class *tc = &tmrec_table_classes[i];
        const struct ovsdb_idl_row *row;
        size_t n = 0;

        for (row = ovsdb_idl_first_row(tm_idl, tc); row;
             row = ovsdb_idl_next_row(row)) {
            n++;
        }
        ds_put_format(out, " %s %"PRIuSIZE, tc->name, n);
    }
    ds_put_char(out, '\n');
}
