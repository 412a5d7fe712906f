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

#include "mirrord/fleet.h"

#include <errno.h>
#include <string.h>
#include <unistd.h>

#include "dns-resolve.h"
#include "openvswitch/dynamic-string.h"
#include "openvswitch/hmap.h"
#include "openvswitch/poll-loop.h"
#include "openvswitch/vlog.h"
#include "ovsdb-schema/traffic-mirror-idl.h"
#include "hash.h"
#include "socket-util.h"
#include "svec.h"
#include "timeval.h"
#include "unixctl.h"
#include "util.h"

VLOG_DEFINE_THIS_MODULE(mirrord_fleet);

/* How often a DNS name is looked at again: the resolver answers from its
 * cache until the record's TTL runs out, then asks again. */
#define DNS_RECHECK_MSEC 5000

/* One collector's health, as seen from this hypervisor. */
struct health_check {
    struct hmap_node node;      /* In 'checks', by hash of 'target'. */
    char *target;               /* "ADDRESS:PORT" or "[ADDRESS]:PORT". */
    bool used;                  /* Asked for since the last sweep. */

    long long int interval;     /* Milliseconds between checks. */
    long long int timeout;      /* Milliseconds a connection may take. */
    int healthy_threshold;
    int unhealthy_threshold;

    int fd;                     /* Connection in progress, or -1. */
    long long int deadline;     /* When the connection in progress fails. */
    long long int next;         /* When the next check starts. */
    int streak;                 /* Results in a row contradicting 'healthy'. */
    bool healthy;
};

static struct hmap checks = HMAP_INITIALIZER(&checks);
static bool dns_pending;        /* A DNS name still has no answer. */

static unixctl_cb_func mirrord_fleet_show;

/* Starts the resolver for the fleets' DNS names and registers the unixctl
 * command "mirrord/fleet". */
void
mirrord_fleet_init(void)
{
    dns_resolve_init(true);
    unixctl_command_register("mirrord/fleet", "", 0, 0, mirrord_fleet_show,
                             NULL);
}

/* Closes the connection of 'hc', if any. */
static void
health_check_close(struct health_check *hc)
{
    if (hc->fd >= 0) {
        close(hc->fd);
        hc->fd = -1;
    }
}

/* Frees every health check and stops the resolver. */
void
mirrord_fleet_destroy(void)
{
    struct health_check *hc;

    HMAP_FOR_EACH_POP (hc, node, &checks) {
        health_check_close(hc);
        free(hc->target);
        free(hc);
    }
    dns_resolve_destroy();
}

/* Records the result 'ok' of a check of 'hc' and schedules the next one. */
static void
health_check_result(struct health_check *hc, bool ok, const char *why)
{
    long long int now = time_msec();

    health_check_close(hc);
    hc->next = now + hc->interval;
    if (ok == hc->healthy) {
        hc->streak = 0;
        return;
    }
    hc->streak++;
    if (hc->streak >= (ok ? hc->healthy_threshold
                          : hc->unhealthy_threshold)) {
        hc->healthy = ok;
        hc->streak = 0;
        VLOG_INFO("collector %s is %s%s%s", hc->target,
                  ok ? "healthy" : "unhealthy", why ? ": " : "",
                  why ? why : "");
    }
}

/* Advances the health check 'hc': starts a connection when one is due,
 * and finishes the one in progress when it completes or times out. */
static void
health_check_run(struct health_check *hc)
{
    long long int now = time_msec();

    if (hc->fd < 0 && now >= hc->next) {
        int error = inet_open_active(SOCK_STREAM, hc->target, -1, NULL,
                                     &hc->fd, 0);
        if (error && error != EAGAIN && error != EINPROGRESS) {
            hc->fd = -1;
            health_check_result(hc, false, ovs_strerror(error));
            return;
        }
        hc->deadline = now + hc->timeout;
    }
    if (hc->fd >= 0) {
        int error = check_connection_completion(hc->fd);

        if (!error) {
            health_check_result(hc, true, NULL);
        } else if (error != EAGAIN) {
            health_check_result(hc, false, ovs_strerror(error));
        } else if (now >= hc->deadline) {
            health_check_result(hc, false, "timed out");
        }
    }
}

/* Runs the health checks.  Call before computing the fleets. */
void
mirrord_fleet_run(void)
{
    struct health_check *hc;

    dns_pending = false;
    HMAP_FOR_EACH (hc, node, &checks) {
        health_check_run(hc);
    }
}

/* Drops the health checks that no fleet asked for since the last call (a
 * collector removed from its load balancer, or a fleet no local session
 * uses any more).  Call after a full computation of the fleets. */
