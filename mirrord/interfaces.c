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

#include "mirrord/interfaces.h"

#include <string.h>

#include "mirrord/delivery.h"
#include "mirrord/liveness.h"
#include "mirrord/mirrors.h"
#include "openvswitch/shash.h"
#include "openvswitch/vlog.h"
#include "ovsdb-idl.h"
#include "ovsdb-schema/traffic-mirror-idl.h"
#include "smap.h"
#include "sset.h"
#include "svec.h"
#include "util.h"
#include "vswitch-idl.h"

VLOG_DEFINE_THIS_MODULE(mirrord_interfaces);

/* Fills 'vifs' with a "struct mirrord_vif" for each interface of the local
 * Open_vSwitch database 'ovs_idl' that has an external_ids:iface-id, keyed
 * by it.  The caller frees the data (shash_destroy_free_data()). */
void
mirrord_vifs_collect(struct ovsdb_idl *ovs_idl, struct shash *vifs)
{
    const struct ovsrec_bridge *br;

    OVSREC_BRIDGE_FOR_EACH (br, ovs_idl) {
        for (size_t i = 0; i < br->n_ports; i++) {
            const struct ovsrec_port *port = br->ports[i];

            for (size_t j = 0; j < port->n_interfaces; j++) {
                const struct ovsrec_interface *iface = port->interfaces[j];
                const char *id = smap_get(&iface->external_ids, "iface-id");

                if (id && !shash_find(vifs, id)) {
                    struct mirrord_vif *vif = xmalloc(sizeof *vif);

                    *vif = (struct mirrord_vif) { br, port, iface };
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

/* Makes the Network_Interface row 'row' (inserting it if NULL) describe the
 * local interface 'vif' called 'id' on hypervisor 'hypervisor', writing
 * only the columns that differ. */
static void
publish_vif(struct ovsdb_idl_txn *txn, const struct tmrec_network_interface
            *row, const char *id, const struct mirrord_vif *vif,
            const char *hypervisor)
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
    if (!nullable_string_is_equal(row->hypervisor, hypervisor)) {
        tmrec_network_interface_set_hypervisor(row, hypervisor);
    }
    if (strcmp(row->mac, mac)) {
        tmrec_network_interface_set_mac(row, mac);
    }
    const char *primary = addresses.n ? addresses.names[0] : NULL;
    if (!nullable_string_is_equal(row->primary_address, primary)) {
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

/* Returns true if 'row' belongs to a hypervisor other than 'hypervisor'
 * that says the interface is up there and is alive (see liveness.h).
 * During a live migration both hypervisors have the port for a while; the
 * one that has it first keeps it until its port goes, so that the two do
 * not take the row (and the sessions' status) from each other over and
 * over.  A hypervisor that died with the interface up would hold it
 * forever: once it has missed its heartbeats for the hypervisor timeout,
 * the interface may be taken.  (One that is only cut off from the database
 * goes on mirroring what it has: for a while both copy, rather than
 * neither.) */
static bool
claimed_elsewhere(struct ovsdb_idl *tm_idl,
                  const struct tmrec_network_interface *row,
                  const char *hypervisor)
{
    return (row && row->hypervisor && strcmp(row->hypervisor, hypervisor)
            && row->n_up && row->up[0]
            && mirrord_hypervisor_is_alive(tm_idl, row->hypervisor));
}

/* Publishes this hypervisor and its local interfaces 'vifs' into the
 * Traffic_Mirror database, within 'ctx''s Traffic_Mirror transaction, and
 * marks down the interfaces it published before that are gone (their
 * sessions stay, idle). */
void
mirrord_vifs_publish(const struct mirrord_ctx *ctx, const struct shash *vifs)
{
    const struct tmrec_network_interface *row;
    const struct tmrec_hypervisor *hv;
    struct shash rows = SHASH_INITIALIZER(&rows);
    struct shash_node *node;

    TMREC_HYPERVISOR_FOR_EACH (hv, ctx->tm_idl) {
        if (!strcmp(hv->name, ctx->hypervisor)) {
            break;
        }
    }
    if (!hv) {
        hv = tmrec_hypervisor_insert(ctx->tm_txn);
        tmrec_hypervisor_set_name(hv, ctx->hypervisor);
    }

    TMREC_NETWORK_INTERFACE_FOR_EACH (row, ctx->tm_idl) {
        shash_add_once(&rows, row->interface_id, row);
    }
    SHASH_FOR_EACH (node, vifs) {
        row = shash_find_data(&rows, node->name);
        if (claimed_elsewhere(ctx->tm_idl, row, ctx->hypervisor)) {
            static struct vlog_rate_limit rl = VLOG_RATE_LIMIT_INIT(1, 5);

            VLOG_INFO_RL(&rl, "interface %s is up on %s: not taking it "
                         "until it goes down there", node->name,
                         row->hypervisor);
        } else {
            publish_vif(ctx->tm_txn, row, node->name, node->data,
                        ctx->hypervisor);
        }
    }
    TMREC_NETWORK_INTERFACE_FOR_EACH (row, ctx->tm_idl) {
        bool down = false;

        if (nullable_string_is_equal(row->hypervisor, ctx->hypervisor)
            && !shash_find(vifs, row->interface_id)
            && (!row->n_up || row->up[0])) {
            tmrec_network_interface_set_up(row, &down, 1);
        }
    }
    shash_destroy(&rows);
}
