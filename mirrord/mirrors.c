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

#include "hash.h"
#include "mirrord/counters.h"
#include "mirrord/delivery.h"
#include "mirrord/filter-rules.h"
#include "mirrord/session-check.h"
#include "openvswitch/dynamic-string.h"
#include "openvswitch/shash.h"
#include "openvswitch/vlog.h"
#include "ovsdb-idl.h"
#include "ovsdb-schema/traffic-mirror-idl.h"
#include "smap.h"
#include "sset.h"
#include "svec.h"
#include "util.h"
#include "vswitch-idl.h"

VLOG_DEFINE_THIS_MODULE(mirrord_mirrors);

/* external_ids keys that mark the rows mirrord owns in the Open_vSwitch
 * database.  Nothing else is ever modified or deleted. */
#define OWNER_SESSION_KEY "traffic-mirror-session"
#define OWNER_PORT_KEY "traffic-mirror-port"

/* A VM port of this hypervisor: an Interface with external_ids:iface-id. */
struct local_vif {
    const struct ovsrec_bridge *br;
    const struct ovsrec_port *port;
    const struct ovsrec_interface *iface;
};

/* Fills 'vifs' with a "struct local_vif" for each interface of the local
 * Open_vSwitch database that has an external_ids:iface-id, keyed by it. */
static void
collect_local_vifs(struct ovsdb_idl *idl, struct shash *vifs)
{
    const struct ovsrec_bridge *br;

    OVSREC_BRIDGE_FOR_EACH (br, idl) {
        for (size_t i = 0; i < br->n_ports; i++) {
            const struct ovsrec_port *port = br->ports[i];

            for (size_t j = 0; j < port->n_interfaces; j++) {
                const struct ovsrec_interface *iface = port->interfaces[j];
                const char *id = smap_get(&iface->external_ids, "iface-id");

                if (id && !shash_find(vifs, id)) {
                    struct local_vif *vif = xmalloc(sizeof *vif);

                    *vif = (struct local_vif) { br, port, iface };
                    shash_add(vifs, id, vif);
                }
            }
        }
    }
}

/* Returns the MAC address of 'iface' for the Network_Interface table. */
static const char *
vif_mac(const struct ovsrec_interface *iface)
{
    const char *mac = mirrord_iface_mac(iface);

    return mac ? mac : "00:00:00:00:00:00";
}

/* Returns true if string sets 'a' ('n_a' members) and 'b' are equal. */
static bool
strings_equal(char **a, size_t n_a, const struct svec *b)
{
    struct sset sa = SSET_INITIALIZER(&sa);
    struct sset sb = SSET_INITIALIZER(&sb);
    bool equal;

    sset_add_array(&sa, a, n_a);
    for (size_t i = 0; i < b->n; i++) {
        sset_add(&sb, b->names[i]);
    }
    equal = sset_equals(&sa, &sb);
    sset_destroy(&sa);
    sset_destroy(&sb);
    return equal;
}

/* Returns true if 'a' and 'b', either of which may be NULL, are equal. */
static bool
nullable_streq(const char *a, const char *b)
{
    return a && b ? !strcmp(a, b) : a == b;
}

/* Makes the Network_Interface row 'row' (inserting it if NULL) describe the
 * local interface 'vif' called 'id' on hypervisor 'chassis', writing only
 * the columns that differ. */
static void
publish_vif(struct ovsdb_idl_txn *txn, const struct tmrec_network_interface
            *row, const char *id, const struct local_vif *vif,
            const char *chassis)
{
    const char *mac = vif_mac(vif->iface);
    struct svec addresses = SVEC_EMPTY_INITIALIZER;
    bool up = true;

    svec_parse_words(&addresses,
                     smap_get_def(&vif->iface->external_ids, "ip-addresses",
                                  ""));
    if (!row) {
        row = tmrec_network_interface_insert(txn);
        tmrec_network_interface_set_interface_id(row, id);
    }
    if (!nullable_streq(row->hypervisor, chassis)) {
        tmrec_network_interface_set_hypervisor(row, chassis);
    }
    if (strcmp(row->mac, mac)) {
        tmrec_network_interface_set_mac(row, mac);
    }
    const char *primary = addresses.n ? addresses.names[0] : NULL;
    if (!nullable_streq(row->primary_address, primary)) {
        tmrec_network_interface_set_primary_address(row, primary);
    }
    if (!strings_equal(row->addresses, row->n_addresses, &addresses)) {
        tmrec_network_interface_set_addresses(
            row, (const char **) addresses.names, addresses.n);
    }
    if (!row->n_up || !row->up[0]) {
        tmrec_network_interface_set_up(row, &up, 1);
    }
    svec_destroy(&addresses);
}

