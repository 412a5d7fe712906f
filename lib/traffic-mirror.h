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

#ifndef TRAFFIC_MIRROR_H
#define TRAFFIC_MIRROR_H 1

/* The Amazon VPC Traffic Mirroring API on the Traffic_Mirror database.
 *
 * This library carries out the 15 Traffic Mirroring actions of the EC2 API,
 * and CreateTags, DeleteTags and DescribeTags on their resources, on an
 * OVSDB IDL connected to a Traffic_Mirror database, inside a transaction
 * that the caller owns: it checks every parameter and every
 * rule of the API (existence, ranges, uniqueness, quotas), reporting
 * failures with the AWS error code, and writes nothing to the transaction
 * before all checks have passed.  mirrorctl and the API front end share
 * it; each parses its own request syntax into a "struct tm_request" and
 * renders the JSON response that tm_execute() returns in its own way. */

#include <stdbool.h>
#include <stdint.h>
#include "lib/tm-error.h"
#include "lib/tm-request.h"
#include "openvswitch/json.h"

struct ovsdb_idl;
struct ovsdb_idl_txn;

const char *tm_action_name(enum tm_action);      /* "CreateTrafficMir..." */
const char *tm_action_cli_name(enum tm_action);  /* "create-traffic-m..." */
bool tm_action_from_cli_name(const char *, enum tm_action *);
bool tm_action_is_change(enum tm_action);

/* Running an action. */
void tm_idl_init(struct ovsdb_idl *);
struct tm_error *tm_execute(struct ovsdb_idl *, struct ovsdb_idl_txn *,
                            enum tm_action, const struct tm_request *,
                            struct json **responsep);

#endif /* traffic-mirror.h */
