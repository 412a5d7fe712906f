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

/* Traffic mirror sessions: CreateTrafficMirrorSession,
 * ModifyTrafficMirrorSession, DeleteTrafficMirrorSession and
 * DescribeTrafficMirrorSessions. */

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

/* Checks that target 't' may take one more source interface 'ni' (the
 * sources-per-interface-target quota; 'self' is a session being moved to
 * 't', NULL for a new one). */
static struct tm_error *
check_target_sources(struct ovsdb_idl *idl,
                     const struct tmrec_mirror_target *t,
                     const struct tmrec_network_interface *ni,
                     const struct tmrec_mirror_session *self)
{
    const struct tmrec_mirror_session *s;
    struct sset sources;
    int64_t max;
    bool ok;

    if (strcmp(t->type, "network-interface")) {
        return NULL;
    }
    struct tm_error *error = tm_check_source_not_target(ni, t);
    if (error) {
        return error;
    }
    max = tm_db_limit(idl, TM_LIMIT_SOURCES_PER_TARGET);
    sset_init(&sources);
    TMREC_MIRROR_SESSION_FOR_EACH (s, idl) {
        if (s != self && s->target == t && s->network_interface) {
            sset_add(&sources, s->network_interface->interface_id);
        }
    }
    ok = sset_contains(&sources, ni->interface_id)
         || sset_count(&sources) < max;
    sset_destroy(&sources);
    if (!ok) {
        return tm_error_create("TrafficMirrorSourcesPerTargetLimitExceeded",
                               "The traffic mirror target '%s' already has "
                               "the maximum of %"PRId64" sources.",
                               t->target_id, max);
    }
    return NULL;
}

/* CreateTrafficMirrorSession. */
struct tm_error *
tm_create_session(const struct tm_ctx *ctx, struct json **responsep)
{
    struct ovsdb_idl *idl = ctx->idl;
    struct ovsdb_idl_txn *txn = ctx->txn;
    const struct tm_request *req = ctx->req;
    const struct tmrec_network_interface *ni;
    const struct tmrec_mirror_session *s;
    const struct tmrec_mirror_target *t;
    const struct tmrec_mirror_filter *f;
    struct tm_error *error;
    const char *existing;
    char *id;

    error = tm_lookup_interface(idl, req->network_interface_id, &ni);
    if (!error) {
        error = tm_lookup_target(idl, req->traffic_mirror_target_id, &t);
    }
    if (!error) {
        error = tm_lookup_filter(idl, req->traffic_mirror_filter_id, &f);
    }
    if (!error && !req->has_session_number) {
        error = tm_missing("SessionNumber");
    }
    if (!error) {
        error = tm_check_description(req->description);
    }
    if (!error) {
        error = tm_check_tag_specification(req->tag_resource_type,
                                           TM_RT_SESSION, &req->tags);
    }
    if (!error) {
        error = tm_token_check(idl, req, ctx->action, &existing);
    }
    if (error) {
        return error;
    }
    if (existing) {
        s = tm_find_session(idl, existing);
        if (s) {
            *responsep = tm_token_response("TrafficMirrorSession",
                                           tm_session_to_json(s), req);
            return NULL;
        }
    }

    if (tm_db_target_of_interface(idl, ni)) {
        return tm_error_create("InvalidParameterValue",
                               "The network interface '%s' is a traffic "
                               "mirror target and cannot be a source.",
                               ni->interface_id);
    }
    error = tm_check_session_number(ni, NULL, req->session_number);
    if (!error) {
        error = check_target_sources(idl, t, ni, NULL);
    }
    if (error) {
        return error;
    }
    error = tm_check_interface_has_room(
        ni, tm_db_limit(idl, TM_LIMIT_SESSIONS_PER_INTERFACE));
    if (error) {
        return error;
    }
    if (tm_db_count(idl, &tmrec_table_mirror_session)
        >= tm_db_limit(idl, TM_LIMIT_SESSIONS)) {
        return tm_error_create("TrafficMirrorSessionLimitExceeded",
                               "The maximum number of traffic mirror "
                               "sessions has been reached.");
    }
    error = tm_check_dry_run(req->dry_run);
    if (error) {
        return error;
    }
    tm_db_claim_quota(idl, txn);

    id = tm_db_new_id(idl, "tms");
    s = tmrec_mirror_session_insert(txn);
    tmrec_mirror_session_set_session_id(s, id);
    tmrec_mirror_session_set_owner_id(s, tm_db_owner_id(idl));
    tmrec_mirror_session_set_network_interface(s, ni);
    tmrec_mirror_session_set_target(s, t);
    tmrec_mirror_session_set_filter(s, f);
    tmrec_mirror_session_set_session_number(s, req->session_number);
    tmrec_mirror_session_set_packet_length(s, &req->packet_length,
                                           req->has_packet_length ? 1 : 0);
    tmrec_mirror_session_set_virtual_network_id(
        s, req->has_virtual_network_id ? req->virtual_network_id
                                       : tm_db_new_vni(idl, s));
    tmrec_mirror_session_set_copy_budget_packets(
        s, &req->copy_budget_packets, req->has_copy_budget_packets);
    tmrec_mirror_session_set_copy_budget_bytes(
        s, &req->copy_budget_bytes, req->has_copy_budget_bytes);
    if (req->description) {
        tmrec_mirror_session_set_description(s, req->description);
    }
    tmrec_mirror_session_set_tags(s, &req->tags);

    /* The per-interface limit and the new 'sessions' value come from this
     * view of 'ni': verify it. */
    tmrec_network_interface_verify_sessions(ni);
    struct tmrec_mirror_session **sessions
        = xmalloc((ni->n_sessions + 1) * sizeof *sessions);
    memcpy(sessions, ni->sessions, ni->n_sessions * sizeof *sessions);
    sessions[ni->n_sessions] = CONST_CAST(struct tmrec_mirror_session *, s);
    tmrec_network_interface_set_sessions(ni, sessions, ni->n_sessions + 1);
    free(sessions);

    tm_token_record(idl, txn, req, ctx->action, id);
    free(id);

    *responsep = tm_token_response("TrafficMirrorSession",
                                   tm_session_to_json(s), req);
    return NULL;
}

