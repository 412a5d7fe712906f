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

/* Traffic mirror filter rules: CreateTrafficMirrorFilterRule,
 * ModifyTrafficMirrorFilterRule, DeleteTrafficMirrorFilterRule and
 * DescribeTrafficMirrorFilterRules. */

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

/* Checks the fields of a rule of filter 'f' that will be in 'rf'; 'self' is
 * the rule being modified, NULL for a new rule. */
static struct tm_error *
check_rule_fields(struct ovsdb_idl *idl, const struct tmrec_mirror_filter *f,
                  const struct tmrec_mirror_filter_rule *self,
                  const struct tm_rule *rf)
{
    const struct tmrec_mirror_filter_rule *r;
    struct tm_error *error = tm_check_rule(rf, NULL, NULL);

    if (error) {
        return error;
    }

    r = tm_db_rule_at(idl, f, rf->direction, rf->number, self);
    if (r) {
        return tm_error_create("InvalidParameterValue",
                               "The filter '%s' already has an %s rule "
                               "with number %"PRId64" ('%s').",
                               f->filter_id, rf->direction, rf->number,
                               r->rule_id);
    }
    return NULL;
}

/* Writes the port range 'range' with 'setter' into rule 'r'. */
static void
set_port_range(const struct tmrec_mirror_filter_rule *r,
               const struct tm_port_range *range,
               void (*setter)(const struct tmrec_mirror_filter_rule *,
                              const char **, const int64_t *, size_t))
{
    static const char *keys[] = {"from", "to"};
    int64_t values[2] = {range->from, range->to};

    setter(r, keys, values, range->set ? 2 : 0);
}

/* Writes 'rf' into rule 'r'. */
static void
write_rule_fields(const struct tmrec_mirror_filter_rule *r,
                  const struct tm_rule *rf)
{
    tmrec_mirror_filter_rule_set_traffic_direction(r, rf->direction);
    tmrec_mirror_filter_rule_set_rule_number(r, rf->number);
    tmrec_mirror_filter_rule_set_rule_action(r, rf->action);
    tmrec_mirror_filter_rule_set_protocol(r, &rf->protocol,
                                          rf->has_protocol ? 1 : 0);
    tmrec_mirror_filter_rule_set_source_cidr_block(r, rf->source_cidr);
    tmrec_mirror_filter_rule_set_destination_cidr_block(r,
                                                        rf->destination_cidr);
    set_port_range(r, &rf->source_ports,
                   tmrec_mirror_filter_rule_set_source_port_range);
    set_port_range(r, &rf->destination_ports,
                   tmrec_mirror_filter_rule_set_destination_port_range);
    tmrec_mirror_filter_rule_set_description(r, rf->description);
}

/* Puts rule 'r' into the rule set of filter 'f' for 'direction' and takes
 * it out of the other one (if 'add'), or out of both (if not). */
static void
place_rule(const struct tmrec_mirror_filter *f,
           const struct tmrec_mirror_filter_rule *r, const char *direction,
           bool add)
{
    /* Both rule sets are rewritten from this view: if another writer
     * changed either meanwhile, the transaction must be tried again on a
     * fresh view rather than drop that writer's rule. */
    tmrec_mirror_filter_verify_ingress_rules(f);
    tmrec_mirror_filter_verify_egress_rules(f);
    for (int pass = 0; pass < 2; pass++) {
        bool ingress = pass == 0;
        struct tmrec_mirror_filter_rule **old
            = ingress ? f->ingress_rules : f->egress_rules;
        size_t n_old = ingress ? f->n_ingress_rules : f->n_egress_rules;
        struct tmrec_mirror_filter_rule **new
            = xmalloc((n_old + 1) * sizeof *new);
        size_t n = 0;

        for (size_t i = 0; i < n_old; i++) {
            if (old[i] != r) {
                new[n++] = old[i];
            }
        }
        if (add && !strcmp(direction, ingress ? "ingress" : "egress")) {
            new[n++] = CONST_CAST(struct tmrec_mirror_filter_rule *, r);
        }
        if (ingress) {
            tmrec_mirror_filter_set_ingress_rules(f, new, n);
        } else {
            tmrec_mirror_filter_set_egress_rules(f, new, n);
        }
        free(new);
    }
}

/* Checks the rules-per-filter quota for adding 'self' (NULL for a new rule)
 * to 'f' in 'direction'. */
