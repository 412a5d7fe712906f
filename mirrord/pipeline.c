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

#include <config.h>

#include "mirrord/pipeline.h"

#include <string.h>

#include "smap.h"
#include "util.h"
#include "vswitch-idl.h"

/* Reads who owns the OpenFlow pipeline of bridge 'br' (see pipeline.h)
 * into '*owner'.  Returns NULL, or a malloc()'d sentence saying why the
 * setting cannot be used: an unknown value is an error rather than a
 * guess, since guessing "mirrord" on a controller's bridge would copy
 * packets that the controller's ACLs drop. */
char *
mirrord_pipeline_get(const struct ovsrec_bridge *br,
                     enum mirrord_pipeline *owner)
{
    const char *value = smap_get(&br->external_ids, MIRRORD_PIPELINE_KEY);

    *owner = MIRRORD_PIPELINE_MIRRORD;
    if (!value || !strcmp(value, "mirrord")) {
        return NULL;
    } else if (!strcmp(value, "controller")) {
        *owner = MIRRORD_PIPELINE_CONTROLLER;
        return NULL;
    }
    return xasprintf("bridge %s has external_ids:%s=%s, which is "
                     "neither mirrord nor controller",
                     br->name, MIRRORD_PIPELINE_KEY, value);
}

/* Returns NULL if mirrors on bridge 'br', whose pipeline 'owner' owns,
 * need no explanation in their session's status, otherwise a malloc()'d
 * sentence for people that says where the copies of the mirror named
 * 'mirror_name' come from. */
char *
mirrord_pipeline_describe(enum mirrord_pipeline owner,
                          const struct ovsrec_bridge *br,
                          const char *mirror_name)
{
    if (owner != MIRRORD_PIPELINE_CONTROLLER) {
        return NULL;
    }
    return xasprintf("a controller owns the pipeline of bridge %s "
                     "(external_ids:%s=controller): copies are made only "
                     "where its flows use the action mirror(name=%s)",
                     br->name, MIRRORD_PIPELINE_KEY, mirror_name);
}
