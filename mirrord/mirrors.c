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

#include "mirrord/mirrors.h"

#include <string.h>

#include "mirrord/budget.h"
#include "mirrord/counters.h"
#include "mirrord/delivery.h"
#include "mirrord/filter-rules.h"
#include "mirrord/interfaces.h"
#include "mirrord/pipeline.h"
#include "mirrord/session-check.h"
#include "mirrord/vxlan-ports.h"
#include "openvswitch/dynamic-string.h"
#include "openvswitch/shash.h"
#include "openvswitch/vlog.h"
#include "ovsdb-idl.h"
#include "ovsdb-schema/traffic-mirror-idl.h"
#include "packets.h"
#include "smap.h"
#include "sset.h"
#include "util.h"
#include "vswitch-idl.h"

VLOG_DEFINE_THIS_MODULE(mirrord_mirrors);

/* Returns true if the Mirror_Rules of 'm' are exactly 'rules'. */
static bool
mirror_rules_equal(const struct ovsrec_mirror *m,
                   const struct mirrord_rules *rules)
{
    struct sset have = SSET_INITIALIZER(&have);
    struct sset want = SSET_INITIALIZER(&want);
    bool equal;

    for (size_t i = 0; i < m->n_filter_rules; i++) {
        const struct ovsrec_mirror_rule *r = m->filter_rules[i];
        sset_add_and_free(&have, xasprintf("%"PRId64" %s %s %s", r->number,
                                           r->direction, r->action,
                                           r->match));
    }
    for (size_t i = 0; i < rules->n; i++) {
        const struct mirrord_rule *r = &rules->rules[i];
        sset_add_and_free(&want, xasprintf("%"PRId64" %s %s %s", r->number,
                                           r->direction, r->action,
                                           r->match));
    }
    equal = sset_equals(&have, &want);
    sset_destroy(&have);
    sset_destroy(&want);
    return equal;
}

/* Replaces the rules of mirror 'm' by new rows for 'rules'.  The old rows,
 * no longer referenced, are garbage collected by ovsdb-server. */
static void
mirror_set_rules(const struct mirrord_ctx *ctx, const struct ovsrec_mirror *m,
                 const struct mirrord_rules *rules)
{
    struct ovsrec_mirror_rule **rows = xmalloc(rules->n * sizeof *rows);

    for (size_t i = 0; i < rules->n; i++) {
        const struct mirrord_rule *r = &rules->rules[i];

        rows[i] = ovsrec_mirror_rule_insert(ctx->ovs_txn);
        ovsrec_mirror_rule_set_number(rows[i], r->number);
        ovsrec_mirror_rule_set_direction(rows[i], r->direction);
        ovsrec_mirror_rule_set_action(rows[i], r->action);
        ovsrec_mirror_rule_set_match(rows[i], r->match);
    }
    ovsrec_mirror_set_filter_rules(m, rows, rules->n);
    free(rows);
}

/* Returns true if optional integer column value 'have' ('n_have' values)
 * is 'want', where 'want' < 0 means "no value". */
static bool
optional_int_is(const int64_t *have, size_t n_have, int64_t want)
{
    return want < 0 ? !n_have : n_have == 1 && have[0] == want;
}

/* Returns the Mirror "snaplen" for session 's', or -1 for none (whole
 * packets).  It is the session's packet length, except that a packet
 * length of 1 to 13 becomes 14: a copy always keeps its inner Ethernet
 * header, and Open vSwitch, like stock's schema, takes no snaplen below
 * that.  This is the one place where that happens. */
static int64_t
session_snaplen(const struct tmrec_mirror_session *s)
{
    return s->packet_length ? MAX(*s->packet_length, ETH_HEADER_LEN) : -1;
}

/* Makes Mirror 'm' select 'vif''s port in both directions if mirrord owns
 * the pipeline of its bridge ('owner'), or no port at all if a controller
 * does: that mirror then copies only through the controller's
 * mirror(name=...) actions.  The choice rests on the bridge's
 * external_ids, which the transaction verifies when it changes the
 * selection. */
static void
apply_selection(const struct ovsrec_mirror *m, const struct mirrord_vif *vif,
                enum mirrord_pipeline owner)
{
    struct ovsrec_port *port = CONST_CAST(struct ovsrec_port *, vif->port);
    size_t n = owner == MIRRORD_PIPELINE_MIRRORD ? 1 : 0;
    bool src_ok = (m->n_select_src_port == n
                   && (!n || m->select_src_port[0] == vif->port));
    bool dst_ok = (m->n_select_dst_port == n
                   && (!n || m->select_dst_port[0] == vif->port));