/* Returns true if 'row' belongs to a hypervisor other than 'chassis' that
 * says the interface is up there.  During a live migration both
 * hypervisors have the port for a while; the one that has it first keeps
 * it until its port goes, so that the two do not take the row (and the
 * sessions' status) from each other over and over. */
static bool
claimed_elsewhere(const struct tmrec_network_interface *row,
                  const char *chassis)
{
    return (row && row->hypervisor && strcmp(row->hypervisor, chassis)
            && row->n_up && row->up[0]);
}

/* Publishes this hypervisor and its local interfaces 'vifs' into the
 * Traffic_Mirror database, and marks down the interfaces it published
 * before that are gone (their sessions stay, idle). */
static void
publish(const struct mirrord_ctx *ctx, const struct shash *vifs)
{
    const struct tmrec_network_interface *row;
    const struct tmrec_hypervisor *hv;
    struct shash rows = SHASH_INITIALIZER(&rows);
    struct shash_node *node;

    TMREC_HYPERVISOR_FOR_EACH (hv, ctx->tm_idl) {
        if (!strcmp(hv->name, ctx->chassis)) {
            break;
        }
    }
    if (!hv) {
        hv = tmrec_hypervisor_insert(ctx->tm_txn);
        tmrec_hypervisor_set_name(hv, ctx->chassis);
    }

    TMREC_NETWORK_INTERFACE_FOR_EACH (row, ctx->tm_idl) {
        shash_add_once(&rows, row->interface_id, row);
    }
    SHASH_FOR_EACH (node, vifs) {
        row = shash_find_data(&rows, node->name);
        if (claimed_elsewhere(row, ctx->chassis)) {
            static struct vlog_rate_limit rl = VLOG_RATE_LIMIT_INIT(1, 5);

            VLOG_INFO_RL(&rl, "interface %s is up on %s: not taking it "
                         "until it goes down there", node->name,
                         row->hypervisor);
        } else {
            publish_vif(ctx->tm_txn, row, node->name, node->data,
                        ctx->chassis);
        }
    }
    TMREC_NETWORK_INTERFACE_FOR_EACH (row, ctx->tm_idl) {
        bool down = false;

        if (nullable_streq(row->hypervisor, ctx->chassis)
            && !shash_find(vifs, row->interface_id)
            && (!row->n_up || row->up[0])) {
            tmrec_network_interface_set_up(row, &down, 1);
        }
    }
    shash_destroy(&rows);
}

/* The VNI from which mirrord counts down to pick its VXLAN ports'
 * "in_key"s. */
#define VXLAN_IN_KEY_MAX 16777215

/* Adds to 'used' the receive keys ("key" and "in_key" options) of
 * 'iface'. */
static void
add_used_keys(const struct ovsrec_interface *iface, struct sset *used)
{
    const char *key = smap_get(&iface->options, "key");
    const char *in_key = smap_get(&iface->options, "in_key");

    if (key) {
        sset_add(used, key);
    }
    if (in_key) {
        sset_add(used, in_key);
    }
}

/* Returns the "options" for a VXLAN port of mirrord's that no other tunnel
 * port of the datapath conflicts with.  The port sends with the key and
 * destination of each copy ("flow"), but receives only on an "in_key" that
 * no interface of the database (nor any of the ports in 'created', see
 * get_vxlan_port()) uses: OVS refuses a second port with the same receive
 * configuration, and all bridges of a datapath share it, so "key=flow" on
 * two bridges, or next to a user's own flow-based port, would fail. */
