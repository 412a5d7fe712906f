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

#include "mirrord/vxlan-ports.h"

#include <string.h>

#include "hash.h"
#include "mirrord/mirrors.h"
#include "openvswitch/shash.h"
#include "openvswitch/vlog.h"
#include "ovsdb-idl.h"
#include "smap.h"
#include "sset.h"
#include "util.h"
#include "vswitch-idl.h"

VLOG_DEFINE_THIS_MODULE(mirrord_vxlan_ports);

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
 * mirrord_vxlan_port_get()) uses: OVS refuses a second port with the same
 * receive configuration, and all bridges of a datapath share it, so
 * "key=flow" on two bridges, or next to a user's own flow-based port,
 * would fail. */
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

        if (smap_get_bool(&port->external_ids, MIRRORD_OWNER_PORT_KEY, false)
            && (!found || !strcmp(port->name, name))) {
            found = port;
        }
    }
    free(name);
    return found;
}

/* Returns the port on 'br' that carries this hypervisor's copies: a
 * flow-based VXLAN port that mirrord owns, creating it (within 'ctx''s
 * Open_vSwitch transaction) if needed.  'created' remembers the ports
 * created (or updated) in this transaction, by bridge name, since the
 * bridge's row shows new ones only once the transaction commits. */
const struct ovsrec_port *
mirrord_vxlan_port_get(const struct mirrord_ctx *ctx,
                       const struct ovsrec_bridge *br, struct shash *created)
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
    smap_add(&owner, MIRRORD_OWNER_PORT_KEY, "true");

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

/* Returns true if a Mirror that mirrord does not own sends its copies to
 * 'port'. */
static bool
port_used_by_others(const struct ovsrec_bridge *br,
                    const struct ovsrec_port *port)
{
    for (size_t i = 0; i < br->n_mirrors; i++) {
        const struct ovsrec_mirror *m = br->mirrors[i];

        if (m->output_port == port
            && !smap_get(&m->external_ids, MIRRORD_OWNER_SESSION_KEY)) {
            return true;
        }
    }
    return false;
}

/* Deletes the VXLAN ports that mirrord owns on bridges not in 'needed' (by
 * name), and any second one on a bridge, unless a mirror that is not
 * mirrord's uses it. */
void
mirrord_vxlan_ports_remove_unused(const struct mirrord_ctx *ctx,
                                  const struct sset *needed)
{
    const struct ovsrec_bridge *br;

    OVSREC_BRIDGE_FOR_EACH (br, ctx->ovs_idl) {
        const struct ovsrec_port *keep = (sset_contains(needed, br->name)
                                          ? find_vxlan_port(br) : NULL);

        for (size_t i = 0; i < br->n_ports; i++) {
            const struct ovsrec_port *port = br->ports[i];

            if (port != keep
                && smap_get_bool(&port->external_ids, MIRRORD_OWNER_PORT_KEY,
                                 false)
                && !port_used_by_others(br, port)) {
                VLOG_INFO("bridge %s: removing VXLAN port %s, which no "
                          "session needs", br->name, port->name);
                ovsrec_bridge_update_ports_delvalue(br, port);
            }
        }
    }
}
