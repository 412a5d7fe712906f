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

#include "mirrord/liveness.h"

#include <limits.h>
#include <string.h>

#include "openvswitch/shash.h"
#include "openvswitch/vlog.h"
#include "ovsdb-idl.h"
#include "ovsdb-schema/traffic-mirror-idl.h"
#include "openvswitch/poll-loop.h"
#include "smap.h"
#include "timeval.h"
#include "util.h"

VLOG_DEFINE_THIS_MODULE(mirrord_liveness);

/* What this mirrord has seen of another hypervisor's heartbeats. */
struct peer {
    long long int last_seen;    /* Its "last_seen", or -1 without a row. */
    long long int since;        /* When 'last_seen' took that value, by
                                 * this process's time_msec(). */
    bool dead;                  /* Already reported dead? */
};

/* Other hypervisors, by name: "struct peer"s. */
static struct shash peers = SHASH_INITIALIZER(&peers);

/* When this hypervisor's next heartbeat is due (time_msec()), and the
 * earliest time a peer may turn dead, for mirrord_liveness_wait(). */
static long long int next_heartbeat = LLONG_MIN;
static long long int next_deadline = LLONG_MAX;

/* Returns the hypervisor timeout of 'tm_idl' in milliseconds: Global
 * options:hypervisor_timeout in seconds (5 to 86400), or
 * MIRRORD_HYPERVISOR_TIMEOUT. */
long long int
mirrord_hypervisor_timeout_msec(struct ovsdb_idl *tm_idl)
{
    const struct tmrec_global *g = tmrec_global_first(tm_idl);
    int sec = g ? smap_get_int(&g->options, "hypervisor_timeout", 0) : 0;

    return (sec >= 5 && sec <= 86400 ? sec : MIRRORD_HYPERVISOR_TIMEOUT)
           * 1000LL;
}

/* Returns the Hypervisor row of 'name' in 'tm_idl', or NULL. */
static const struct tmrec_hypervisor *
find_hypervisor(struct ovsdb_idl *tm_idl, const char *name)
{
    const struct tmrec_hypervisor *hv;

    TMREC_HYPERVISOR_FOR_EACH (hv, tm_idl) {
        if (!strcmp(hv->name, name)) {
            return hv;
        }
    }
    return NULL;
}

/* Writes this hypervisor's "last_seen" in 'txn' if a heartbeat is due: four
 * per hypervisor timeout, so that a peer misses three before it gives up
 * on this one.  Only this hypervisor's mirrord writes the column. */
void
mirrord_heartbeat(struct ovsdb_idl *tm_idl, struct ovsdb_idl_txn *txn,
                  const char *hypervisor)
{
    const struct tmrec_hypervisor *hv;
    long long int now = time_msec();

    if (!txn || now < next_heartbeat) {
        return;
    }
    hv = find_hypervisor(tm_idl, hypervisor);
    if (hv) {
        tmrec_hypervisor_set_last_seen(hv, time_wall_msec());
        next_heartbeat = now + mirrord_hypervisor_timeout_msec(tm_idl) / 4;
    }
}

/* Returns true unless hypervisor 'name' has shown no heartbeat for the
 * hypervisor timeout, counted from when this process first saw its current
 * "last_seen" (or its lack of a row). */
bool
mirrord_hypervisor_is_alive(struct ovsdb_idl *tm_idl, const char *name)
{
    const struct tmrec_hypervisor *hv = find_hypervisor(tm_idl, name);
    long long int last_seen = hv ? hv->last_seen : -1;
    long long int timeout = mirrord_hypervisor_timeout_msec(tm_idl);
    long long int now = time_msec();
    struct peer *peer = shash_find_data(&peers, name);

    if (!peer) {
        peer = xmalloc(sizeof *peer);
        *peer = (struct peer) { .last_seen = last_seen, .since = now };
        shash_add(&peers, name, peer);
    } else if (peer->last_seen != last_seen) {
        if (peer->dead) {
            VLOG_INFO("hypervisor %s is alive again", name);
        }
        *peer = (struct peer) { .last_seen = last_seen, .since = now };
    }

    if (now - peer->since < timeout) {
        next_deadline = MIN(next_deadline, peer->since + timeout);
        return true;
    }
    if (!peer->dead) {
        VLOG_WARN("hypervisor %s: no heartbeat for %lld s: taking over the "
                  "interfaces it holds that are plugged in here", name,
                  (now - peer->since) / 1000);
        peer->dead = true;
    }
    return false;
}

/* Arranges for the poll loop to wake when a heartbeat is due or a peer
 * that holds an interface of this hypervisor may turn dead. */
void
mirrord_liveness_wait(void)
{
    if (next_heartbeat != LLONG_MIN) {
        poll_timer_wait_until(next_heartbeat);
    }
    if (next_deadline != LLONG_MAX) {
        poll_timer_wait_until(next_deadline);
        next_deadline = LLONG_MAX;
    }
}