/* ModifyTrafficMirrorSession. */
struct tm_error *
tm_modify_session(const struct tm_ctx *ctx, struct json **responsep)
{
    struct ovsdb_idl *idl = ctx->idl;
    const struct tm_request *req = ctx->req;
    const struct tmrec_mirror_target *t = NULL;
    const struct tmrec_mirror_filter *f = NULL;
    const struct tmrec_mirror_session *s;
    struct tm_error *error;

    error = tm_lookup_session(idl, req->traffic_mirror_session_id, &s);
    if (!error && req->traffic_mirror_target_id) {
        error = tm_lookup_target(idl, req->traffic_mirror_target_id, &t);
    }
    if (!error && req->traffic_mirror_filter_id) {
        error = tm_lookup_filter(idl, req->traffic_mirror_filter_id, &f);
    }
    if (!error && req->network_interface_id) {
        error = tm_error_create("InvalidParameterValue",
                                "The source network interface of a traffic "
                                "mirror session cannot be changed.");
    }
    if (!error) {
        error = tm_check_description(req->description);
    }
    if (!error && req->has_session_number && s->network_interface) {
        error = tm_check_session_number(s->network_interface, s,
                                     req->session_number);
    }
    if (!error && t && s->network_interface) {
        error = check_target_sources(idl, t, s->network_interface, s);
    }
    if (!error) {
        error = tm_check_dry_run(req->dry_run);
    }
    if (error) {
        return error;
    }

    if (t) {
        /* The sources-per-target limit was counted on this view. */
        tm_db_claim_quota(idl, ctx->txn);
        tmrec_mirror_session_set_target(s, t);
    }
    if (f) {
        tmrec_mirror_session_set_filter(s, f);
    }
    if (req->has_session_number) {
        tmrec_mirror_session_set_session_number(s, req->session_number);
    }
    if (req->has_packet_length) {
        tmrec_mirror_session_set_packet_length(s, &req->packet_length, 1);
    } else if (sset_contains(&req->remove_fields, "packet-length")) {
        tmrec_mirror_session_set_packet_length(s, NULL, 0);
    }
    if (req->has_copy_budget_packets) {
        tmrec_mirror_session_set_copy_budget_packets(
            s, &req->copy_budget_packets, 1);
    } else if (sset_contains(&req->remove_fields, "copy-budget-packets")) {
        tmrec_mirror_session_set_copy_budget_packets(s, NULL, 0);
    }
    if (req->has_copy_budget_bytes) {
        tmrec_mirror_session_set_copy_budget_bytes(
            s, &req->copy_budget_bytes, 1);
    } else if (sset_contains(&req->remove_fields, "copy-budget-bytes")) {
        tmrec_mirror_session_set_copy_budget_bytes(s, NULL, 0);
    }
    if (req->has_virtual_network_id) {
        tmrec_mirror_session_set_virtual_network_id(s,
                                                    req->virtual_network_id);
    } else if (sset_contains(&req->remove_fields, "virtual-network-id")) {
        /* Without a VNI, a session gets a random one, as at creation. */
        tmrec_mirror_session_set_virtual_network_id(s, tm_db_new_vni(idl, s));
    }
    if (req->description) {
        tmrec_mirror_session_set_description(s, req->description);
    } else if (sset_contains(&req->remove_fields, "description")) {
        tmrec_mirror_session_set_description(s, NULL);
    }

    *responsep = tm_response_1("TrafficMirrorSession", tm_session_to_json(s));
    return NULL;
}

