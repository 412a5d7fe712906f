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

/* Traffic mirror targets: CreateTrafficMirrorTarget, DeleteTrafficMirrorTarget
 * and DescribeTrafficMirrorTargets. */

#include <config.h>

#include <stdlib.h>
#include <string.h>

#include "lib/tm-check.h"
#include "lib/tm-db.h"
#include "lib/tm-describe.h"
#include "lib/tm-handlers.h"
#include "lib/tm-json.h"
#include "lib/tm-token.h"
#include "openvswitch/json.h"
#include "ovsdb-idl.h"
#include "ovsdb-schema/traffic-mirror-idl.h"
#include "smap.h"
#include "sset.h"
#include "util.h"

/* CreateTrafficMirrorTarget. */
struct tm_error *
tm_create_target(const struct tm_ctx *ctx, struct json **responsep)
{
    struct ovsdb_idl *idl = ctx->idl;
    struct ovsdb_idl_txn *txn = ctx->txn;
    const struct tm_request *req = ctx->req;
    const struct tmrec_network_interface *ni = NULL;
    const struct tmrec_load_balancer *lb = NULL;
    const struct tmrec_mirror_target *t;
    const char *type, *existing;
    struct tm_error *error;
    int n_dest;
    char *id;

    n_dest = (req->network_interface_id != NULL)
             + (req->network_load_balancer_arn != NULL)
             + (req->gateway_load_balancer_endpoint_id != NULL);
    if (n_dest != 1) {
        return tm_error_create("InvalidParameterCombination",
                               "Exactly one of NetworkInterfaceId, "
                               "NetworkLoadBalancerArn and "
                               "GatewayLoadBalancerEndpointId must be "
                               "given.");
    }
    error = tm_check_description(req->description);
    if (!error) {
        error = tm_check_tag_specification(req->tag_resource_type,
                                           TM_RT_TARGET, &req->tags);
    }
    if (!error) {
        error = tm_token_check(idl, req, ctx->action, &existing);
    }
    if (error) {
        return error;
    }
    if (existing) {
        t = tm_find_target(idl, existing);
        if (t) {
            *responsep = tm_token_response("TrafficMirrorTarget",
                                           tm_target_to_json(t), req);
            return NULL;
        }
    }

    if (req->network_interface_id) {
        type = "network-interface";
        error = tm_lookup_interface(idl, req->network_interface_id, &ni);
        if (error) {
            return error;
        }
        if (ni->n_sessions) {
            return tm_error_create("InvalidParameterValue",
                                   "The network interface '%s' is the "
                                   "source of a traffic mirror session and "
                                   "cannot be a target.",
                                   req->network_interface_id);
        }
        if (tm_db_target_of_interface(idl, ni)) {
            return tm_error_create("InvalidParameterValue",
                                   "The network interface '%s' is already a "
                                   "traffic mirror target.",
                                   req->network_interface_id);
        }
    } else if (req->network_load_balancer_arn) {
        type = "network-load-balancer";
        TMREC_LOAD_BALANCER_FOR_EACH (lb, idl) {
            if (lb->arn && !strcmp(lb->arn, req->network_load_balancer_arn)
                && !strcmp(lb->type, "network")) {
                break;
            }
        }
        if (!lb) {
            return tm_error_create("InvalidParameterValue",
                                   "The network load balancer '%s' does not "
                                   "exist.", req->network_load_balancer_arn);
        }
    } else {
        const char *ep = req->gateway_load_balancer_endpoint_id;

        type = "gateway-load-balancer-endpoint";
        TMREC_LOAD_BALANCER_FOR_EACH (lb, idl) {
            bool found = false;
            for (size_t i = 0; i < lb->n_endpoint_ids; i++) {
                found = found || !strcmp(lb->endpoint_ids[i], ep);
            }
            if (found && !strcmp(lb->type, "gateway")) {
                break;
            }
        }
        if (!lb) {
            return tm_error_create("InvalidVpcEndpointId.NotFound",
                                   "The Vpc Endpoint Id '%s' does not "
                                   "exist", ep);
        }
    }

    if (tm_db_count(idl, &tmrec_table_mirror_target)
        >= tm_db_limit(idl, TM_LIMIT_TARGETS)) {
        return tm_error_create("TrafficMirrorTargetLimitExceeded",
                               "The maximum number of traffic mirror "
                               "targets has been reached.");
    }
    error = tm_check_dry_run(req->dry_run);
    if (error) {
        return error;
    }
    tm_db_claim_quota(idl, txn);

    id = tm_db_new_id(idl, "tmt");
    t = tmrec_mirror_target_insert(txn);
    tmrec_mirror_target_set_target_id(t, id);
    tmrec_mirror_target_set_type(t, type);
    tmrec_mirror_target_set_owner_id(t, tm_db_owner_id(idl));
    if (ni) {
        tmrec_mirror_target_set_network_interface(t, ni);
    }
    if (lb) {
        tmrec_mirror_target_set_load_balancer(t, lb);
    }
    if (req->gateway_load_balancer_endpoint_id) {
        tmrec_mirror_target_set_gateway_load_balancer_endpoint_id(
            t, req->gateway_load_balancer_endpoint_id);
    }
    if (req->description) {
        tmrec_mirror_target_set_description(t, req->description);
    }
    tmrec_mirror_target_set_tags(t, &req->tags);
    tm_token_record(idl, txn, req, ctx->action, id);
    free(id);

    *responsep = tm_token_response("TrafficMirrorTarget",
                                   tm_target_to_json(t), req);
    return NULL;
}

/* DeleteTrafficMirrorTarget. */
struct tm_error *
tm_delete_target(const struct tm_ctx *ctx, struct json **responsep)
{
    struct ovsdb_idl *idl = ctx->idl;
    const struct tm_request *req = ctx->req;
    const struct tmrec_mirror_target *t;
    struct tm_error *error;

    error = tm_lookup_target(idl, req->traffic_mirror_target_id, &t);
    if (!error) {
        error = tm_check_not_in_use("target", t->target_id,
                                    tm_db_session_of_target(idl, t));
    }
    if (!error) {
        error = tm_check_dry_run(req->dry_run);
    }
    if (error) {
        return error;
    }
    *responsep = tm_response_1("TrafficMirrorTargetId",
                               json_string_create(t->target_id));
    tmrec_mirror_target_delete(t);
    return NULL;
}

/* Describes target 'row' for tm_describe_table(). */
static struct json *
describe_target(const struct ovsdb_idl_row *row, const void *aux OVS_UNUSED,
                const char **idp, const struct smap **tagsp,
                bool *matchp OVS_UNUSED)
{
    const struct tmrec_mirror_target *t
        = CONTAINER_OF(row, struct tmrec_mirror_target, header_);

    *idp = t->target_id;
    *tagsp = &t->tags;
    return tm_target_to_json(t);
}

/* DescribeTrafficMirrorTargets. */
struct tm_error *
tm_describe_targets(const struct tm_ctx *ctx, struct json **responsep)
{
    return tm_describe_table(ctx->idl, ctx->req, TM_DESCRIBE_TARGETS,
                             &tmrec_table_mirror_target, &TM_TARGET_KIND,
                             "TrafficMirrorTargets", describe_target, NULL,
                             responsep);
}
