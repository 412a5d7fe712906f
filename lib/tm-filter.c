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

/* Traffic mirror filters: CreateTrafficMirrorFilter, DeleteTrafficMirrorFilter,
 * DescribeTrafficMirrorFilters and
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
        error = tm_check_tag_specification(req->tag_resource_type, TM_RT_FILTER,
                                           &req->tags);
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

    *responsep = tm_token_response("TrafficMirrorFilter", tm_filter_to_json(f),
                                 req);
    return NULL;
}

/* DeleteTrafficMirrorFilter.  Deleting the filter deletes its rules, which
 * are not in the root set. */
struct tm_error *
tm_delete_filter(const struct tm_ctx *ctx, struct json **responsep)
{
    struct ovsdb_idl *idl = ctx->idl;
    const struct tm_request *req = ctx->req;
    const struct tmrec_mirror_session *s;
    const struct tmrec_mirror_filter *f;
    struct tm_error *error;

    error = tm_lookup_filter(idl, req->traffic_mirror_filter_id, &f);
    if (error) {
        return error;
    }
    s = tm_db_session_of_filter(idl, f);
    if (s) {
        return tm_error_create("DependencyViolation",
                               "The traffic mirror filter '%s' is in use by "
                               "the traffic mirror session '%s'.",
                               f->filter_id, s->session_id);
    }
    error = tm_check_dry_run(req->dry_run);
    if (error) {
        return error;
    }
    *responsep = tm_response_1("TrafficMirrorFilterId",
                            json_string_create(f->filter_id));
    tmrec_mirror_filter_delete(f);
    return NULL;
}

/* DescribeTrafficMirrorFilters. */
struct tm_error *
tm_describe_filters(const struct tm_ctx *ctx, struct json **responsep)
{
    struct ovsdb_idl *idl = ctx->idl;
    const struct tm_request *req = ctx->req;
    const struct tmrec_mirror_filter *f;
    struct tm_described *all;
    struct tm_error *error;
    size_t n = 0;

    error = tm_check_paging(req);
    if (!error) {
        error = tm_check_filter_names(req, TM_DESCRIBE_FILTERS);
    }
    if (error) {
        return error;
    }
    all = xmalloc((tm_db_count(idl, &tmrec_table_mirror_filter) + 1)
                  * sizeof *all);
    TMREC_MIRROR_FILTER_FOR_EACH (f, idl) {
        struct json *json = tm_filter_to_json(f);
        if (!tm_filters_match(req, TM_DESCRIBE_FILTERS, json, &f->tags)) {
            json_destroy(json);
            json = NULL;
        }
        all[n].id = f->filter_id;
        all[n++].json = json;
    }
    return tm_describe_response(req, &TM_FILTER_KIND, "TrafficMirrorFilters",
                                all, n, responsep);
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
tm_modify_filter_network_services(const struct tm_ctx *ctx, struct json **responsep)
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
