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

#ifndef MIRRORD_PIPELINE_H
#define MIRRORD_PIPELINE_H 1

/* Who owns a bridge's OpenFlow pipeline, as the local operator says in the
 * Bridge's external_ids:traffic-mirror-pipeline, and so how mirrord's
 * mirrors on that bridge choose the packets they copy:
 *
 *   - "mirrord" (also when the key is absent): nobody else owns the
 *     pipeline.  Each mirror selects its session's port and takes its
 *     copies at the verdict point (Mirror copy_point "verdict"): a packet
 *     the port sends is copied only if the pipeline forwards it.
 *
 *   - "controller": a controller (ovn-controller, Faucet, a Ryu app)
 *     owns the pipeline.  Each mirror selects no port at all, so that it
 *     copies only where the controller's flows use the OpenFlow action
 *     mirror(name=tm-SESSION), after the controller's own ACL stage.
 *
 * mirrord writes no OpenFlow flows in either case: see mirrord(8). */

#include "openvswitch/compiler.h"

struct ovsrec_bridge;

/* The Bridge external_ids key that names the owner of the pipeline. */
#define MIRRORD_PIPELINE_KEY "traffic-mirror-pipeline"

/* Owners of a bridge's pipeline. */
enum mirrord_pipeline {
    MIRRORD_PIPELINE_MIRRORD,    /* Nobody else: mirrors select the port. */
    MIRRORD_PIPELINE_CONTROLLER, /* A controller: copies by action only. */
};

char *mirrord_pipeline_get(const struct ovsrec_bridge *,
                           enum mirrord_pipeline *)
    OVS_WARN_UNUSED_RESULT;
char *mirrord_pipeline_describe(enum mirrord_pipeline,
                                const struct ovsrec_bridge *,
                                const char *mirror_name);

#endif /* mirrord/pipeline.h */