static struct tm_error *
check_rule_quota(struct ovsdb_idl *idl, const struct tmrec_mirror_filter *f,
                 const char *direction,
                 const struct tmrec_mirror_filter_rule *self)
{
    return tm_check_filter_has_room(f, direction, self,
                                    tm_db_limit(idl,
                                                TM_LIMIT_RULES_PER_FILTER));
}

/* CreateTrafficMirrorFilterRule. */
struct tm_error *
tm_create_filter_rule(const struct tm_ctx *ctx, struct json **responsep)
{
    struct ovsdb_idl *idl = ctx->idl;
    struct ovsdb_idl_txn *txn = ctx->txn;
    const struct tm_request *req = ctx->req;
    const struct tmrec_mirror_filter_rule *r;
    const struct tmrec_mirror_filter *f;
    struct tm_rule rf;
    struct tm_error *error;
    const char *existing;
    char *id;

    error = tm_lookup_filter(idl, req->traffic_mirror_filter_id, &f);
    if (error) {
        return error;
    }
    if (!req->traffic_direction) {
        return tm_missing("TrafficDirection");
    } else if (!req->has_rule_number) {
        return tm_missing("RuleNumber");
    } else if (!req->rule_action) {
        return tm_missing("RuleAction");
    } else if (!req->source_cidr_block) {
        return tm_missing("SourceCidrBlock");
    } else if (!req->destination_cidr_block) {
        return tm_missing("DestinationCidrBlock");
    }

    memset(&rf, 0, sizeof rf);
    rf.direction = req->traffic_direction;
    rf.number = req->rule_number;
    rf.action = req->rule_action;
    rf.has_protocol = req->has_protocol;
    rf.protocol = req->protocol;
    rf.source_cidr = req->source_cidr_block;
    rf.destination_cidr = req->destination_cidr_block;
    rf.source_ports = req->source_port_range;
    rf.destination_ports = req->destination_port_range;
    rf.description = req->description;

    error = tm_check_tag_specification(req->tag_resource_type,
                                       TM_RT_RULE, &req->tags);
    if (!error) {
        error = tm_token_check(idl, req, ctx->action,
                                   &existing);
    }
    if (error) {
        return error;
    }
    if (existing) {
        r = tm_find_rule(idl, existing);
        if (r) {
            *responsep = tm_token_response("TrafficMirrorFilterRule",
                                           tm_rule_to_json(r), req);
            return NULL;
        }
    }
    error = check_rule_fields(idl, f, NULL, &rf);
    if (!error) {
        error = check_rule_quota(idl, f, rf.direction, NULL);
    }
    if (!error) {
        error = tm_check_dry_run(req->dry_run);
    }
    if (error) {
        return error;
    }

    id = tm_db_new_id(idl, "tmfr");
    r = tmrec_mirror_filter_rule_insert(txn);
    tmrec_mirror_filter_rule_set_rule_id(r, id);
    tmrec_mirror_filter_rule_set_filter(r, f);
    write_rule_fields(r, &rf);
    tmrec_mirror_filter_rule_set_tags(r, &req->tags);
    place_rule(f, r, rf.direction, true);
    tm_token_record(idl, txn, req, ctx->action, id);
    free(id);

    *responsep = tm_token_response("TrafficMirrorFilterRule",
                                   tm_rule_to_json(r), req);
    return NULL;
}