/* DeleteTrafficMirrorSession: takes the session out of its source
 * interface, which deletes it (sessions are not in the root set). */
struct tm_error *
tm_delete_session(const struct tm_ctx *ctx, struct json **responsep)
{
    struct ovsdb_idl *idl = ctx->idl;
    const struct tm_request *req = ctx->req;
    const struct tmrec_network_interface *ni;
    const struct tmrec_mirror_session *s;
    struct tm_error *error;

    error = tm_lookup_session(idl, req->traffic_mirror_session_id, &s);
    if (!error) {
        error = tm_check_dry_run(req->dry_run);
    }
    if (error) {
        return error;
    }
    *responsep = tm_response_1("TrafficMirrorSessionId",
                               json_string_create(s->session_id));
    ni = s->network_interface;
    if (ni) {
        struct tmrec_mirror_session **sessions
            = xmalloc((ni->n_sessions + 1) * sizeof *sessions);
        size_t n = 0;

        tmrec_network_interface_verify_sessions(ni);
        for (size_t i = 0; i < ni->n_sessions; i++) {
            if (ni->sessions[i] != s) {
                sessions[n++] = ni->sessions[i];
            }
        }
        tmrec_network_interface_set_sessions(ni, sessions, n);
        free(sessions);
    }
    tmrec_mirror_session_delete(s);
    return NULL;
}

/* Describes session 'row' for tm_describe_table(). */
static struct json *
describe_session(const struct ovsdb_idl_row *row, const void *aux OVS_UNUSED,
                 const char **idp, const struct smap **tagsp,
                 bool *matchp OVS_UNUSED)
{
    const struct tmrec_mirror_session *s
        = CONTAINER_OF(row, struct tmrec_mirror_session, header_);

    *idp = s->session_id;
    *tagsp = &s->tags;
    return tm_session_to_json(s);
}

/* DescribeTrafficMirrorSessions. */
struct tm_error *
tm_describe_sessions(const struct tm_ctx *ctx, struct json **responsep)
{
    return tm_describe_table(ctx->idl, ctx->req, TM_DESCRIBE_SESSIONS,
                             &tmrec_table_mirror_session, &TM_SESSION_KIND,
                             "TrafficMirrorSessions", describe_session, NULL,
                             responsep);
}
