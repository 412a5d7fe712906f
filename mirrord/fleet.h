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

#ifndef MIRRORD_FLEET_H
#define MIRRORD_FLEET_H 1

/* The collectors of a load-balancer target (a fleet).
 *
 * A Load_Balancer row names its collectors by address, by DNS name (resolved
 * with Open vSwitch's resolver, libunbound, and re-resolved when its TTL
 * runs out), or both.  With a "health_check" port, mirrord connects to each
 * collector over TCP every "interval" seconds (default 10), with a
 * "timeout" (default 5), and counts it unhealthy after
 * "unhealthy_threshold" (default 2) failures in a row and healthy again
 * after "healthy_threshold" (default 2) successes, as a network load
 * balancer's target health checks do.  Unhealthy collectors get no copies,
 * unless all of them are unhealthy (then all get them, failing open as a
 * load balancer does).  Each hypervisor checks for itself: the result
 * depends on its own path to the collector; "mirrord/fleet" shows it.
 *
 * ovs-vswitchd spreads the flows over the collectors (ovs-patches 0016). */

struct svec;
struct tmrec_load_balancer;

void mirrord_fleet_init(void);
void mirrord_fleet_destroy(void);
void mirrord_fleet_run(void);
void mirrord_fleet_sweep(void);
void mirrord_fleet_wait(void);
void mirrord_fleet_collectors(const struct tmrec_load_balancer *,
                              struct svec *collectors);

#endif /* mirrord/fleet.h */
