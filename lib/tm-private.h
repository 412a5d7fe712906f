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

#ifndef TM_PRIVATE_H
#define TM_PRIVATE_H 1

/* What the files of libtrafficmirror share among themselves: lookups by
 * AWS identifier, common checks and the machinery of the Describe actions.
 * Not for the library's users, which include only "traffic-mirror.h". */

#include "lib/traffic-mirror.h"

struct ovsdb_idl;
struct tmrec_mirror_filter;
struct tmrec_mirror_filter_rule;
struct tmrec_mirror_session;
struct tmrec_mirror_target;

/* The resource types of TagSpecifications and of the tag actions. */
#define TM_RT_TARGET "traffic-mirror-target"
#define TM_RT_FILTER "traffic-mirror-filter"
#define TM_RT_RULE "traffic-mirror-filter-rule"
#define TM_RT_SESSION "traffic-mirror-session"

/* The most tags a resource may have. */
#define TM_MAX_TAGS 50

/* A kind of identifier: its AWS error code prefix, identifier prefix and
 * request parameter. */
struct tm_id_kind {
    const char *code;           /* e.g. "InvalidTrafficMirrorSessionId". */
    const char *prefix;         /* e.g. "tms". */
    const char *param;          /* e.g. "TrafficMirrorSessionId". */
};

extern const struct tm_id_kind TM_TARGET_KIND;
extern const struct tm_id_kind TM_FILTER_KIND;
extern const struct tm_id_kind TM_RULE_KIND;
extern const struct tm_id_kind TM_SESSION_KIND;

/* Lookups by AWS identifier. */
const struct tmrec_mirror_target *tm_find_target(struct ovsdb_idl *,
                                                 const char *id);
const struct tmrec_mirror_filter *tm_find_filter(struct ovsdb_idl *,
                                                 const char *id);
const struct tmrec_mirror_filter_rule *tm_find_rule(struct ovsdb_idl *,
                                                    const char *id);
const struct tmrec_mirror_session *tm_find_session(struct ovsdb_idl *,
                                                   const char *id);

/* Common checks and errors. */
struct tm_error *tm_not_found(const struct tm_id_kind *, const char *id);
struct tm_error *tm_check_dry_run(const struct tm_request *);
struct tm_error *tm_check_tag_set(const struct smap *tags);

/* Describe actions (lib/tm-describe.c). */

/* A resource for a Describe action: its identifier and JSON form. */
struct tm_described {
    const char *id;             /* Identifier, e.g. "tms-...": the order of
                                 * the results and the paging key. */
    struct json *json;          /* The resource, or NULL if filtered out. */
};

/* A Describe filter name and the member of the JSON form it tests. */
struct tm_filter_name {
    const char *name;           /* Filters Name, e.g. "description". */
    const char *member;         /* JSON member, e.g. "Description". */
};

bool tm_value_matches(const struct svec *patterns, const char *value);
struct tm_error *tm_check_filter_names(const struct tm_request *,
                                       const struct tm_filter_name *,
                                       size_t n);
bool tm_filters_match(const struct tm_request *,
                      const struct tm_filter_name *, size_t n,
                      const struct json *, const struct smap *tags);
struct tm_error *tm_check_paging(const struct tm_request *);
struct tm_error *tm_describe_response(const struct tm_request *,
                                      const struct tm_id_kind *,
                                      const char *list_name,
                                      struct tm_described *all, size_t n,
                                      struct json **responsep);

/* Tag actions (lib/tm-tags.c). */
struct tm_error *tm_create_tags(struct ovsdb_idl *, const struct tm_request *,
                                struct json **responsep);
struct tm_error *tm_delete_tags(struct ovsdb_idl *, const struct tm_request *,
                                struct json **responsep);
struct tm_error *tm_describe_tags(struct ovsdb_idl *,
                                  const struct tm_request *,
                                  struct json **responsep);

#endif /* lib/tm-private.h */
