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

#ifndef MIRRORD_COUNTERS_H
#define MIRRORD_COUNTERS_H 1

/* A session's counters (Mirror_Session "counters"), from the Mirror_Rule
 * statistics of the mirror that mirrord built for it (ovs-patches 0009): a
 * packet that one of the mirror's accept rules decided is a packet the
 * session copied, in that rule's direction. */

struct ovsrec_mirror;
struct tmrec_mirror_session;

void mirrord_write_counters(const struct tmrec_mirror_session *,
                            const struct ovsrec_mirror *);

#endif /* mirrord/counters.h */
