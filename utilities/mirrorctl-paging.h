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

#ifndef MIRRORCTL_PAGING_H
#define MIRRORCTL_PAGING_H 1

/* The AWS CLI's paging options of the paginated Describe commands:
 * --max-items, --starting-token, --page-size and --no-paginate. */

#include <stdbool.h>

#include "lib/traffic-mirror.h"
#include "openvswitch/compiler.h"

struct ds;
struct mirrorctl_output;
struct ovsdb_idl;
struct ovsdb_idl_txn;
struct tm_error;

struct mirrorctl_paging {
    bool no_paginate;           /* --no-paginate. */
    long long int max_items;    /* --max-items, or 0 for none. */
    long long int page_size;    /* --page-size, or 0 for none. */
    const char *starting_token; /* --starting-token, or NULL. */
};

char *mirrorctl_paging_parse(enum tm_action, int *argcp, char *argv[],
                             struct mirrorctl_paging *)
    OVS_WARN_UNUSED_RESULT;
char *mirrorctl_paging_check(enum tm_action, struct mirrorctl_paging *,
                             const struct tm_request *)
    OVS_WARN_UNUSED_RESULT;
struct tm_error *mirrorctl_paging_run(struct ovsdb_idl *,
                                      struct ovsdb_idl_txn *, enum tm_action,
                                      struct tm_request *,
                                      const struct mirrorctl_paging *,
                                      const struct mirrorctl_output *,
                                      struct ds *out)
    OVS_WARN_UNUSED_RESULT;

#endif /* utilities/mirrorctl-paging.h */
