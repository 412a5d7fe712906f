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

/* CreateTags, DeleteTags and DescribeTags on the four Traffic Mirroring
 * resources (targets, filters, filter rules and sessions), whose tags are
 * the "tags" column of their rows. */

#include <config.h>

#include <string.h>

#include "lib/tm-check.h"
#include "lib/tm-db.h"
#include "lib/tm-describe.h"
#include "lib/tm-handlers.h"
#include "openvswitch/json.h"
#include "ovsdb-idl.h"
#include "ovsdb-schema/traffic-mirror-idl.h"
#include "smap.h"
#include "sset.h"
#include "svec.h"
#include "util.h"

/* The paging kind of DescribeTags (results are tags, not resources). */
static const struct tm_id_kind TAG_KIND = {
    "InvalidID", "tag", "ResourceId"
};

/* A resource that has tags. */
struct tagged {
    const char *type;           /* TM_RT_*, e.g. "traffic-mirror-target". */
    const struct smap *tags;    /* Its tags, in the IDL row. */

    /* The row: exactly one is nonnull. */
    const struct tmrec_mirror_target *target;
    const struct tmrec_mirror_filter *filter;
    const struct tmrec_mirror_filter_rule *rule;
    const struct tmrec_mirror_session *session;
};

/* Looks up resource 'id' into '*t'.  Returns InvalidID for an identifier
 * that is not of a Traffic Mirroring resource, <code>.NotFound for one
 * that does not exist. */
static struct tm_error *
find_tagged(struct ovsdb_idl *idl, const char *id, struct tagged *t)
{
    const struct tm_id_kind *kind;

    memset(t, 0, sizeof *t);
    if (tm_id_is_valid(id, "tmt")) {
        kind = &TM_TARGET_KIND;
        t->target = tm_find_target(idl, id);
        t->type = TM_RT_TARGET;
        t->tags = t->target ? &t->target->tags : NULL;
    } else if (tm_id_is_valid(id, "tmf")) {
        kind = &TM_FILTER_KIND;
        t->filter = tm_find_filter(idl, id);
        t->type = TM_RT_FILTER;
        t->tags = t->filter ? &t->filter->tags : NULL;
    } else if (tm_id_is_valid(id, "tmfr")) {
        kind = &TM_RULE_KIND;
        t->rule = tm_find_rule(idl, id);
        t->type = TM_RT_RULE;
        t->tags = t->rule && t->rule->filter ? &t->rule->tags : NULL;
    } else if (tm_id_is_valid(id, "tms")) {
        kind = &TM_SESSION_KIND;
        t->session = tm_find_session(idl, id);
        t->type = TM_RT_SESSION;
        t->tags = t->session ? &t->session->tags : NULL;
    } else {
        static const struct tm_id_kind *const kinds[] = {
            &TM_RULE_KIND, &TM_TARGET_KIND, &TM_FILTER_KIND, &TM_SESSION_KIND,
        };

        /* A malformed identifier of a Traffic Mirroring resource gets the
         * error that every other action gives it. */
        for (size_t i = 0; i < ARRAY_SIZE(kinds); i++) {
            size_t len = strlen(kinds[i]->prefix);

            if (!strncmp(id, kinds[i]->prefix, len) && id[len] == '-') {
                return tm_check_id_syntax(kinds[i], id);
            }
        }
        return tm_error_create("InvalidID", "The ID '%s' is not valid: "
                               "only traffic mirror targets (tmt-), filters "
                               "(tmf-), filter rules (tmfr-) and sessions "
                               "(tms-) have tags here.", id);
    }
    return t->tags ? NULL : tm_not_found(kind, id);
}

/* Replaces the tags of 't' by 'tags', which were computed from this
 * view of its tags: verifies them, so that a tag another writer added
 * meanwhile makes the transaction try again instead of vanishing. */
static void
set_tags(const struct tagged *t, const struct smap *tags)
{
    if (t->target) {
        tmrec_mirror_target_verify_tags(t->target);
        tmrec_mirror_target_set_tags(t->target, tags);
    } else if (t->filter) {
        tmrec_mirror_filter_verify_tags(t->filter);
        tmrec_mirror_filter_set_tags(t->filter, tags);
    } else if (t->rule) {
        tmrec_mirror_filter_rule_verify_tags(t->rule);
        tmrec_mirror_filter_rule_set_tags(t->rule, tags);
    } else {
        tmrec_mirror_session_verify_tags(t->session);
        tmrec_mirror_session_set_tags(t->session, tags);
    }
}

