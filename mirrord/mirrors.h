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

#ifndef MIRRORD_MIRRORS_H
#define MIRRORD_MIRRORS_H 1

/* One full recompute of a hypervisor's mirroring: publish the local
 * interfaces into the Traffic_Mirror database, turn the sessions of local
 * interfaces into Mirror rows of the Open_vSwitch database, and report each
 * session's status back. */

#include <stddef.h>

/* external_ids keys that mark the rows mirrord owns in the Open_vSwitch
 * database.  Nothing else is ever modified or deleted. */
#define MIRRORD_OWNER_SESSION_KEY "traffic-mirror-session"  /* Mirror. */
#define MIRRORD_OWNER_PORT_KEY "traffic-mirror-port"        /* Port. */

struct ovsdb_idl;
struct ovsdb_idl_txn;

/* What mirrord_run() works on.  Either transaction may be NULL when its
 * database cannot take a write now; that part of the work waits. */
struct mirrord_ctx {
    struct ovsdb_idl *ovs_idl;          /* Local Open_vSwitch database. */
    struct ovsdb_idl_txn *ovs_txn;
    struct ovsdb_idl *tm_idl;           /* Traffic_Mirror database. */
    struct ovsdb_idl_txn *tm_txn;
    const char *hypervisor;             /* This hypervisor's name. */
};

/* What the last mirrord_run() found, for "mirrord/status". */
struct mirrord_summary {
    size_t n_local_interfaces;  /* Ports with an external_ids:iface-id. */
    size_t n_sessions;          /* Sessions of local interfaces. */
    size_t n_active;            /* Of those, mirrors in force. */
};

void mirrord_run(const struct mirrord_ctx *, struct mirrord_summary *);

#endif /* mirrord/mirrors.h */
