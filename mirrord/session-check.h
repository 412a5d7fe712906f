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

#ifndef MIRRORD_SESSION_CHECK_H
#define MIRRORD_SESSION_CHECK_H 1

/* Checks of a session's rows as found in the Traffic_Mirror database.
 *
 * mirrorctl and mirror-api refuse bad input, but any client can write the
 * database directly.  Before mirrord programs copies for a session, it
 * checks that the rows around it make sense, so that a misbehaving
 * controller's row puts that one session in error (with a reason) instead
 * of producing copies nobody asked for.  Where the API has a check for the
 * same thing, mirrord calls it (lib/tm-check.h), so that a row is judged
 * as the request that would have written it. */

#include <stdbool.h>

#include "openvswitch/compiler.h"

struct tm_error;
struct tmrec_global;
struct tmrec_mirror_session;
struct tmrec_network_interface;

bool mirrord_session_listed_by(const struct tmrec_network_interface *,
                               const struct tmrec_mirror_session *);
char *mirrord_check_session(const struct tmrec_global *,
                            const struct tmrec_network_interface *,
                            const struct tmrec_mirror_session *)
    OVS_WARN_UNUSED_RESULT;
char *mirrord_error_reason(struct tm_error *) OVS_WARN_UNUSED_RESULT;

#endif /* mirrord/session-check.h */