    if (!src_ok || !dst_ok) {
        ovsrec_bridge_verify_external_ids(vif->br);
    }
    if (!src_ok) {
        ovsrec_mirror_set_select_src_port(m, &port, n);
    }
    if (!dst_ok) {
        ovsrec_mirror_set_select_dst_port(m, &port, n);
    }
}

/* Makes Mirror 'm' (created if NULL, on 'vif's bridge) copy what session
 * 's' asks for: the traffic of 'vif' accepted by 'rules', to 'collector',
 * through the VXLAN port of the bridge (see mirrord_vxlan_port_get() for
 * 'vxlan_ports'), selected as the bridge's pipeline 'owner' asks (see
 * apply_selection()).  Copies of what the port sends are taken at the
 * verdict point: only packets that the pipeline forwards are copied, as on
 * AWS, where what a security group drops is not mirrored.  Writes only
 * what differs.  Returns the mirror. */
static const struct ovsrec_mirror *
apply_session(const struct mirrord_ctx *ctx, const struct ovsrec_mirror *m,
              const struct tmrec_mirror_session *s,
              const struct mirrord_vif *vif, enum mirrord_pipeline owner,
              const struct smap *tunnel, const struct mirrord_rules *rules,
              struct shash *vxlan_ports)
{
    const struct ovsrec_port *out = mirrord_vxlan_port_get(ctx, vif->br,
                                                           vxlan_ports);
    int64_t snaplen = session_snaplen(s);
    bool filtered = true;

    if (!m) {
        struct smap owner = SMAP_INITIALIZER(&owner);
        char *name = xasprintf("tm-%s", s->session_id);

        smap_add(&owner, MIRRORD_OWNER_SESSION_KEY, s->session_id);
        m = ovsrec_mirror_insert(ctx->ovs_txn);
        ovsrec_mirror_set_name(m, name);
        ovsrec_mirror_set_external_ids(m, &owner);
        ovsrec_bridge_update_mirrors_addvalue(vif->br, m);
        VLOG_INFO("session %s: mirroring %s on bridge %s", s->session_id,
                  vif->port->name, vif->br->name);
        smap_destroy(&owner);
        free(name);
    }

    apply_selection(m, vif, owner);
    if (!nullable_string_is_equal(m->copy_point, "verdict")) {
        ovsrec_mirror_set_copy_point(m, "verdict");
    }
    if (m->output_port != out) {
        ovsrec_mirror_set_output_port(m, out);
    }
    if (!optional_int_is(m->priority, m->n_priority, s->session_number)) {
        ovsrec_mirror_set_priority(m, &s->session_number, 1);
    }
    if (!optional_int_is(m->snaplen, m->n_snaplen, snaplen)) {
        ovsrec_mirror_set_snaplen(m, &snaplen, snaplen >= 0);
    }
    if (!m->n_filtered || !m->filtered[0]) {
        ovsrec_mirror_set_filtered(m, &filtered, 1);
    }
    if (!smap_equal(tunnel, &m->output_tunnel)) {
        ovsrec_mirror_set_output_tunnel(m, tunnel);
    }
    if (!mirror_rules_equal(m, rules)) {
        mirror_set_rules(ctx, m, rules);
    }
    mirrord_budget_apply_session(ctx, m, s);
    return m;
}

/* Computes into 'tunnel' how session 's' of local interface 'vif' sends its
 * copies, given the local interfaces 'vifs' (see mirrord_delivery()).
 * Returns NULL, or a malloc()'d reason it cannot. */
static char *
session_delivery(const struct tmrec_mirror_session *s,
                 const struct mirrord_vif *vif, const struct shash *vifs,
                 struct smap *tunnel)
{
    const struct mirrord_vif *target_vif = NULL;
    struct mirrord_endpoint source = { vif->br, vif->iface };
    struct mirrord_endpoint target = { NULL, NULL };

    if (s->target && s->target->network_interface) {
        target_vif = shash_find_data(
            vifs, s->target->network_interface->interface_id);
    }
    if (target_vif) {
        target = (struct mirrord_endpoint) { target_vif->br,
                                             target_vif->iface };
    }
    return mirrord_delivery(s, &source, &target, tunnel);
}

/* Writes 'status' and 'reason' (which may be NULL) to session 's', and this
 * hypervisor's name, if they differ. */
static void
set_session_status(const struct mirrord_ctx *ctx,
                   const struct tmrec_mirror_session *s, const char *status,
                   const char *reason)
{
    if (!ctx->tm_txn) {
        return;
    }
    if (!nullable_string_is_equal(s->status, status)) {
        tmrec_mirror_session_set_status(s, status);
    }
    if (!nullable_string_is_equal(s->status_reason, reason)) {
        tmrec_mirror_session_set_status_reason(s, reason);
    }
    if (!nullable_string_is_equal(s->hypervisor, ctx->hypervisor)) {
        tmrec_mirror_session_set_hypervisor(s, ctx->hypervisor);
    }
}

