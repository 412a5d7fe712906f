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

#ifndef TM_ERROR_H
#define TM_ERROR_H 1

/* Errors as data.
 *
 * Every check of libtrafficmirror reports a failure as a "struct tm_error":
 * the AWS error code, the parameter (or database column) at fault and a
 * sentence for people.  The library never prints: the API front end turns
 * an error into an EC2 XML error response, mirrorctl into a message on
 * stderr, and mirrord into the status reason of a session.  This is the
 * bottom layer of the library; it depends on nothing else in lib/. */

#include "openvswitch/compiler.h"

/* An AWS error. */
struct tm_error {
    char *code;                 /* AWS error code, e.g.
                                 * "InvalidTrafficMirrorSessionId.NotFound". */
    char *field;                /* Parameter at fault, e.g. "PacketLength",
                                 * or NULL when no single one is. */
    char *message;              /* Human-readable explanation. */
};

struct tm_error *tm_error_create(const char *code, const char *format, ...)
    OVS_PRINTF_FORMAT(2, 3);
struct tm_error *tm_error_create_field(const char *code, const char *field,
                                       const char *format, ...)
    OVS_PRINTF_FORMAT(3, 4);
void tm_error_destroy(struct tm_error *);

struct tm_error *tm_missing(const char *param);

#endif /* lib/tm-error.h */
