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

#ifndef TM_HANDLERS_H
#define TM_HANDLERS_H 1

/* The handlers of the actions, one file per resource: lib/tm-target.c,
 * lib/tm-filter.c, lib/tm-rule.c, lib/tm-session.c and lib/tm-tags.c.  The
 * action table in lib/traffic-mirror.c calls them; they call the layers
 * below (lib/tm-db.h, lib/tm-check.h, lib/tm-json.h, lib/tm-token.h,
 * lib/tm-describe.h), never each other.
 *
 * A handler checks everything first and writes nothing to the transaction
 * unless all checks pass; on success it stores the response in
 * '*responsep' and returns NULL. */

#include "lib/tm-error.h"
#include "lib/tm-request.h"

struct json;
struct ovsdb_idl;
struct ovsdb_idl_txn;

/* What a handler works on. */
struct tm_ctx {
    struct ovsdb_idl *idl;      /* The Traffic_Mirror database. */
    struct ovsdb_idl_txn *txn;  /* The caller's transaction. */
    const struct tm_request *req;       /* The parameters. */
    const char *action;         /* The action's API name, e.g.
                                 * "CreateTrafficMirrorSession". */
};

/* A handler. */
typedef struct tm_error *tm_handler_func(const struct tm_ctx *,
                                         struct json **responsep);

/* lib/tm-target.c. */
tm_handler_func tm_create_target;
tm_handler_func tm_delete_target;
tm_handler_func tm_describe_targets;

/* lib/tm-filter.c. */
tm_handler_func tm_create_filter;
tm_handler_func tm_delete_filter;
tm_handler_func tm_describe_filters;
tm_handler_func tm_modify_filter_network_services;

/* lib/tm-rule.c. */
tm_handler_func tm_create_filter_rule;
tm_handler_func tm_modify_filter_rule;
tm_handler_func tm_delete_filter_rule;
tm_handler_func tm_describe_filter_rules;

/* lib/tm-session.c. */
tm_handler_func tm_create_session;
tm_handler_func tm_modify_session;
tm_handler_func tm_delete_session;
tm_handler_func tm_describe_sessions;

/* lib/tm-tags.c. */
tm_handler_func tm_create_tags;
tm_handler_func tm_delete_tags;
tm_handler_func tm_describe_tags;

#endif /* lib/tm-handlers.h */