static void
vxlan_port_options(const struct mirrord_ctx *ctx, const struct shash *created,
                   struct smap *options)
{
    const struct ovsrec_interface *iface;
    struct sset used = SSET_INITIALIZER(&used);
    struct shash_node *node;
    int64_t key = VXLAN_IN_KEY_MAX;

    OVSREC_INTERFACE_FOR_EACH (iface, ctx->ovs_idl) {
        add_used_keys(iface, &used);
    }
    SHASH_FOR_EACH (node, created) {
        const struct ovsrec_port *port = node->data;

        for (size_t i = 0; i < port->n_interfaces; i++) {
            add_used_keys(port->interfaces[i], &used);
        }
    }
    for (;;) {
        char *s = xasprintf("%"PRId64, key);
        bool taken = sset_contains(&used, s);

        free(s);
        if (!taken) {
            break;
        }
        key--;
    }
    smap_add(options, "remote_ip", "flow");
    smap_add(options, "out_key", "flow");
    smap_add_format(options, "in_key", "%"PRId64, key);
    sset_destroy(&used);
}

/* Returns true if 'iface''s options are what vxlan_port_options() would
 * choose for it: flow-based sending, and a receive key of its own. */
static bool
vxlan_port_options_ok(const struct ovsrec_interface *iface)
{
    const struct smap *o = &iface->options;

    return (smap_count(o) == 3
            && !strcmp(smap_get_def(o, "remote_ip", ""), "flow")
            && !strcmp(smap_get_def(o, "out_key", ""), "flow")
            && smap_get_int(o, "in_key", -1) >= 0);
}

/* Returns the name mirrord gives its VXLAN port on 'br': "tmvx-" and the
 * bridge's name, or for a name longer than 10 characters (15 in all, a
 * Linux device name's limit) its first 5 and a hash of all of it, so that
 * bridges whose names start alike get different ports.  The caller must
 * free the result. */
static char *
vxlan_port_name(const struct ovsrec_bridge *br)
{
    if (strlen(br->name) <= 10) {
        return xasprintf("tmvx-%s", br->name);
    }
    return xasprintf("tmvx-%.5s%05"PRIx32, br->name,
                     hash_string(br->name, 0) & 0xfffff);
}

/* Returns the VXLAN port that mirrord owns on 'br', or NULL.  If there is
 * more than one (left by a crash, say), prefers the one with the name
 * mirrord gives (see vxlan_port_name()). */
static const struct ovsrec_port *
find_vxlan_port(const struct ovsrec_bridge *br)
{
    const struct ovsrec_port *found = NULL;
    char *name = vxlan_port_name(br);

    for (size_t i = 0; i < br->n_ports; i++) {
        const struct ovsrec_port *port = br->ports[i];

        if (smap_get_bool(&port->external_ids, OWNER_PORT_KEY, false)
            && (!found || !strcmp(port->name, name))) {
            found = port;
        }
    }
    free(name);
    return found;
}

/* Returns the port on 'br' that carries this hypervisor's copies: a
 * flow-based VXLAN port that mirrord owns, creating it if needed.  'created'
 * remembers the ports created (or updated) in this transaction, by bridge
 * name, since the bridge's row shows new ones only once the transaction
 * commits. */
static const struct ovsrec_port *
get_vxlan_port(const struct mirrord_ctx *ctx, const struct ovsrec_bridge *br,
               struct shash *created)
{
    const struct ovsrec_port *known = shash_find_data(created, br->name);
    struct smap options = SMAP_INITIALIZER(&options);

    if (known) {
        return known;
    }
    const struct ovsrec_port *port = find_vxlan_port(br);
    if (port) {
        if (port->n_interfaces == 1
            && !vxlan_port_options_ok(port->interfaces[0])) {
            /* Made by an older mirrord with "key=flow". */
            vxlan_port_options(ctx, created, &options);
            ovsrec_interface_set_options(port->interfaces[0], &options);
            smap_destroy(&options);
            shash_add(created, br->name, port);
        }
        return port;
    }

