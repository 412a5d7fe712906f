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

#include "mirrord/delivery.h"

#include <string.h>

#include "mirrord/fleet.h"
#include "openvswitch/dynamic-string.h"
#include "ovsdb-schema/traffic-mirror-idl.h"
#include "packets.h"
#include "smap.h"
#include "svec.h"
#include "util.h"
#include "vswitch-idl.h"

/* Returns true if 's' is an Ethernet address. */
static bool
is_mac(const char *s)
{
    struct eth_addr ea;

    return eth_addr_from_string(s, &ea);
}

/* Returns the MAC address of the VM behind 'iface': its
 * external_ids:attached-mac (set by libvirt, OpenStack and our lab), or
 * else the MAC the interface itself uses, or NULL if neither is valid. */
const char *
mirrord_iface_mac(const struct ovsrec_interface *iface)
{
    const char *mac = smap_get(&iface->external_ids, "attached-mac");

    if (mac && is_mac(mac)) {
        return mac;
    }
    mac = iface->mac_in_use;
    return mac && is_mac(mac) ? mac : NULL;
}

/* Returns true if 'address' is an IPv6 address, false for anything else. */
static bool
is_ipv6(const char *address)
{
    struct in6_addr in6;

    return ipv6_parse(address, &in6);
}

/* Returns the first address in 'iface''s external_ids:ip-addresses (primary
 * first) of the same family as 'remote', or NULL.  The caller must free the
 * result. */
static char *
iface_address_like(const struct ovsrec_interface *iface, const char *remote)
{
    struct svec addresses = SVEC_EMPTY_INITIALIZER;
    char *found = NULL;
    const char *a;
    size_t i;

    svec_parse_words(&addresses,
                     smap_get_def(&iface->external_ids, "ip-addresses", ""));
    SVEC_FOR_EACH (i, a, &addresses) {
        if (is_ipv6(a) == is_ipv6(remote)) {
            found = xstrdup(a);
            break;
        }
    }
    svec_destroy(&addresses);
    return found;
}

/* Fills 'tunnel' for copies from 'source' sent straight out of the
 * interface 'egress' of the source's bridge, towards 'remote_ip' and the
 * Ethernet address 'remote_mac', with the source interface's own address
 * (of the same family) and MAC as outer source.  Returns NULL, or the
 * reason the copies cannot be delivered. */
static char *
direct_delivery(const struct mirrord_endpoint *source,
                const struct ovsrec_interface *egress,
                const char *remote_ip, const char *remote_mac,
                struct smap *tunnel)
{
    const char *local_mac = mirrord_iface_mac(source->iface);
    char *local_ip;

    if (!local_mac) {
        return xasprintf("source interface %s has no MAC address",
                         source->iface->name);
    }
    local_ip = iface_address_like(source->iface, remote_ip);
    if (!local_ip) {
        return xasprintf("source interface %s has no %s address to send "
                         "copies from", source->iface->name,
                         is_ipv6(remote_ip) ? "IPv6" : "IPv4");
    }
    smap_add(tunnel, "local_ip", local_ip);
    free(local_ip);
    smap_add(tunnel, "local_mac", local_mac);
    smap_add(tunnel, "remote_mac", remote_mac);
    smap_add(tunnel, "egress_port", egress->name);
    return NULL;
}

/* Returns the interface of 'br' that carries its VMs' network to other
 * hypervisors (external_ids:traffic-mirror-uplink=true), or NULL. */
static const struct ovsrec_interface *
bridge_uplink(const struct ovsrec_bridge *br)
{
    for (size_t i = 0; i < br->n_ports; i++) {
        const struct ovsrec_port *port = br->ports[i];

        for (size_t j = 0; j < port->n_interfaces; j++) {
            const struct ovsrec_interface *iface = port->interfaces[j];

            if (smap_get_bool(&iface->external_ids, "traffic-mirror-uplink",
                              false)) {
                return iface;
            }
        }
    }
    return NULL;
}

