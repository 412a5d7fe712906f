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

#ifndef TM_TOKEN_H
#define TM_TOKEN_H 1

/* Client tokens: the idempotency of the Create actions.
 *
 * A Create request with a ClientToken leaves a Client_Token row with a
 * fingerprint of its parameters (those that lib/tm-params.h marks as part
 * of it); a later request with the same token and action gets the same
 * resource if its parameters match, IdempotentParameterMismatch if not. */

#include "lib/tm-error.h"
#include "lib/tm-request.h"

struct json;
struct ovsdb_idl;
struct ovsdb_idl_txn;

struct tm_error *tm_token_check(struct ovsdb_idl *, const struct tm_request *,
                                const char *action,
                                const char **resource_idp);
void tm_token_record(struct ovsdb_idl *, struct ovsdb_idl_txn *,
                     const struct tm_request *, const char *action,
                     const char *resource_id);
struct json *tm_token_response(const char *name, struct json *resource,
                               const struct tm_request *);

#endif /* lib/tm-token.h */
