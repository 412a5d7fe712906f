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

#ifndef API_METRICS_H
#define API_METRICS_H 1

/* mirror-api's Prometheus endpoint (--metrics=tcp:IP:PORT): GET /metrics
 * answers in the Prometheus text exposition format (version 0.0.4) with
 *
 *   - the daemon's own request counters and latencies, by action and
 *     result (mirror_api_requests_total,
 *     mirror_api_request_duration_seconds histogram);
 *   - the per-session counters that mirrord writes back into the
 *     Traffic_Mirror database (traffic_mirror_session_packets_total,
 *     traffic_mirror_session_bytes_total, by direction) and the sessions'
 *     descriptions (traffic_mirror_session_info);
 *   - the per-rule hit counts (traffic_mirror_filter_rule_hits_total, by
 *     hypervisor).
 *
 * It reads what the database already holds and writes nothing. */

#include <stdbool.h>
#include "openvswitch/compiler.h"

struct api_http_request;
struct ovsdb_idl;

char *api_metrics_check_listen(const char *listen, bool allow_remote)
    OVS_WARN_UNUSED_RESULT;
void api_metrics_observe(const char *action, const char *result,
                         long long int elapsed_msec);
void api_metrics_handle(struct api_http_request *, void *idlp);
char *api_metrics_render(const struct ovsdb_idl *);

#endif /* api/metrics.h */