/* Reports on session 's', whose mirror is 'm' (or NULL) on bridge 'br',
 * whose pipeline 'owner' owns, and counts it in 'summary'.  An active
 * session on a controller's bridge says in its reason that its copies come
 * only from the controller's mirror actions. */
static void
report_session(const struct mirrord_ctx *ctx,
               const struct tmrec_mirror_session *s,
               const struct ovsrec_mirror *m, const struct ovsrec_bridge *br,
               enum mirrord_pipeline owner, struct mirrord_summary *summary)
{
    const char *state = m ? smap_get(&m->status, "state") : NULL;

    if (state && !strcmp(state, "ok")) {
        char *reason = mirrord_pipeline_describe(owner, br, m->name);

        set_session_status(ctx, s, "active", reason);
        summary->n_active++;
        free(reason);
    } else if (state) {
        set_session_status(ctx, s, "error",
                           smap_get_def(&m->status, "error",
                                        "ovs-vswitchd refused the mirror"));
    } else {
        set_session_status(ctx, s, "pending",
                           "waiting for ovs-vswitchd to apply the mirror");
    }
}

/* Deletes mirror 'm' and takes it off the bridge that has it. */
static void
remove_mirror(const struct mirrord_ctx *ctx, const struct ovsrec_mirror *m)
{
    const struct ovsrec_bridge *br;

    OVSREC_BRIDGE_FOR_EACH (br, ctx->ovs_idl) {
        for (size_t i = 0; i < br->n_mirrors; i++) {
            if (br->mirrors[i] == m) {
                ovsrec_bridge_update_mirrors_delvalue(br, m);
                break;
            }
        }
    }
    ovsrec_mirror_delete(m);
}

/* Returns true if 'br' has mirror 'm'. */
static bool
bridge_has_mirror(const struct ovsrec_bridge *br,
                  const struct ovsrec_mirror *m)
{
    for (size_t i = 0; i < br->n_mirrors; i++) {
        if (br->mirrors[i] == m) {
            return true;
        }
    }
    return false;
}

/* Fills 'mirrors' with the Mirror rows that mirrord owns, keyed by session
 * id.  A second row for the same session (left by a crash between two
 * transactions, or written by someone else) is deleted. */
static void
collect_owned_mirrors(const struct mirrord_ctx *ctx, struct shash *mirrors)
{
    const struct ovsrec_mirror *m;

    OVSREC_MIRROR_FOR_EACH (m, ctx->ovs_idl) {
        const char *id = smap_get(&m->external_ids, MIRRORD_OWNER_SESSION_KEY);

        if (id && !shash_add_once(mirrors, id, m) && ctx->ovs_txn) {
            VLOG_INFO("session %s: removing a duplicate mirror", id);
            remove_mirror(ctx, m);
        }
    }
}

/* What apply_sessions() gathers while it goes through the sessions. */
struct apply_state {
    const struct tmrec_global *global;
    const struct shash *vifs;   /* Local interfaces, see mirrord_run(). */
    struct shash mirrors;       /* Owned mirrors not claimed yet. */
    struct shash vxlan_ports;   /* See mirrord_vxlan_port_get(). */
    struct sset bridges;        /* Bridges whose VXLAN port is needed. */
    struct mirrord_hits hits;   /* Rule hits, see counters.h. */
};

/* Applies session 's' of local interface 'vif', found in 'ni''s sessions:
 * programs its mirror if the session is valid, otherwise makes sure it
 * has none (fail closed), and reports its status. */
static void
apply_one_session(const struct mirrord_ctx *ctx, struct apply_state *st,
                  const struct tmrec_network_interface *ni,
                  const struct mirrord_vif *vif,
                  const struct tmrec_mirror_session *s,
                  struct mirrord_summary *summary)
{
    struct smap tunnel = SMAP_INITIALIZER(&tunnel);
    enum mirrord_pipeline owner;
    const struct ovsrec_mirror *m;
    struct mirrord_rules rules;
    char *error;

    summary->n_sessions++;
    m = shash_find_and_delete(&st->mirrors, s->session_id);
    if (m && !bridge_has_mirror(vif->br, m) && ctx->ovs_txn) {
        /* The port moved to another bridge: so does the mirror. */
        remove_mirror(ctx, m);
        m = NULL;
    }

