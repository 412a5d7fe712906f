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

#ifndef TM_DESCRIBE_H
#define TM_DESCRIBE_H 1

/* The machinery that the Describe actions share: their Filters (with the
 * names that lib/tm-params.h gives each action, tag filters and
 * wildcards), MaxResults and NextToken paging, and the response. */

#include <stdbool.h>
#include <stddef.h>

#include "lib/tm-error.h"
#include "lib/tm-request.h"

struct json;
struct ovsdb_idl;
struct ovsdb_idl_row;
struct ovsdb_idl_table_class;
struct smap;
struct svec;
struct tm_id_kind;

/* A resource for a Describe action: its identifier and JSON form. */
struct tm_described {
    const char *id;             /* Identifier, e.g. "tms-...": the order of
                                 * the results and the paging key. */
    struct json *json;          /* The resource, or NULL if filtered out. */
};

bool tm_value_matches(const struct svec *patterns, const char *value);
struct tm_error *tm_check_filter_names(const struct tm_request *,
                                       enum tm_action);
bool tm_filters_match(const struct tm_request *, enum tm_action,
                      const struct json *, const struct smap *tags);
struct tm_error *tm_check_paging(const struct tm_request *);
struct tm_error *tm_describe_response(const struct tm_request *,
                                      const struct tm_id_kind *,
                                      const char *list_name,
                                      struct tm_described *all, size_t n,
                                      struct json **responsep);

/* Describes 'row' of a Describe action's table: returns its JSON form and
 * stores its identifier in '*idp' and its tags in '*tagsp', or returns NULL
 * to leave the row out of the results and of the paging.  May set
 * '*matchp' to false to filter the row out for a reason of the action's
 * own (the request's Filters are tm_describe_table()'s work). */
typedef struct json *tm_describe_row_func(const struct ovsdb_idl_row *row,
                                          const void *aux, const char **idp,
                                          const struct smap **tagsp,
                                          bool *matchp);

struct tm_error *tm_describe_table(struct ovsdb_idl *,
                                   const struct tm_request *, enum tm_action,
                                   const struct ovsdb_idl_table_class *,
                                   const struct tm_id_kind *,
                                   const char *list_name,
                                   tm_describe_row_func *, const void *aux,
                                   struct json **responsep);

#endif /* lib/tm-describe.h */
