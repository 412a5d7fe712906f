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
#include "sset.h"

VLOG_DEFINE_THIS_MODULE(api_audit);

/* Bounds on a line: at most this many bytes of one value and this many
 * resource ids (then "+N" for the number left out), so that a line is a
 * few kilobytes at most whatever the request. */
#define AUDIT_MAX_VALUE 96
#define AUDIT_MAX_IDS 16

/* Returns true if 'c' may appear in a logged value as it is. */
static bool
is_plain(unsigned char c)
{
    return ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')
            || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.'
            || c == ':' || c == '/' || c == '@');
}

/* Appends 's' to 'out' so that it reads as one value that no one can take
 * for a separator, another field or another line: as it is if it is
 * nonempty and made only of plain characters (ids, key ids, action
 * names), otherwise in double quotes with every byte other than printable
 * ASCII, '"' and '\\' written as \xHH.  Truncates it to 'max_len'
 * bytes, marked by "...". */
void
api_audit_put_value(struct ds *out, const char *s, size_t max_len)
{
    size_t len = strlen(s);
    size_t n = MIN(len, max_len);
    bool plain = n > 0;

    for (size_t i = 0; i < n && plain; i++) {
        plain = is_plain(s[i]);
    }
    if (!plain) {
        ds_put_char(out, '"');
    }
    for (size_t i = 0; i < n; i++) {
        unsigned char c = s[i];
        if (c < 0x20 || c >= 0x7f || c == '"' || c == '\\') {
            ds_put_format(out, "\\x%02x", c);
        } else {
            ds_put_char(out, c);
        }
    }
    if (len > n) {
        ds_put_cstr(out, "...");
    }
    if (!plain) {
        ds_put_char(out, '"');
    }
}

/* Appends 'id' to the comma-separated list in 'ids', if it is nonnull,
 * nonempty and not in 'seen' (which keeps every id added, so that this is
 * linear in the number of ids), and if 'ids' has fewer than
 * AUDIT_MAX_IDS; counts the ids left out in '*n_omitted'. */
static void
add_id(struct ds *ids, struct sset *seen, size_t *n_omitted, const char *id)
{
    if (id && id[0] && sset_add(seen, id)) {
        if (sset_count(seen) > AUDIT_MAX_IDS) {
            (*n_omitted)++;
            return;
        }
        if (ids->length) {
            ds_put_char(ids, ',');
        }
        api_audit_put_value(ids, id, AUDIT_MAX_VALUE);
    }
}

/* Logs one attempted change: 'action' with parameters 'req', by access key
 * 'key_id', in request 'request_id'.  On success 'error_code' is NULL and
 * 'response' is the action's response, whose resource id (of a created
 * resource) is logged too.  Every value is escaped (see
 * api_audit_put_value()) and the line is bounded, so that a request cannot
 * forge or flood lines. */
void
api_audit_log(const char *key_id, const char *request_id,
              enum tm_action action, const struct tm_request *req,
              const struct json *response, const char *error_code)
{
    struct sset seen = SSET_INITIALIZER(&seen);
    struct ds ids = DS_EMPTY_INITIALIZER;
    struct ds line = DS_EMPTY_INITIALIZER;
    size_t n_omitted = 0;

    if (!tm_action_is_change(action) || !VLOG_IS_INFO_ENABLED()) {
        return;
    }
    if (req) {
        add_id(&ids, &seen, &n_omitted, req->traffic_mirror_session_id);
        add_id(&ids, &seen, &n_omitted, req->traffic_mirror_filter_rule_id);
        add_id(&ids, &seen, &n_omitted, req->traffic_mirror_filter_id);
        add_id(&ids, &seen, &n_omitted, req->traffic_mirror_target_id);
        add_id(&ids, &seen, &n_omitted, req->network_interface_id);
        for (size_t i = 0; i < req->resource_ids.n; i++) {
            add_id(&ids, &seen, &n_omitted, req->resource_ids.names[i]);
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
                    add_id(&ids, &seen, &n_omitted, json_string(id));
                }
                free(name);
            }
        }
    }
    if (n_omitted) {
        ds_put_format(&ids, ",+%"PRIuSIZE, n_omitted);
    }

    ds_put_cstr(&line, "key=");
    api_audit_put_value(&line, key_id ? key_id : "-", AUDIT_MAX_VALUE);
    ds_put_format(&line, " action=%s request=", tm_action_name(action));
    api_audit_put_value(&line, request_id, AUDIT_MAX_VALUE);
    ds_put_format(&line, " ids=%s result=", ids.length ? ds_cstr(&ids) : "-");
    api_audit_put_value(&line, error_code ? error_code : "ok",
                        AUDIT_MAX_VALUE);
    VLOG_INFO("%s", ds_cstr(&line));
    ds_destroy(&line);
    ds_destroy(&ids);
    sset_destroy(&seen);
}
