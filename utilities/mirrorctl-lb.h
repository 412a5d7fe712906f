/*
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

#ifndef MIRRORCTL_LB_H
#define MIRRORCTL_LB_H 1

/* mirrorctl's load balancer commands: create-load-balancer,
 * describe-load-balancers and delete-load-balancer, for the fleets that
 * network-load-balancer traffic mirror targets name. */

#include "db-ctl-base.h"

extern const struct ctl_command_syntax mirrorctl_lb_commands[];

#endif /* utilities/mirrorctl-lb.h */
