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

/* The action table: each action's API and CLI names, whether it changes
 * the database, and its handler; tm_execute() runs an action through it.
 * This is the top layer of libtrafficmirror (see lib/README.md). */

#include <config.h>

#include "lib/traffic-mirror.h"

#include <string.h>

#include "lib/tm-db.h"
#include "lib/tm-handlers.h"
#include "lib/tm-params.h"
#include "util.h"

/* An action. */
struct tm_action_def {
    const char *name;           /* API name, "CreateTrafficMirrorTarget". */
    const char *cli_name;       /* CLI name, "create-traffic-mirror-target". */
    bool change;                /* Changes the database (else read-only). */
    tm_handler_func *handler;
};

/* The actions, indexed by "enum tm_action". */
static const struct tm_action_def actions[TM_N_ACTIONS] = {
#define ACTION(ENUM, NAME, CLI_NAME, CHANGE, HANDLER) \
    [ENUM] = { NAME, CLI_NAME, CHANGE, HANDLER }
    ACTION(TM_CREATE_TARGET, "CreateTrafficMirrorTarget",
           "create-traffic-mirror-target", true, tm_create_target),
    ACTION(TM_DELETE_TARGET, "DeleteTrafficMirrorTarget",
           "delete-traffic-mirror-target", true, tm_delete_target),
    ACTION(TM_DESCRIBE_TARGETS, "DescribeTrafficMirrorTargets",
           "describe-traffic-mirror-targets", false, tm_describe_targets),
    ACTION(TM_CREATE_FILTER, "CreateTrafficMirrorFilter",
           "create-traffic-mirror-filter", true, tm_create_filter),
    ACTION(TM_DELETE_FILTER, "DeleteTrafficMirrorFilter",
           "delete-traffic-mirror-filter", true, tm_delete_filter),
    ACTION(TM_DESCRIBE_FILTERS, "DescribeTrafficMirrorFilters",
           "describe-traffic-mirror-filters", false, tm_describe_filters),
    ACTION(TM_MODIFY_FILTER_NETWORK_SERVICES,
           "ModifyTrafficMirrorFilterNetworkServices",
           "modify-traffic-mirror-filter-network-services", true,
           tm_modify_filter_network_services),
    ACTION(TM_CREATE_FILTER_RULE, "CreateTrafficMirrorFilterRule",
           "create-traffic-mirror-filter-rule", true, tm_create_filter_rule),
    ACTION(TM_MODIFY_FILTER_RULE, "ModifyTrafficMirrorFilterRule",
           "modify-traffic-mirror-filter-rule", true, tm_modify_filter_rule),
    ACTION(TM_DELETE_FILTER_RULE, "DeleteTrafficMirrorFilterRule",
           "delete-traffic-mirror-filter-rule", true, tm_delete_filter_rule),
    ACTION(TM_DESCRIBE_FILTER_RULES, "DescribeTrafficMirrorFilterRules",
           "describe-traffic-mirror-filter-rules", false,
           tm_describe_filter_rules),
    ACTION(TM_CREATE_SESSION, "CreateTrafficMirrorSession",
           "create-traffic-mirror-session", true, tm_create_session),
    ACTION(TM_MODIFY_SESSION, "ModifyTrafficMirrorSession",
           "modify-traffic-mirror-session", true, tm_modify_session),
    ACTION(TM_DELETE_SESSION, "DeleteTrafficMirrorSession",
           "delete-traffic-mirror-session", true, tm_delete_session),
    ACTION(TM_DESCRIBE_SESSIONS, "DescribeTrafficMirrorSessions",
           "describe-traffic-mirror-sessions", false, tm_describe_sessions),
    ACTION(TM_CREATE_TAGS, "CreateTags", "create-tags", true,
           tm_create_tags),
    ACTION(TM_DELETE_TAGS, "DeleteTags", "delete-tags", true,
           tm_delete_tags),
    ACTION(TM_DESCRIBE_TAGS, "DescribeTags", "describe-tags", false,
           tm_describe_tags),
#undef ACTION
};

/* Returns the EC2 API name of 'action', e.g. "CreateTrafficMirrorTarget". */
const char *
tm_action_name(enum tm_action action)
{
    return action < TM_N_ACTIONS ? actions[action].name : "Unknown";
}

/* Returns the AWS CLI name of 'action', e.g.
 * "create-traffic-mirror-target". */
const char *
tm_action_cli_name(enum tm_action action)
{
    return action < TM_N_ACTIONS ? actions[action].cli_name : "unknown";
}

/* Looks up the action whose AWS CLI name is 'name'; stores it in '*action'
 * and returns true if there is one, otherwise returns false. */
bool
tm_action_from_cli_name(const char *name, enum tm_action *action)
{
    for (int i = 0; i < TM_N_ACTIONS; i++) {
        if (!strcmp(name, actions[i].cli_name)) {
            *action = i;
            return true;
        }
    }
    return false;
}

/* Returns true if 'action' changes the database (every action but the
 * Describe ones). */
bool
tm_action_is_change(enum tm_action action)
{
    return action < TM_N_ACTIONS && actions[action].change;
}

/* Prepares 'idl', a new IDL of the Traffic_Mirror database that has not run
 * yet, for tm_execute(): creates the indexes that its lookups use.  An IDL
 * without them works, with slower lookups. */
void
tm_idl_init(struct ovsdb_idl *idl)
{
    tm_db_create_indexes(idl);
}

/* Carries out 'action' with the parameters in 'req' on 'idl', writing into
 * 'txn' (which the caller commits).  On success, stores the response (in
 * the JSON shape of the EC2 API, e.g. {"TrafficMirrorSession": {...},
 * "ClientToken": "..."}) in '*responsep' and returns NULL; the caller
 * frees the response with json_destroy().  On failure, writes nothing to
 * 'txn' and returns the error, which the caller frees with
 * tm_error_destroy().  A DryRun request that would succeed fails with
 * DryRunOperation. */
struct tm_error *
tm_execute(struct ovsdb_idl *idl, struct ovsdb_idl_txn *txn,
           enum tm_action action, const struct tm_request *req,
           struct json **responsep)
{
    struct tm_error *error;

    *responsep = NULL;
    if (action >= TM_N_ACTIONS) {
        return tm_error_create("InvalidAction", "Unknown action.");
    }
    error = tm_params_check(action, req);
    if (error) {
        return error;
    }
    if (req->has_duplicate_tag_key) {
        return tm_error_create("InvalidParameterValue", "The tag key '%s' "
                               "is given more than once.",
                               req->duplicate_tag_key);
    }

    struct tm_ctx ctx = {
        .idl = idl,
        .txn = txn,
        .req = req,
        .action = actions[action].name,
    };
    return actions[action].handler(&ctx, responsep);
}
