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

#include "mirrord/session-check.h"

#include <string.h>

#include "lib/tm-check.h"
#include "ovsdb-schema/traffic-mirror-idl.h"
#include "packets.h"
#include "util.h"

/* Returns true if 'ni' lists session 's' among its sessions. */
bool
mirrord_session_listed_by(const struct tmrec_network_interface *ni,
                          const struct tmrec_mirror_session *s)
{
    for (size_t i = 0; ni && i < ni->n_sessions; i++) {
        if (ni->sessions[i] == s) {
            return true;
        }
    }
    return false;
}

/* Returns the status reason for AWS error 'error', which it frees: the
 * error code, then the message, as the API would have answered a request
 * that broke the same rule. */
char *
mirrord_error_reason(struct tm_error *error)
{
    char *reason = xasprintf("%s: %s", error->code, error->message);

    tm_error_destroy(error);
    return reason;
}

/* Returns true if 's' is an IPv4 or IPv6 address. */
static bool
is_ip_address(const char *s)
{
    struct in6_addr ip6;
    ovs_be32 ip;

    return ip_parse(s, &ip) || ipv6_parse(s, &ip6);
}

/* Checks that target 't' of a session whose source is 'source' names a
 * collector that copies can go to.  Returns NULL, or a malloc()'d
 * reason. */
static char *
check_target(const struct tmrec_mirror_target *t,
             const struct tmrec_network_interface *source)
{
    const struct tmrec_network_interface *ni = t->network_interface;
    const struct tmrec_load_balancer *lb = t->load_balancer;

    if (!strcmp(t->type, "network-interface")) {
        if (!ni || lb) {
            return xasprintf("target %s of type network-interface must "
                             "name an interface and nothing else",
                             t->target_id);
        }
        struct tm_error *error = tm_check_source_not_target(source, t);
        if (error) {
            tm_error_destroy(error);
            return xasprintf("interface %s cannot be both the source and "
                             "the target of a session", ni->interface_id);
        }
        if (ni->primary_address && !is_ip_address(ni->primary_address)) {
            return xasprintf("target interface %s has an invalid address "
                             "\"%s\"", ni->interface_id,
                             ni->primary_address);
        }
    } else if (!strcmp(t->type, "network-load-balancer")) {
        if (!lb || ni) {
            return xasprintf("target %s of type network-load-balancer must "
                             "name a load balancer and nothing else",
                             t->target_id);
        }
        for (size_t i = 0; i < lb->n_addresses; i++) {
            if (!is_ip_address(lb->addresses[i])) {
                return xasprintf("load balancer %s has an invalid address "
                                 "\"%s\"", lb->name, lb->addresses[i]);
            }
        }
    }
    return NULL;
}

/* Checks session 's', found in the sessions of interface 'ni', given the
 * quotas of 'global' (which may be NULL).  Returns NULL if mirrord may
 * program copies for it, otherwise a malloc()'d reason for the session's
 * status.
 *
 * A controller may write more sessions on an interface than its limit
 * allows (the Global table's quotas can lower it below what the schema
 * holds).  Those rows are judged as the requests that would have created
 * them: the sessions with the lowest numbers fit, the others are in error
 * with the error the API would have answered.  (Two sessions of one
 * interface cannot share a number: the schema's index on those columns
 * refuses it.) */
char *
mirrord_check_session(const struct tmrec_global *global,
                      const struct tmrec_network_interface *ni,
                      const struct tmrec_mirror_session *s)
{
    struct tm_error *error;

    if (s->network_interface != ni) {
        return xasprintf("session is listed under interface %s but names "
                         "interface %s", ni->interface_id,
                         (s->network_interface
                          ? s->network_interface->interface_id
                          : "(unknown)"));
    }
    error = tm_check_session_within_limit(
        ni, s, tm_limit(global, TM_LIMIT_SESSIONS_PER_INTERFACE));
    if (error) {
        return mirrord_error_reason(error);
    }
    if (!s->target) {
        return xstrdup("the session's target does not exist");
    }
    if (!s->filter) {
        return xstrdup("the session's filter does not exist");
    }
    return check_target(s->target, ni);
}