    char *name = vxlan_port_name(br);
    struct smap owner = SMAP_INITIALIZER(&owner);
    struct ovsrec_interface *iface;
    struct ovsrec_port *added;

    vxlan_port_options(ctx, created, &options);
    smap_add(&owner, OWNER_PORT_KEY, "true");

    iface = ovsrec_interface_insert(ctx->ovs_txn);
    ovsrec_interface_set_name(iface, name);
    ovsrec_interface_set_type(iface, "vxlan");
    ovsrec_interface_set_options(iface, &options);

    added = ovsrec_port_insert(ctx->ovs_txn);
    ovsrec_port_set_name(added, name);
    ovsrec_port_set_interfaces(added, &iface, 1);
    ovsrec_port_set_external_ids(added, &owner);
    ovsrec_bridge_update_ports_addvalue(br, added);

    VLOG_INFO("bridge %s: adding VXLAN port %s for mirror copies "
              "(in_key %s)", br->name, name, smap_get(&options, "in_key"));
    shash_add(created, br->name, added);
    smap_destroy(&options);
    smap_destroy(&owner);
    free(name);
    return added;
}

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

/* Makes Mirror 'm' (created if NULL, on 'vif's bridge) copy what session
 * 's' asks for: the traffic of 'vif' accepted by 'rules', to 'collector',
 * through the VXLAN port of the bridge (see get_vxlan_port() for
 * 'vxlan_ports').  Writes only what differs.  Returns the mirror. */
