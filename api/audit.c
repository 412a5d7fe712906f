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

#include <config.h>

#include "api/audit.h"

#include <string.h>

#include "openvswitch/dynamic-string.h"
#include "openvswitch/json.h"
#include "openvswitch/vlog.h"

VLOG_DEFINE_THIS_MODULE(api_audit);

/* Returns true if 'action' changes the database. */
bool
api_action_is_change(enum tm_action action)
{
    return tm_action_is_change(action);
}

/* Appends 'id' to the comma-separated list in 'ids', if it is nonnull and
 * not already there. */
static void
add_id(struct ds *ids, const char *id)
{
    if (id && id[0] && !strstr(ds_cstr(ids), id)) {
        if (ids->length) {
            ds_put_char(ids, ',');
        }
        ds_put_cstr(ids, id);
    }
}

/* Logs one attempted change: 'action' with parameters 'req', by access key
 * 'key_id', in request 'request_id'.  On success 'error_code' is NULL and
 * 'response' is the action's response, whose resource id (of a created
 * resource) is logged too. */
void
api_audit_log(const char *key_id, const char *request_id,
              enum tm_action action, const struct tm_request *req,
              const struct json *response, const char *error_code)
{
    struct ds ids = DS_EMPTY_INITIALIZER;

    if (!api_action_is_change(action) || !VLOG_IS_INFO_ENABLED()) {
        return;
    }
    if (req) {
        add_id(&ids, req->traffic_mirror_session_id);
        add_id(&ids, req->traffic_mirror_filter_rule_id);
        add_id(&ids, req->traffic_mirror_filter_id);
        add_id(&ids, req->traffic_mirror_target_id);
        add_id(&ids, req->network_interface_id);
        for (size_t i = 0; i < req->resource_ids.n; i++) {
            add_id(&ids, req->resource_ids.names[i]);
        }
    }
    if (response && response->type == JSON_OBJECT) {
        /* The created or changed resource: "TrafficMirrorX": {
         * "TrafficMirrorXId": ... }. */
        struct shash_node *node;

        SHASH_FOR_EACH (node, json_object(response)) {
            const struct json *obj = node->data;
            if (obj->type == JSON_OBJECT) {
                char *name = xasprintf("%sId", node->name);
                const struct json *id = shash_find_data(json_object(obj),
                                                        name);
                if (id && id->type == JSON_STRING) {
                    add_id(&ids, json_string(id));
                }
                free(name);
            }
        }
    }
    VLOG_INFO("key=%s action=%s request=%s ids=%s result=%s",
              key_id ? key_id : "-", tm_action_name(action), request_id,
              ids.length ? ds_cstr(&ids) : "-",
              error_code ? error_code : "ok");
    ds_destroy(&ids);
}