void
mirrord_fleet_sweep(void)
{
    struct health_check *hc;

    HMAP_FOR_EACH_SAFE (hc, node, &checks) {
        if (!hc->used) {
            hmap_remove(&checks, &hc->node);
            health_check_close(hc);
            free(hc->target);
            free(hc);
        } else {
            hc->used = false;
        }
    }
}

/* Arranges for the poll loop to wake up when a health check or a DNS name
 * needs attention. */
void
mirrord_fleet_wait(void)
{
    struct health_check *hc;

    HMAP_FOR_EACH (hc, node, &checks) {
        if (hc->fd >= 0) {
            poll_fd_wait(hc->fd, POLLOUT);
            poll_timer_wait_until(hc->deadline);
        } else {
            poll_timer_wait_until(hc->next);
        }
    }
    if (dns_pending) {
        poll_timer_wait(100);
    }
}

/* Returns the health_check_* setting 'key' of 'lb', or 'def'. */
static int64_t
lb_health_setting(const struct tmrec_load_balancer *lb, const char *key,
                  int64_t def)
{
    for (size_t i = 0; i < lb->n_health_check; i++) {
        if (!strcmp(lb->key_health_check[i], key)) {
            return lb->value_health_check[i];
        }
    }
    return def;
}

/* Returns the health check of 'address' for 'lb', creating it (healthy
 * until proven otherwise) if needed, with 'lb''s current settings. */
static struct health_check *
health_check_get(const struct tmrec_load_balancer *lb, const char *address,
                 int64_t port)
{
    char *target = (strchr(address, ':')
                    ? xasprintf("[%s]:%"PRId64, address, port)
                    : xasprintf("%s:%"PRId64, address, port));
    uint32_t hash = hash_string(target, 0);
    struct health_check *hc;

    HMAP_FOR_EACH_WITH_HASH (hc, node, hash, &checks) {
        if (!strcmp(hc->target, target)) {
            free(target);
            goto found;
        }
    }
    hc = xzalloc(sizeof *hc);
    hc->target = target;
    hc->fd = -1;
    hc->healthy = true;
    hc->next = time_msec();
    hmap_insert(&checks, &hc->node, hash);

found:
    hc->used = true;
    hc->interval = lb_health_setting(lb, "interval", 10) * 1000;
    hc->timeout = MIN(lb_health_setting(lb, "timeout", 5) * 1000,
                      hc->interval);
    hc->healthy_threshold = lb_health_setting(lb, "healthy_threshold", 2);
    hc->unhealthy_threshold = lb_health_setting(lb, "unhealthy_threshold",
                                                2);
    return hc;
}

/* Fills 'collectors' (sorted, without duplicates) with the addresses of
 * the collectors of 'lb' that should get copies now: its addresses and
 * the current answer for its DNS name, less those failing their health
 * check (unless all do). */
void
mirrord_fleet_collectors(const struct tmrec_load_balancer *lb,
                         struct svec *collectors)
{
    struct svec all = SVEC_EMPTY_INITIALIZER;
    const char *address;
    size_t i;

    for (i = 0; i < lb->n_addresses; i++) {
        svec_add(&all, lb->addresses[i]);
    }
    if (lb->dns_name) {
        char *resolved;

        /* dns_resolve() also returns true, with no address, when it has
         * just sent the query. */
        if (dns_resolve(lb->dns_name, &resolved) && resolved) {
            svec_add_nocopy(&all, resolved);
        } else {
            dns_pending = true;
        }
        /* Come back to notice a changed answer once the TTL expires. */
        poll_timer_wait(dns_pending ? 100 : DNS_RECHECK_MSEC);
    }
    svec_sort_unique(&all);

    int64_t port = lb_health_setting(lb, "port", 0);
    SVEC_FOR_EACH (i, address, &all) {
        if (!port || health_check_get(lb, address, port)->healthy) {
            svec_add(collectors, address);
        }
    }
    if (!collectors->n) {
        /* Fail open, as a load balancer does when no target is healthy. */
        svec_append(collectors, &all);
    }
    svec_destroy(&all);
}

/* unixctl "mirrord/fleet": every collector under health check and its
 * health, as seen from this hypervisor. */
static void
mirrord_fleet_show(struct unixctl_conn *conn, int argc OVS_UNUSED,
                   const char *argv[] OVS_UNUSED, void *aux OVS_UNUSED)
{
    struct ds s = DS_EMPTY_INITIALIZER;
    struct health_check *hc;

    HMAP_FOR_EACH (hc, node, &checks) {
        ds_put_format(&s, "%s %s\n", hc->target,
                      hc->healthy ? "healthy" : "unhealthy");
    }
    unixctl_command_reply(conn, ds_cstr(&s));
    ds_destroy(&s);
}