static const struct ovsrec_mirror *
apply_session(const struct mirrord_ctx *ctx, const struct ovsrec_mirror *m,
              const struct tmrec_mirror_session *s,
              const struct local_vif *vif, const struct smap *tunnel,
              const struct mirrord_rules *rules, struct shash *vxlan_ports)
{
    const struct ovsrec_port *out = get_vxlan_port(ctx, vif->br,
                                                   vxlan_ports);
    struct ovsrec_port *port = CONST_CAST(struct ovsrec_port *, vif->port);
    int64_t snaplen = s->packet_length ? *s->packet_length : -1;
    bool filtered = true;

    if (!m) {
        struct smap owner = SMAP_INITIALIZER(&owner);
        char *name = xasprintf("tm-%s", s->session_id);

        smap_add(&owner, OWNER_SESSION_KEY, s->session_id);
        m = ovsrec_mirror_insert(ctx->ovs_txn);
        ovsrec_mirror_set_name(m, name);
        ovsrec_mirror_set_external_ids(m, &owner);
        ovsrec_bridge_update_mirrors_addvalue(vif->br, m);
        VLOG_INFO("session %s: mirroring %s on bridge %s", s->session_id,
                  vif->port->name, vif->br->name);
        smap_destroy(&owner);
        free(name);
    }

    if (m->n_select_src_port != 1 || m->select_src_port[0] != vif->port) {
        ovsrec_mirror_set_select_src_port(m, &port, 1);
    }
    if (m->n_select_dst_port != 1 || m->select_dst_port[0] != vif->port) {
        ovsrec_mirror_set_select_dst_port(m, &port, 1);
    }
    if (m->output_port != out) {
        ovsrec_mirror_set_output_port(m, out);
    }
    if (!optional_int_is(m->priority, m->n_priority, s->session_number)) {
        ovsrec_mirror_set_priority(m, &s->session_number, 1);
    }
    if (!optional_int_is(m->snaplen, m->n_snaplen, snaplen)) {
        ovsrec_mirror_set_snaplen(m, s->packet_length,
                                  s->packet_length ? 1 : 0);
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
    return m;
}

/* Computes into 'tunnel' how session 's' of local interface 'vif' sends its
 * copies, given the local interfaces 'vifs' (see mirrord_delivery()).
 * Returns NULL, or a malloc()'d reason it cannot. */
static char *
session_delivery(const struct tmrec_mirror_session *s,
                 const struct local_vif *vif, const struct shash *vifs,
                 struct smap *tunnel)
{
    const struct local_vif *target_vif = NULL;
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
    if (!nullable_streq(s->status, status)) {
        tmrec_mirror_session_set_status(s, status);
    }
    if (!nullable_streq(s->status_reason, reason)) {
        tmrec_mirror_session_set_status_reason(s, reason);
    }
    if (!nullable_streq(s->hypervisor, ctx->chassis)) {
        tmrec_mirror_session_set_hypervisor(s, ctx->chassis);
    }
}

/* Reports on session 's', whose mirror is 'm' (or NULL), and counts it in
 * 'summary'. */
static void
report_session(const struct mirrord_ctx *ctx,
               const struct tmrec_mirror_session *s,
               const struct ovsrec_mirror *m, struct mirrord_summary *summary)
{
    const char *state = m ? smap_get(&m->status, "state") : NULL;

    if (state && !strcmp(state, "ok")) {
        set_session_status(ctx, s, "active", NULL);
        summary->n_active++;
    } else if (state) {
        set_session_status(ctx, s, "error",
                           smap_get_def(&m->status, "error",
                                        "ovs-vswitchd refused the mirror"));
    } else {
        set_session_status(ctx, s, "pending",
                           "waiting for ovs-vswitchd to apply the mirror");
    }
}

/* A Traffic_Mirror filter rule and the packets it decided here. */
struct rule_hits {
    const struct tmrec_mirror_filter_rule *rule;
    int64_t n_packets;
};

/* Returns the "n_packets" statistic of 'r', or 0. */
static int64_t
mirror_rule_packets(const struct ovsrec_mirror_rule *r)
{
    for (size_t i = 0; i < r->n_statistics; i++) {
        if (!strcmp(r->key_statistics[i], "n_packets")) {
            return r->value_statistics[i];
        }
    }
    return 0;
}

/* Adds to 'hits' (keyed by rule id) the packets that each rule of session
 * 's''s filter decided in mirror 'm', which mirrord built from it (see
 * mirrord_rules_from_filter() for how numbers map). */
static void
collect_hits(const struct tmrec_mirror_session *s,
             const struct ovsrec_mirror *m, struct shash *hits)
{
    const struct tmrec_mirror_filter *f = s->filter;

    for (int d = 0; d < 2; d++) {
        struct tmrec_mirror_filter_rule **list = (d ? f->ingress_rules
                                                  : f->egress_rules);
        size_t n = d ? f->n_ingress_rules : f->n_egress_rules;
        const char *dir = d ? "ingress" : "egress";

        for (size_t i = 0; i < n; i++) {
            struct rule_hits *rh = shash_find_data(hits, list[i]->rule_id);

            if (!rh) {
                rh = xzalloc(sizeof *rh);
                rh->rule = list[i];
                shash_add(hits, list[i]->rule_id, rh);
            }
            for (size_t j = 0; m && j < m->n_filter_rules; j++) {
                const struct ovsrec_mirror_rule *r = m->filter_rules[j];

                if (r->number == MIRRORD_RULE_NUMBER(list[i]->rule_number)
                    && !strcmp(r->direction, dir)) {
                    rh->n_packets += mirror_rule_packets(r);
                }
            }
        }
    }
}

/* Writes, for each rule in 'hits', this hypervisor's count into its "hits"
 * column, when it changed. */
static void
write_hits(const struct mirrord_ctx *ctx, const struct shash *hits)
{
    struct shash_node *node;

    SHASH_FOR_EACH (node, hits) {
        const struct rule_hits *rh = node->data;
        const struct tmrec_mirror_filter_rule *r = rh->rule;
        bool same = false;

        for (size_t i = 0; i < r->n_hits; i++) {
            if (!strcmp(r->key_hits[i], ctx->chassis)) {
                same = r->value_hits[i] == rh->n_packets;
            }
        }
        if (!same) {
            tmrec_mirror_filter_rule_update_hits_setkey(r, ctx->chassis,
                                                        rh->n_packets);
        }
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
        const char *id = smap_get(&m->external_ids, OWNER_SESSION_KEY);

        if (id && !shash_add_once(mirrors, id, m) && ctx->ovs_txn) {
            VLOG_INFO("session %s: removing a duplicate mirror", id);
            remove_mirror(ctx, m);
        }
    }
}

/* Returns true if a Mirror that mirrord does not own sends its copies to
 * 'port'. */
static bool
port_used_by_others(const struct ovsrec_bridge *br,
                    const struct ovsrec_port *port)
{
    for (size_t i = 0; i < br->n_mirrors; i++) {
        const struct ovsrec_mirror *m = br->mirrors[i];

        if (m->output_port == port
            && !smap_get(&m->external_ids, OWNER_SESSION_KEY)) {
            return true;
        }
    }
    return false;
}

/* Deletes the VXLAN ports that mirrord owns on bridges not in 'needed' (by
 * name), and any second one on a bridge, unless a mirror that is not
 * mirrord's uses it. */
static void
remove_unused_vxlan_ports(const struct mirrord_ctx *ctx,
                          const struct sset *needed)
{
    const struct ovsrec_bridge *br;

    OVSREC_BRIDGE_FOR_EACH (br, ctx->ovs_idl) {
        const struct ovsrec_port *keep = (sset_contains(needed, br->name)
                                          ? find_vxlan_port(br) : NULL);

        for (size_t i = 0; i < br->n_ports; i++) {
            const struct ovsrec_port *port = br->ports[i];

            if (port != keep
                && smap_get_bool(&port->external_ids, OWNER_PORT_KEY, false)
                && !port_used_by_others(br, port)) {
                VLOG_INFO("bridge %s: removing VXLAN port %s, which no "
                          "session needs", br->name, port->name);
                ovsrec_bridge_update_ports_delvalue(br, port);
            }
        }
    }
}

/* What apply_sessions() gathers while it goes through the sessions. */
struct apply_state {
    const struct tmrec_global *global;
    const struct shash *vifs;   /* Local interfaces, see mirrord_run(). */
    struct shash mirrors;       /* Owned mirrors not claimed yet. */
    struct shash vxlan_ports;   /* See get_vxlan_port(). */
    struct sset bridges;        /* Bridges whose VXLAN port is needed. */
    struct shash hits;          /* See collect_hits(). */
};

/* Applies session 's' of local interface 'vif', found in 'ni''s sessions:
 * programs its mirror if the session is valid, otherwise makes sure it
 * has none (fail closed), and reports its status. */
static void
apply_one_session(const struct mirrord_ctx *ctx, struct apply_state *st,
                  const struct tmrec_network_interface *ni,
                  const struct local_vif *vif,
                  const struct tmrec_mirror_session *s,
                  struct mirrord_summary *summary)
{
    struct smap tunnel = SMAP_INITIALIZER(&tunnel);
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
    error = mirrord_check_session(ni, s);
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
            m = apply_session(ctx, m, s, vif, &tunnel, &rules,
                              &st->vxlan_ports);
        }
        sset_add(&st->bridges, vif->br->name);
        report_session(ctx, s, m, summary);
        collect_hits(s, m, &st->hits);
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
        .hits = SHASH_INITIALIZER(&st.hits),
    };
    const struct tmrec_network_interface *ni;

    collect_owned_mirrors(ctx, &st.mirrors);
    TMREC_NETWORK_INTERFACE_FOR_EACH (ni, ctx->tm_idl) {
        /* Only the interfaces published under this hypervisor's name are
         * its own (see publish()), port or no port. */
        bool local = nullable_streq(ni->hypervisor, ctx->chassis);
        const struct local_vif *vif = (local
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
                                         ni->interface_id, ctx->chassis);
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
        remove_unused_vxlan_ports(ctx, &st.bridges);
    }
    if (ctx->tm_txn) {
        write_hits(ctx, &st.hits);
    }
    shash_destroy_free_data(&st.hits);
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
    collect_local_vifs(ctx->ovs_idl, &vifs);
    summary->n_local_interfaces = shash_count(&vifs);

    if (ctx->tm_txn) {
        publish(ctx, &vifs);
    }
    apply_sessions(ctx, &vifs, summary);

    shash_destroy_free_data(&vifs);
}