    mirrord_rules_init(&rules);
    error = mirrord_pipeline_get(vif->br, &owner);
    if (error && ctx->tm_txn
        && !nullable_string_is_equal(s->status_reason, error)) {
        /* Logged once, as the session's status changes. */
        VLOG_WARN("session %s: %s: not mirroring", s->session_id, error);
    }
    if (!error) {
        error = mirrord_check_session(st->global, ni, s);
    }
    if (!error) {
        error = session_delivery(s, vif, st->vifs, &tunnel);
    }
    if (!error) {
        error = mirrord_rules_from_filter(s->filter, st->global, &rules);
    }
    if (error) {
        set_session_status(ctx, s, "error", error);
        if (m && ctx->ovs_txn) {
            remove_mirror(ctx, m);
        }
        free(error);
    } else {
        if (ctx->ovs_txn) {
            m = apply_session(ctx, m, s, vif, owner, &tunnel, &rules,
                              &st->vxlan_ports);
        }
        sset_add(&st->bridges, vif->br->name);
        report_session(ctx, s, m, vif->br, owner, summary);
        mirrord_hits_add(&st->hits, s, m);
        if (ctx->tm_txn) {
            mirrord_write_counters(s, m);
        }
    }
    mirrord_rules_destroy(&rules);
    smap_destroy(&tunnel);
}

/* Applies the sessions of the local interfaces 'vifs' to the Open_vSwitch
 * database, removes what mirrord owns there that no session needs any
 * more, and reports the sessions' status. */
static void
apply_sessions(const struct mirrord_ctx *ctx, const struct shash *vifs,
               struct mirrord_summary *summary)
{
    struct apply_state st = {
        .global = tmrec_global_first(ctx->tm_idl),
        .vifs = vifs,
        .mirrors = SHASH_INITIALIZER(&st.mirrors),
        .vxlan_ports = SHASH_INITIALIZER(&st.vxlan_ports),
        .bridges = SSET_INITIALIZER(&st.bridges),
    };
    const struct tmrec_network_interface *ni;

    mirrord_hits_init(&st.hits);
    collect_owned_mirrors(ctx, &st.mirrors);
    TMREC_NETWORK_INTERFACE_FOR_EACH (ni, ctx->tm_idl) {
        /* Only the interfaces published under this hypervisor's name are
         * its own (see mirrord_vifs_publish()), port or no port. */
        bool local = nullable_string_is_equal(ni->hypervisor, ctx->hypervisor);
        const struct mirrord_vif *vif = (local
                                       ? shash_find_data(vifs,
                                                         ni->interface_id)
                                       : NULL);

        for (size_t i = 0; local && i < ni->n_sessions; i++) {
            const struct tmrec_mirror_session *s = ni->sessions[i];

            if (s->network_interface != ni
                && mirrord_session_listed_by(s->network_interface, s)) {
                /* A stray second listing: the session is handled, once,
                 * with the interface it names. */
                continue;
            } else if (vif) {
                apply_one_session(ctx, &st, ni, vif, s, summary);
            } else {
                char *reason = xasprintf("interface %s is not attached to "
                                         "any bridge of %s",
                                         ni->interface_id, ctx->hypervisor);
                set_session_status(ctx, s, "pending", reason);
                free(reason);
            }
        }
    }

    /* Whatever mirrord owns and no session wants any more goes. */
    if (ctx->ovs_txn) {
        struct shash_node *node;

        SHASH_FOR_EACH (node, &st.mirrors) {
            VLOG_INFO("session %s: removing its mirror", node->name);
            remove_mirror(ctx, node->data);
        }
        mirrord_vxlan_ports_remove_unused(ctx, &st.bridges);
    }
    if (ctx->tm_txn) {
        mirrord_hits_write(&st.hits, ctx->hypervisor);
    }
    mirrord_hits_destroy(&st.hits);
    shash_destroy(&st.mirrors);
    shash_destroy(&st.vxlan_ports);
    sset_destroy(&st.bridges);
}

/* Does one full recompute (see mirrors.h) and fills in 'summary'. */
void
mirrord_run(const struct mirrord_ctx *ctx, struct mirrord_summary *summary)
{
    struct shash vifs = SHASH_INITIALIZER(&vifs);

    memset(summary, 0, sizeof *summary);
    mirrord_vifs_collect(ctx->ovs_idl, &vifs);
    summary->n_local_interfaces = shash_count(&vifs);

    if (ctx->tm_txn) {
        mirrord_vifs_publish(ctx, &vifs);
    }
    apply_sessions(ctx, &vifs, summary);
    mirrord_budget_apply_hypervisor(ctx);

    shash_destroy_free_data(&vifs);
}
