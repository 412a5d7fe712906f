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

#ifndef MIRRORCTL_OUTPUT_H
#define MIRRORCTL_OUTPUT_H 1

/* How mirrorctl's AWS-style commands (the Traffic Mirroring and tag
 * commands and the load balancer commands) print their answers, as the
 * AWS CLI does: --output json, text or table, after --query picks from the
 * answer (see utilities/mirrorctl-query.h).  The options go before the
 * command names (for every command) or after a command name (for that
 * one). */

#include "openvswitch/compiler.h"

struct ds;
struct json;

/* The output options of one command. */
struct mirrorctl_output {
    const char *format;         /* "json", "text" or "table". */
    const char *query;          /* --query expression, or NULL. */
};

void mirrorctl_output_set_defaults(const char *format, const char *query);
char *mirrorctl_output_parse(int *argcp, char *argv[],
                             struct mirrorctl_output *)
    OVS_WARN_UNUSED_RESULT;
void mirrorctl_output_print(const struct mirrorctl_output *,
                            const struct json *response, const char *title,
                            struct ds *out);

char *mirrorctl_check_output_format(const char *) OVS_WARN_UNUSED_RESULT;
void mirrorctl_format_response(const struct json *, const char *title,
                               const char *format, struct ds *);

#endif /* utilities/mirrorctl-output.h */
