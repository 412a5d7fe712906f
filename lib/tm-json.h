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

#ifndef TM_JSON_H
#define TM_JSON_H 1

/* The JSON renderings of the Traffic Mirroring resources, in the shape of
 * the EC2 API's responses (e.g. {"TrafficMirrorSessionId": "tms-...",
 * "PacketLength": 128, ...}), from the Traffic_Mirror rows.  mirrorctl
 * prints them as the AWS CLI does; the API front end turns them into
 * XML. */

struct json;
struct smap;
struct tmrec_mirror_filter;
struct tmrec_mirror_filter_rule;
struct tmrec_mirror_session;
struct tmrec_mirror_target;

struct json *tm_tags_to_json(const struct smap *tags);
struct json *tm_target_to_json(const struct tmrec_mirror_target *);
struct json *tm_filter_to_json(const struct tmrec_mirror_filter *);
struct json *tm_rule_to_json(const struct tmrec_mirror_filter_rule *);
struct json *tm_session_to_json(const struct tmrec_mirror_session *);
struct json *tm_response_1(const char *name, struct json *value);

#endif /* lib/tm-json.h */
