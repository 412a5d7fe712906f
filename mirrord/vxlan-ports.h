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

#ifndef MIRRORD_VXLAN_PORTS_H
#define MIRRORD_VXLAN_PORTS_H 1

/* The VXLAN ports that carry mirror copies: one per bridge with sessions,
 * owned by mirrord (external_ids:traffic-mirror-port=true).
 *
 * Each sends with the key and destination of each copy ("out_key=flow",
 * "remote_ip=flow") and receives only on an "in_key" of its own, counting
 * down from 16777215: all bridges of a datapath share one tunnel receive
 * table, in which a second "key=flow" port would be refused. */

struct mirrord_ctx;
struct ovsrec_bridge;
struct ovsrec_port;
struct shash;
struct sset;

const struct ovsrec_port *mirrord_vxlan_port_get(
    const struct mirrord_ctx *, const struct ovsrec_bridge *,
    struct shash *created);
void mirrord_vxlan_ports_remove_unused(const struct mirrord_ctx *,
                                       const struct sset *needed);

#endif /* mirrord/vxlan-ports.h */
