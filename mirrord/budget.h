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

#ifndef MIRRORD_BUDGET_H
#define MIRRORD_BUDGET_H 1

/* Copy budgets: what the Traffic_Mirror database's Global "copy_budget"
 * and the sessions' "copy_budget_packets" and "copy_budget_bytes" ask for,
 * written into the Mirror rows' "copy_budget" and the Open_vSwitch
 * table's other_config:mirror-copy-budget-packets and -bytes, which the
 * patched ovs-vswitchd enforces with datapath meters. */

struct mirrord_ctx;
struct ovsrec_mirror;
struct tmrec_mirror_session;

void mirrord_budget_apply_session(const struct mirrord_ctx *,
                                  const struct ovsrec_mirror *,
                                  const struct tmrec_mirror_session *);
void mirrord_budget_apply_hypervisor(const struct mirrord_ctx *);

#endif /* mirrord/budget.h */
