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

#ifndef API_TM_COUNTERS_H
#define API_TM_COUNTERS_H 1

/* DescribeTrafficMirrorCounters: an extension action of mirror-api (not
 * an EC2 action) that reads the counters mirrord writes back into the
 * Traffic_Mirror database, for the console's live graphs.  It is signed
 * and authorized like every other action (both read-only and read-write
 * keys may call it) and reads only what the database already holds, so
 * it adds no write load.
 *
 *   Action=DescribeTrafficMirrorCounters&Version=2016-11-15
 *   [&TrafficMirrorSessionId.N=tms-...]
 *
 * answers, for each session asked for (all sessions without an id):
 *
 *   <DescribeTrafficMirrorCountersResponse xmlns="...">
 *     <requestId>...</requestId>
 *     <trafficMirrorSessionCounterSet>
 *       <item>
 *         <trafficMirrorSessionId>tms-...</trafficMirrorSessionId>
 *         <packetsIn>5</packetsIn> <packetsOut/> <bytesIn/> <bytesOut/>
 *         (and skippedPacketsIn &c. once the datapath counts skips)
 *         <ruleSet><item>
 *           <trafficMirrorFilterRuleId>tmfr-...</trafficMirrorFilterRuleId>
 *           <trafficDirection>ingress</trafficDirection>
 *           <ruleNumber>100</ruleNumber> <ruleAction>accept</ruleAction>
 *           <hits>5</hits>          (summed over hypervisors)
 *         </item></ruleSet>
 *       </item>
 *     </trafficMirrorSessionCounterSet>
 *   </DescribeTrafficMirrorCountersResponse> */

#include <stdbool.h>

struct api_http_request;
struct ovsdb_idl;
struct smap;

#define API_COUNTERS_ACTION "DescribeTrafficMirrorCounters"

bool api_counters_is_action(const struct smap *params);
const char *api_counters_respond(struct api_http_request *,
                                 struct ovsdb_idl *,
                                 const struct smap *params,
                                 const char *request_id);

#endif /* api/tm-counters.h */