/* Looks up every ResourceId of 'req' into a new array of tagged resources
 * that it stores into '*tp' for the caller to free. */
static struct tm_error *
find_all(struct ovsdb_idl *idl, const struct tm_request *req,
         struct tagged **tp)
{
    struct tm_error *error = NULL;
    const char *id;
    size_t i;

    *tp = NULL;
    if (!req->resource_ids.n) {
        return tm_missing("ResourceId");
    }
    *tp = xcalloc(req->resource_ids.n, sizeof **tp);
    SVEC_FOR_EACH (i, id, &req->resource_ids) {
        error = find_tagged(idl, id, &(*tp)[i]);
        if (error) {
            free(*tp);
            *tp = NULL;
            break;
        }
    }
    return error;
}

/* CreateTags: adds or overwrites the tags of 'req' on every resource it
 * names.  Either all resources get them or, on error, none. */
struct tm_error *
tm_create_tags(const struct tm_ctx *ctx, struct json **responsep)
{
    struct ovsdb_idl *idl = ctx->idl;
    const struct tm_request *req = ctx->req;
    struct tm_error *error;
    struct tagged *all;
    struct smap *merged;
    struct smap tags;
    const char *key;
    size_t n = req->resource_ids.n;

    if (smap_is_empty(&req->tags) && sset_is_empty(&req->tag_keys)) {
        return tm_missing("Tag");
    }
    smap_clone(&tags, &req->tags);
    SSET_FOR_EACH (key, &req->tag_keys) {
        smap_replace(&tags, key, "");
    }
    error = tm_check_tags(&tags);
    if (!error) {
        error = find_all(idl, req, &all);
    }
    if (error) {
        smap_destroy(&tags);
        return error;
    }

    merged = xcalloc(n, sizeof *merged);
    for (size_t i = 0; i < n; i++) {
        struct smap_node *node;

        smap_clone(&merged[i], all[i].tags);
        SMAP_FOR_EACH (node, &tags) {
            smap_replace(&merged[i], node->key, node->value);
        }
        if (!error && smap_count(&merged[i]) > tm_tags_max()) {
            error = tm_error_create("TagLimitExceeded",
                                    "The resource '%s' would have more than "
                                    "%"PRIuSIZE" tags.",
                                    req->resource_ids.names[i],
                                    tm_tags_max());
        }
    }
    if (!error) {
        error = tm_check_dry_run(req->dry_run);
    }
    for (size_t i = 0; i < n; i++) {
        if (!error) {
            set_tags(&all[i], &merged[i]);
        }
        smap_destroy(&merged[i]);
    }
    free(merged);
    free(all);
    smap_destroy(&tags);
    if (!error) {
        *responsep = json_object_create();
        json_object_put(*responsep, "Return", json_boolean_create(true));
    }
    return error;
}

/* Checks the keys that 'req' asks DeleteTags to remove. */
static struct tm_error *
check_delete_keys(const struct tm_request *req)
{
    struct smap_node *node;
    const char *key;

    SMAP_FOR_EACH (node, &req->tags) {
        if (!strncmp(node->key, "aws:", 4)) {
            goto reserved;
        }
    }
    SSET_FOR_EACH (key, &req->tag_keys) {
        if (!strncmp(key, "aws:", 4)) {
            goto reserved;
        }
    }
    return NULL;

reserved:
    return tm_error_create("InvalidParameterValue", "Tag keys starting "
                           "with 'aws:' are reserved for internal use.");
}

/* DeleteTags: removes from every resource 'req' names the tags it gives:
 * a key without a value whatever its value, a key with a value only with
 * that value; without any tag, all of them. */
struct tm_error *
tm_delete_tags(const struct tm_ctx *ctx, struct json **responsep)
{
    struct ovsdb_idl *idl = ctx->idl;
    const struct tm_request *req = ctx->req;
    bool all_tags = smap_is_empty(&req->tags) && sset_is_empty(&req->tag_keys);
    struct tm_error *error;
    struct tagged *all;

    error = check_delete_keys(req);
    if (!error) {
        error = find_all(idl, req, &all);
    }
    if (!error) {
        error = tm_check_dry_run(req->dry_run);
        if (error) {
            free(all);
        }
    }
    if (error) {
        return error;
    }

    for (size_t i = 0; i < req->resource_ids.n; i++) {
        struct smap_node *node;
        struct smap kept;

        smap_init(&kept);
        SMAP_FOR_EACH (node, all[i].tags) {
            const char *value = smap_get(&req->tags, node->key);
            bool drop = (all_tags
                         || sset_contains(&req->tag_keys, node->key)
                         || (value && !strcmp(value, node->value)));
            if (!drop) {
                smap_add(&kept, node->key, node->value);
            }
        }
        if (smap_count(&kept) != smap_count(all[i].tags)) {
            set_tags(&all[i], &kept);
        }
        smap_destroy(&kept);
    }
    free(all);
    *responsep = json_object_create();
    json_object_put(*responsep, "Return", json_boolean_create(true));
    return NULL;
}

