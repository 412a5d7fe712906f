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

#ifndef MIRRORD_LIVENESS_H
#define MIRRORD_LIVENESS_H 1

/* Which hypervisors are alive, as far as this mirrord can tell.
 *
 * Every mirrord writes its Hypervisor row's "last_seen" at least once per
 * heartbeat.  Another hypervisor counts as dead once its "last_seen" has
 * not changed for the hypervisor timeout, as measured on this hypervisor's
 * own monotonic clock (so the two clocks need not agree).  A dead
 * hypervisor no longer holds the interfaces it published as up: one that
 * migrated here may then be taken. */

#include <stdbool.h>

struct ovsdb_idl;
struct ovsdb_idl_txn;

/* Global options:hypervisor_timeout's default, in seconds. */
#define MIRRORD_HYPERVISOR_TIMEOUT 60

long long int mirrord_hypervisor_timeout_msec(struct ovsdb_idl *tm_idl);
void mirrord_heartbeat(struct ovsdb_idl *tm_idl, struct ovsdb_idl_txn *,
                       const char *hypervisor);
bool mirrord_hypervisor_is_alive(struct ovsdb_idl *tm_idl, const char *name);
void mirrord_liveness_wait(void);

#endif /* mirrord/liveness.h */
