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

#ifndef API_AUDIT_H
#define API_AUDIT_H 1

/* The audit log of mirror-api: one line per attempted change, through the
 * vlog module "api_audit" at INFO level, e.g.
 *
 *   api_audit|INFO|key=AKID action=DeleteTrafficMirrorSession
 *       request=UUID ids=tms-0123456789abcdef0 result=ok
 *
 * It never contains a secret.  Values other than plain ids are quoted,
 * with control and non-ASCII bytes as \xHH, and a line names at most 16
 * resource ids ("+N" counts the others). */

#include <stddef.h>
#include "lib/traffic-mirror.h"

struct ds;
struct json;

void api_audit_put_value(struct ds *, const char *, size_t max_len);

void api_audit_log(const char *key_id, const char *request_id,
                   enum tm_action, const struct tm_request *,
                   const struct json *response, const char *error_code);

#endif /* api/audit.h */