/* Fills 'tunnel' for copies from 'source' to the target interface 'ni',
 * towards 'remote_ip': straight to its port if 'target' says it is on the
 * source's bridge, through the bridge's uplink if it is on another
 * hypervisor and the bridge has one, otherwise (another bridge, or no
 * uplink) through the hypervisor's routing, from its own address.
 * Returns NULL, or the reason the copies cannot be delivered. */
static char *
interface_delivery(const struct mirrord_endpoint *source,
                   const struct mirrord_endpoint *target,
                   const struct tmrec_network_interface *ni,
                   const char *remote_ip, struct smap *tunnel)
{
    if (target->iface) {
        if (target->iface == source->iface) {
            return xstrdup("an interface cannot be its own target");
        }
        if (target->br != source->br) {
            return NULL;
        }

        /* The hypervisor's side of a tap or veth has a MAC that would not
         * reach the VM. */
        const char *mac = smap_get(&target->iface->external_ids,
                                   "attached-mac");
        if (!mac || !is_mac(mac)) {
            return xasprintf("target interface %s has no valid "
                             "external_ids:attached-mac",
                             target->iface->name);
        }
        return direct_delivery(source, target->iface, remote_ip, mac,
                               tunnel);
    }

    const struct ovsrec_interface *uplink = bridge_uplink(source->br);
    if (!uplink) {
        return NULL;
    }
    if (!is_mac(ni->mac) || !strcmp(ni->mac, "00:00:00:00:00:00")) {
        return xasprintf("target interface %s has no known MAC address",
                         ni->interface_id);
    }
    return direct_delivery(source, uplink, remote_ip, ni->mac, tunnel);
}

/* Sets the "remote_ip" of 'tunnel' to the collectors of load balancer 'lb'
 * that should get copies now, separated by commas: ovs-vswitchd sends each
 * flow to one of them (see mirrord/fleet.h).  Returns NULL, or the reason
 * there is no collector. */
static char *
fleet_delivery(const struct tmrec_load_balancer *lb, struct smap *tunnel)
{
    struct svec collectors = SVEC_EMPTY_INITIALIZER;
    struct ds list = DS_EMPTY_INITIALIZER;
    const char *address;
    size_t i;

    mirrord_fleet_collectors(lb, &collectors);
    if (!collectors.n) {
        svec_destroy(&collectors);
        return xasprintf("load balancer %s has no collector address%s",
                         lb->name, lb->dns_name ? " yet" : "");
    }
    SVEC_FOR_EACH (i, address, &collectors) {
        ds_put_format(&list, "%s%s", i ? "," : "", address);
    }
    smap_add_nocopy(tunnel, xstrdup("remote_ip"), ds_steal_cstr(&list));
    svec_destroy(&collectors);
    return NULL;
}

/* Computes the "output_tunnel" settings of session 's', whose source is the
 * local interface 'source', into 'tunnel' (which must be empty).  'target'
 * is the target's interface if it is local (its 'iface' is NULL
 * otherwise).  Returns NULL if successful, otherwise a malloc()'d reason
 * why the session cannot send copies, for its status. */
char *
mirrord_delivery(const struct tmrec_mirror_session *s,
                 const struct mirrord_endpoint *source,
                 const struct mirrord_endpoint *target, struct smap *tunnel)
{
    const struct tmrec_mirror_target *t = s->target;
    const char *remote_ip;

    if (!t) {
        return xstrdup("the session has no target");
    }
    smap_add_format(tunnel, "key", "%"PRId64, s->virtual_network_id);
    if (t->network_interface) {
        remote_ip = t->network_interface->primary_address;
        if (!remote_ip) {
            return xasprintf("target interface %s has no address",
                             t->network_interface->interface_id);
        }
        smap_add(tunnel, "remote_ip", remote_ip);
        return interface_delivery(source, target, t->network_interface,
                                  remote_ip, tunnel);
    } else if (t->load_balancer) {
        return fleet_delivery(t->load_balancer, tunnel);
    } else {
        return xasprintf("target %s has no collector address (type %s "
                         "is not supported yet)", t->target_id, t->type);
    }
}
