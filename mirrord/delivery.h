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

#ifndef MIRRORD_DELIVERY_H
#define MIRRORD_DELIVERY_H 1

/* How a session's copies reach its target: the "output_tunnel" settings of
 * the session's Open vSwitch Mirror.
 *
 * A target interface on the same bridge as the source gets its copies
 * directly: encapsulated with the source interface's address and MAC as outer
 * source and the target's as outer destination, and output to the target's
 * port alone (ovs-patches 0015), so no address of the hypervisor's, ARP or
 * flooding is involved.  A target interface on another hypervisor gets them
 * the same way through the bridge's uplink to the other hypervisors (the
 * interface with external_ids:traffic-mirror-uplink=true), addressed to the
 * MAC its own hypervisor published.  Any other target (a fleet, or a bridge
 * without an uplink) is reached through the hypervisor's routing, with its own
 * tunnel address as outer source: the hypervisor owns no address in the
 * tenant's network, and a borrowed one would have no route. */

#include "openvswitch/compiler.h"

struct ovsrec_bridge;
struct ovsrec_interface;
struct smap;
struct tmrec_mirror_session;

/* A local interface: an Open vSwitch Interface and its bridge. */
struct mirrord_endpoint {
    const struct ovsrec_bridge *br;
    const struct ovsrec_interface *iface;
};

const char *mirrord_iface_mac(const struct ovsrec_interface *);
char *mirrord_delivery(const struct tmrec_mirror_session *,
                       const struct mirrord_endpoint *source,
                       const struct mirrord_endpoint *target,
                       struct smap *output_tunnel)
    OVS_WARN_UNUSED_RESULT;

#endif /* mirrord/delivery.h */