/* ModifyTrafficMirrorFilterRule. */
struct tm_error *
tm_modify_filter_rule(const struct tm_ctx *ctx, struct json **responsep)
{
    struct ovsdb_idl *idl = ctx->idl;
    const struct tm_request *req = ctx->req;
    const struct tmrec_mirror_filter_rule *r;
    const struct tmrec_mirror_filter *f;
    struct tm_rule rf;
    struct tm_error *error;

    error = tm_lookup_rule(idl, req->traffic_mirror_filter_rule_id, &r);
    if (error) {
        return error;
    }
    f = r->filter;

    tm_error_destroy(tm_rule_from_row(&rf, r));
    if (req->traffic_direction) {
        rf.direction = req->traffic_direction;
    }
    if (req->has_rule_number) {
        rf.number = req->rule_number;
    }
    if (req->rule_action) {
        rf.action = req->rule_action;
    }
    if (req->has_protocol) {
        rf.has_protocol = true;
        rf.protocol = req->protocol;
    }
    if (req->source_cidr_block) {
        rf.source_cidr = req->source_cidr_block;
    }
    if (req->destination_cidr_block) {
        rf.destination_cidr = req->destination_cidr_block;
    }
    if (req->source_port_range.set) {
        rf.source_ports = req->source_port_range;
    }
    if (req->destination_port_range.set) {
        rf.destination_ports = req->destination_port_range;
    }
    if (req->description) {
        rf.description = req->description;
    }
    if (sset_contains(&req->remove_fields, "destination-port-range")) {
        rf.destination_ports.set = false;
    }
    if (sset_contains(&req->remove_fields, "source-port-range")) {
        rf.source_ports.set = false;
    }
    if (sset_contains(&req->remove_fields, "protocol")) {
        rf.has_protocol = false;
    }
    if (sset_contains(&req->remove_fields, "description")) {
        rf.description = NULL;
    }

    error = check_rule_fields(idl, f, r, &rf);
    if (!error && strcmp(rf.direction, r->traffic_direction)) {
        error = check_rule_quota(idl, f, rf.direction, r);
    }
    if (!error) {
        error = tm_check_dry_run(req->dry_run);
    }
    if (error) {
        return error;
    }

    if (strcmp(rf.direction, r->traffic_direction)) {
        place_rule(f, r, rf.direction, true);
    }
    /* 'rf' may point into 'r''s own columns: copy before writing. */
    char *description = nullable_xstrdup(rf.description);
    char *src = xstrdup(rf.source_cidr);
    char *dst = xstrdup(rf.destination_cidr);
    char *dir = xstrdup(rf.direction);
    char *action = xstrdup(rf.action);
    rf.description = description;
    rf.source_cidr = src;
    rf.destination_cidr = dst;
    rf.direction = dir;
    rf.action = action;
    write_rule_fields(r, &rf);
    free(description);
    free(src);
    free(dst);
    free(dir);
    free(action);

    *responsep = tm_response_1("TrafficMirrorFilterRule", tm_rule_to_json(r));
    return NULL;
}

/* DeleteTrafficMirrorFilterRule: takes the rule out of its filter, which
 * deletes it (rules are not in the root set). */
struct tm_error *
tm_delete_filter_rule(const struct tm_ctx *ctx, struct json **responsep)
{
    struct ovsdb_idl *idl = ctx->idl;
    const struct tm_request *req = ctx->req;
    const struct tmrec_mirror_filter_rule *r;
    struct tm_error *error;

    error = tm_lookup_rule(idl, req->traffic_mirror_filter_rule_id, &r);
    if (!error) {
        error = tm_check_dry_run(req->dry_run);
    }
    if (error) {
        return error;
    }
    *responsep = tm_response_1("TrafficMirrorFilterRuleId",
                               json_string_create(r->rule_id));
    place_rule(r->filter, r, r->traffic_direction, false);
    tmrec_mirror_filter_rule_delete(r);
    return NULL;
}

/* Describes filter rule 'row' for tm_describe_table(): a rule whose filter
 * is gone is left out, one of another filter than 'filter_' (if nonnull)
 * filtered out. */
static struct json *
describe_rule(const struct ovsdb_idl_row *row, const void *filter_,
              const char **idp, const struct smap **tagsp, bool *matchp)
{
    const struct tmrec_mirror_filter_rule *r
        = CONTAINER_OF(row, struct tmrec_mirror_filter_rule, header_);
    const struct tmrec_mirror_filter *filter = filter_;

    if (!r->filter) {
        return NULL;
    }
    *idp = r->rule_id;
    *tagsp = &r->tags;
    *matchp = !filter || r->filter == filter;
    return tm_rule_to_json(r);
}

/* DescribeTrafficMirrorFilterRules. */
struct tm_error *
tm_describe_filter_rules(const struct tm_ctx *ctx, struct json **responsep)
{
    const struct tmrec_mirror_filter *f = NULL;

    if (ctx->req->traffic_mirror_filter_id) {
        struct tm_error *error = tm_lookup_filter(
            ctx->idl, ctx->req->traffic_mirror_filter_id, &f);
        if (error) {
            return error;
        }
    }
    return tm_describe_table(ctx->idl, ctx->req, TM_DESCRIBE_FILTER_RULES,
                             &tmrec_table_mirror_filter_rule, &TM_RULE_KIND,
                             "TrafficMirrorFilterRules", describe_rule, f,
                             responsep);
}
