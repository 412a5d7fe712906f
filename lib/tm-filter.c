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

/* Traffic mirror filters: CreateTrafficMirrorFilter,
 * DeleteTrafficMirrorFilter, DescribeTrafficMirrorFilters and
 * ModifyTrafficMirrorFilterNetworkServices. */

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

/* CreateTrafficMirrorFilter. */
struct tm_error *
tm_create_filter(const struct tm_ctx *ctx, struct json **responsep)
{
    struct ovsdb_idl *idl = ctx->idl;
    struct ovsdb_idl_txn *txn = ctx->txn;
    const struct tm_request *req = ctx->req;
    const struct tmrec_mirror_filter *f;
    struct tm_error *error;
    const char *existing;
    char *id;

    error = tm_check_description(req->description);
    if (!error) {
        error = tm_check_tag_specification(req->tag_resource_type,
                                           TM_RT_FILTER, &req->tags);
    }
    if (!error) {
        error = tm_token_check(idl, req, ctx->action, &existing);
    }
    if (error) {
        return error;
    }
    if (existing) {
        f = tm_find_filter(idl, existing);
        if (f) {
            *responsep = tm_token_response("TrafficMirrorFilter",
                                           tm_filter_to_json(f), req);
            return NULL;
        }
    }
    if (tm_db_count(idl, &tmrec_table_mirror_filter)
        >= tm_db_limit(idl, TM_LIMIT_FILTERS)) {
        return tm_error_create("TrafficMirrorFilterLimitExceeded",
                               "The maximum number of traffic mirror "
                               "filters has been reached.");
    }
    error = tm_check_dry_run(req->dry_run);
    if (error) {
        return error;
    }
    tm_db_claim_quota(idl, txn);

    id = tm_db_new_id(idl, "tmf");
    f = tmrec_mirror_filter_insert(txn);
    tmrec_mirror_filter_set_filter_id(f, id);
    if (req->description) {
        tmrec_mirror_filter_set_description(f, req->description);
    }
    tmrec_mirror_filter_set_tags(f, &req->tags);
    tm_token_record(idl, txn, req, ctx->action, id);
    free(id);

    *responsep = tm_token_response("TrafficMirrorFilter",
                                   tm_filter_to_json(f), req);
    return NULL;
}

/* DeleteTrafficMirrorFilter.  Deleting the filter deletes its rules, which
 * are not in the root set. */
struct tm_error *
tm_delete_filter(const struct tm_ctx *ctx, struct json **responsep)
{
    struct ovsdb_idl *idl = ctx->idl;
    const struct tm_request *req = ctx->req;
    const struct tmrec_mirror_filter *f;
    struct tm_error *error;

    error = tm_lookup_filter(idl, req->traffic_mirror_filter_id, &f);
    if (!error) {
        error = tm_check_not_in_use("filter", f->filter_id,
                                    tm_db_session_of_filter(idl, f));
    }
    if (!error) {
        error = tm_check_dry_run(req->dry_run);
    }
    if (error) {
        return error;
    }
    *responsep = tm_response_1("TrafficMirrorFilterId",
                               json_string_create(f->filter_id));
    tmrec_mirror_filter_delete(f);
    return NULL;
}

/* Describes filter 'row' for tm_describe_table(). */
static struct json *
describe_filter(const struct ovsdb_idl_row *row, const void *aux OVS_UNUSED,
                const char **idp, const struct smap **tagsp,
                bool *matchp OVS_UNUSED)
{
    const struct tmrec_mirror_filter *f
        = CONTAINER_OF(row, struct tmrec_mirror_filter, header_);

    *idp = f->filter_id;
    *tagsp = &f->tags;
    return tm_filter_to_json(f);
}

/* DescribeTrafficMirrorFilters. */
struct tm_error *
tm_describe_filters(const struct tm_ctx *ctx, struct json **responsep)
{
    return tm_describe_table(ctx->idl, ctx->req, TM_DESCRIBE_FILTERS,
                             &tmrec_table_mirror_filter, &TM_FILTER_KIND,
                             "TrafficMirrorFilters", describe_filter, NULL,
                             responsep);
}

/* Checks that every network service in 'services' is "amazon-dns". */
static struct tm_error *
check_network_services(const struct sset *services)
{
    const char *s;

    SSET_FOR_EACH (s, services) {
        if (strcmp(s, "amazon-dns")) {
            return tm_error_create("InvalidParameterValue",
                                   "The network service '%s' is not "
                                   "supported (only 'amazon-dns' is).", s);
        }
    }
    return NULL;
}

/* ModifyTrafficMirrorFilterNetworkServices. */
struct tm_error *
tm_modify_filter_network_services(const struct tm_ctx *ctx,
                                  struct json **responsep)
{
    struct ovsdb_idl *idl = ctx->idl;
    const struct tm_request *req = ctx->req;
    const struct tmrec_mirror_filter *f;
    struct tm_error *error;
    struct sset services;
    const char *s;

    error = tm_lookup_filter(idl, req->traffic_mirror_filter_id, &f);
    if (!error) {
        error = check_network_services(&req->add_network_services);
    }
    if (!error) {
        error = check_network_services(&req->remove_network_services);
    }
    if (!error) {
        error = tm_check_dry_run(req->dry_run);
    }
    if (error) {
        return error;
    }

    sset_init(&services);
    for (size_t i = 0; i < f->n_network_services; i++) {
        sset_add(&services, f->network_services[i]);
    }
    SSET_FOR_EACH (s, &req->add_network_services) {
        sset_add(&services, s);
    }
    SSET_FOR_EACH (s, &req->remove_network_services) {
        sset_find_and_delete(&services, s);
    }
    const char **array = sset_array(&services);
    tmrec_mirror_filter_set_network_services(f, array, sset_count(&services));
    free(array);
    sset_destroy(&services);

    *responsep = tm_response_1("TrafficMirrorFilter", tm_filter_to_json(f));
    return NULL;
}
