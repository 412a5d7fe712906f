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

#ifndef MIRRORD_MONITOR_H
#define MIRRORD_MONITOR_H 1

/* Conditional monitoring of the Traffic_Mirror database.
 *
 * A hypervisor needs only a small part of the database: its own Hypervisor
 * row, the interfaces published by it or plugged into it, the sessions of
 * those interfaces, and the targets, filters, rules, load balancers and
 * target interfaces these refer to (and the Global row).  Like
 * ovn-controller's update_sb_monitors(), mirrord recomputes that set from
 * what it holds and asks the server for it; references are followed one
 * step per round trip until the set stops growing. */

#include <stdbool.h>
#include <stddef.h>

struct ds;
struct ovsdb_idl;

void mirrord_monitor_init(struct ovsdb_idl *tm_idl);
bool mirrord_monitor_update(struct ovsdb_idl *tm_idl,
                            const struct ovsdb_idl *ovs_idl,
                            const char *hypervisor);
void mirrord_monitor_report(const struct ovsdb_idl *tm_idl, struct ds *);

#endif /* mirrord/monitor.h */