/* The tags that DescribeTags gathers, before paging. */
struct tag_list {
    struct tm_described *all;   /* One per tag. */
    size_t n, allocated;
    struct svec ids;            /* Owns the paging keys in 'all'. */
};

/* Adds the tags of resource 'id' of 'type' with 'tags' to 'list', each
 * with its JSON form or NULL if 'req''s Filters leave it out.  A tag's
 * paging key is the resource identifier, a 0x1f byte and the tag key, so
 * that tags come by resource, then by key. */
static void
add_resource_tags(struct tag_list *list, const struct tm_request *req,
                  const char *id, const char *type, const struct smap *tags)
{
    const struct smap_node **nodes = smap_sort(tags);

    for (size_t i = 0; i < smap_count(tags); i++) {
        struct json *json = json_object_create();

        json_object_put_string(json, "Key", nodes[i]->key);
        json_object_put_string(json, "ResourceId", id);
        json_object_put_string(json, "ResourceType", type);
        json_object_put_string(json, "Value", nodes[i]->value);
        if (!tm_filters_match(req, TM_DESCRIBE_TAGS, json, tags)) {
            json_destroy(json);
            json = NULL;
        }
        if (list->n >= list->allocated) {
            list->all = x2nrealloc(list->all, &list->allocated,
                                   sizeof *list->all);
        }
        svec_add_nocopy(&list->ids, xasprintf("%s\x1f%s", id,
                                              nodes[i]->key));
        list->all[list->n].id = list->ids.names[list->ids.n - 1];
        list->all[list->n++].json = json;
    }
    free(nodes);
}

/* DescribeTags: the tags of the Traffic Mirroring resources, by resource
 * and key, with Filters and paging. */
struct tm_error *
tm_describe_tags(const struct tm_ctx *ctx, struct json **responsep)
{
    struct ovsdb_idl *idl = ctx->idl;
    const struct tm_request *req = ctx->req;
    const struct tmrec_mirror_filter_rule *r;
    const struct tmrec_mirror_session *s;
    const struct tmrec_mirror_target *t;
    const struct tmrec_mirror_filter *f;
    struct tag_list list;
    struct tm_error *error;

    error = tm_check_paging(req);
    if (!error) {
        error = tm_check_filter_names(req, TM_DESCRIBE_TAGS);
    }
    if (error) {
        return error;
    }

    memset(&list, 0, sizeof list);
    svec_init(&list.ids);
    TMREC_MIRROR_TARGET_FOR_EACH (t, idl) {
        add_resource_tags(&list, req, t->target_id, TM_RT_TARGET, &t->tags);
    }
    TMREC_MIRROR_FILTER_FOR_EACH (f, idl) {
        add_resource_tags(&list, req, f->filter_id, TM_RT_FILTER, &f->tags);
    }
    TMREC_MIRROR_FILTER_RULE_FOR_EACH (r, idl) {
        if (r->filter) {
            add_resource_tags(&list, req, r->rule_id, TM_RT_RULE, &r->tags);
        }
    }
    TMREC_MIRROR_SESSION_FOR_EACH (s, idl) {
        add_resource_tags(&list, req, s->session_id, TM_RT_SESSION,
                          &s->tags);
    }
    error = tm_describe_response(req, &TAG_KIND, "Tags", list.all, list.n,
                                 responsep);
    svec_destroy(&list.ids);
    return error;
}

/* Adds tag 'key' = 'value' of a request to 'req', as both front ends
 * (mirror-api's Query parser and mirrorctl's) do.  A key given twice in
 * one request is recorded, and tm_execute() refuses the request, rather
 * than keeping the first or the last value. */
void
tm_request_add_tag(struct tm_request *req, const char *key,
                   const char *value)
{
    if (smap_get(&req->tags, key) && !req->has_duplicate_tag_key) {
        req->has_duplicate_tag_key = true;
        ovs_strlcpy(req->duplicate_tag_key, key,
                    sizeof req->duplicate_tag_key);
    }
    smap_replace(&req->tags, key, value);
}
