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

#ifndef API_XML_H
#define API_XML_H 1

/* EC2 Query API responses in XML.
 *
 * libtrafficmirror answers in JSON with the API's member names, e.g.
 * {"TrafficMirrorSessions": [{"TrafficMirrorSessionId": ...}]}; the EC2
 * API (and botocore's parser) wants
 *
 *   <DescribeTrafficMirrorSessionsResponse
 *       xmlns="http://ec2.amazonaws.com/doc/2016-11-15/">
 *     <requestId>...</requestId>
 *     <trafficMirrorSessionSet>
 *       <item><trafficMirrorSessionId>...</trafficMirrorSessionId>...</item>
 *     </trafficMirrorSessionSet>
 *   </DescribeTrafficMirrorSessionsResponse>
 *
 * that is, member names in lowerCamelCase, and each list "Things" as
 * "thingSet" with one <item> per element. */

#include "lib/traffic-mirror.h"

struct json;

#define API_XML_NAMESPACE "http:/" "/ec2.amazonaws.com/doc/2016-11-15/"

char *api_xml_response(enum tm_action, const struct json *response,
                       const char *request_id);
char *api_xml_error(const char *code, const char *message,
                    const char *request_id);

#endif /* api/xml.h */
