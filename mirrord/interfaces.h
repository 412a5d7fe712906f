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

#ifndef MIRRORD_INTERFACES_H
#define MIRRORD_INTERFACES_H 1

/* The VM ports of this hypervisor and their Network_Interface rows.
 *
 * A VM port is an Interface of the local Open_vSwitch database with an
 * external_ids:iface-id.  mirrord publishes each one into the
 * Traffic_Mirror database under this hypervisor's name (with its MAC and
 * its external_ids:ip-addresses, primary first) and marks the ones it
 * published before that are gone as down, keeping their sessions. */

struct mirrord_ctx;
struct ovsdb_idl;
struct ovsrec_bridge;
struct ovsrec_interface;
struct ovsrec_port;
struct shash;

/* A VM port of this hypervisor. */
struct mirrord_vif {
    const struct ovsrec_bridge *br;         /* The bridge that has it. */
    const struct ovsrec_port *port;         /* Its port on 'br'. */
    const struct ovsrec_interface *iface;   /* The interface itself. */
};

void mirrord_vifs_collect(struct ovsdb_idl *ovs_idl, struct shash *vifs);
void mirrord_vifs_publish(const struct mirrord_ctx *,
                          const struct shash *vifs);

#endif /* mirrord/interfaces.h */
