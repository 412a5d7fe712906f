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

#ifndef API_QUERY_H
#define API_QUERY_H 1

/* The EC2 Query API request syntax: form-encoded parameters, from a GET
 * query string or a POST body, such as
 *
 *   Action=DescribeTrafficMirrorSessions&Version=2016-11-15
 *   &TrafficMirrorSessionId.1=tms-...&Filter.1.Name=session-number
 *   &Filter.1.Value.1=1
 *
 * turned into a "struct tm_request" for libtrafficmirror. */

#include <stddef.h>
#include "lib/traffic-mirror.h"

struct smap;

void api_query_decode_form(const char *data, size_t len, struct smap *);
struct tm_error *api_query_parse(const struct smap *params,
                                 enum tm_action *actionp,
                                 struct tm_request *);

#endif /* api/query.h */
