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

#include "api/metrics.h"

#include <netinet/in.h>
#include <string.h>

#include "api/http.h"
#include "openvswitch/dynamic-string.h"
#include "openvswitch/shash.h"
#include "ovsdb-idl.h"
#include "ovsdb-schema/traffic-mirror-idl.h"
#include "socket-util.h"
#include "util.h"

/* Upper bounds of the latency histogram's buckets, in seconds. */
static const double buckets[] = {
    0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10,
};

/* The requests answered for one action. */
struct action_metrics {
    struct shash results;       /* Result ("ok" or AWS code) -> count. */
    unsigned long long int bucket_counts[ARRAY_SIZE(buckets)];
    unsigned long long int count;
    double sum;                 /* Seconds. */
};

/* Action name ("" when the request had no valid action) -> struct
 * action_metrics. */
static struct shash actions = SHASH_INITIALIZER(&actions);

/* Checks the --metrics address 'listen': "tcp:IP:PORT" with a loopback IP,
 * or any IP if 'allow_remote'.  Returns NULL if it is fine, otherwise an
 * error message for the caller to free. */
char *
api_metrics_check_listen(const char *listen, bool allow_remote)
{
    struct sockaddr_storage ss;

    if (strncmp(listen, "tcp:", 4)
        || !inet_parse_active(listen + 4, -1, &ss, false, NULL)) {
        return xasprintf("--metrics=%s: bad address (expected tcp:IP:PORT)",
                         listen);
    }
    if (!allow_remote) {
        bool loopback;

        if (ss.ss_family == AF_INET) {
            const struct sockaddr_in *sin = (const struct sockaddr_in *) &ss;
            loopback = (ntohl(sin->sin_addr.s_addr) >> 24) == 127;
        } else {
            const struct sockaddr_in6 *sin6
                = (const struct sockaddr_in6 *) &ss;
            loopback = IN6_IS_ADDR_LOOPBACK(&sin6->sin6_addr);
        }
        if (!loopback) {
            return xasprintf("--metrics=%s: not a loopback address (add "
                             "--metrics-allow-remote to serve metrics to "
                             "other hosts)", listen);
        }
    }
    return NULL;
}

/* Records one answered request: its 'action' (NULL or "" if it had no
 * valid action), its 'result' (NULL for success, otherwise the AWS error
 * code) and how long it took. */
void
api_metrics_observe(const char *action, const char *result,
                    long long int elapsed_msec)
{
    struct action_metrics *am;
    double seconds = MAX(elapsed_msec, 0) / 1000.0;

    action = action ? action : "";
    am = shash_find_data(&actions, action);
    if (!am) {
        am = xzalloc(sizeof *am);
        shash_init(&am->results);
        shash_add(&actions, action, am);
    }

    result = result ? result : "ok";
    unsigned long long int *count = shash_find_data(&am->results, result);
    if (!count) {
        count = xzalloc(sizeof *count);
        shash_add(&am->results, result, count);
    }
    (*count)++;

    for (size_t i = 0; i < ARRAY_SIZE(buckets); i++) {
        if (seconds <= buckets[i]) {
            am->bucket_counts[i]++;
        }
    }
    am->count++;
    am->sum += seconds;
}

/* Appends 's' to 'out' as a label value: backslash, double quote and
 * newline escaped. */
static void
put_label_value(struct ds *out, const char *s)
{
    ds_put_char(out, '"');
    for (; *s; s++) {
        if (*s == '\\' || *s == '"') {
            ds_put_char(out, '\\');
            ds_put_char(out, *s);
        } else if (*s == '\n') {
            ds_put_cstr(out, "\\n");
        } else {
            ds_put_char(out, *s);
        }
    }
    ds_put_char(out, '"');
}

/* Appends the metric family header: HELP and TYPE lines. */
static void
put_family(struct ds *out, const char *name, const char *type,
           const char *help)
{
    ds_put_format(out, "# HELP %s %s\n# TYPE %s %s\n", name, help, name,
                  type);
}

/* Appends the request counters and latencies. */
static void
render_requests(struct ds *out)
{
    const struct shash_node **nodes = shash_sort(&actions);
    size_t n = shash_count(&actions);

    put_family(out, "mirror_api_requests_total", "counter",
               "API requests answered, by action and result (ok or the "
               "AWS error code).");
    for (size_t i = 0; i < n; i++) {
        const struct action_metrics *am = nodes[i]->data;
        const struct shash_node **results = shash_sort(&am->results);

        for (size_t j = 0; j < shash_count(&am->results); j++) {
            const unsigned long long int *count = results[j]->data;

            ds_put_cstr(out, "mirror_api_requests_total{action=");
            put_label_value(out, nodes[i]->name);
            ds_put_cstr(out, ",result=");
            put_label_value(out, results[j]->name);
            ds_put_format(out, "} %llu\n", *count);
        }
        free(results);
    }

    put_family(out, "mirror_api_request_duration_seconds", "histogram",
               "Time from a request's arrival to its answer (after its "
               "database transaction committed), by action.");
    for (size_t i = 0; i < n; i++) {
        const struct action_metrics *am = nodes[i]->data;

        for (size_t j = 0; j <= ARRAY_SIZE(buckets); j++) {
            ds_put_cstr(out,
                        "mirror_api_request_duration_seconds_bucket{action=");
            put_label_value(out, nodes[i]->name);
            if (j < ARRAY_SIZE(buckets)) {
                ds_put_format(out, ",le=\"%g\"} %llu\n", buckets[j],
                              am->bucket_counts[j]);
            } else {
                ds_put_format(out, ",le=\"+Inf\"} %llu\n", am->count);
            }
        }
        ds_put_cstr(out, "mirror_api_request_duration_seconds_sum{action=");
        put_label_value(out, nodes[i]->name);
        ds_put_format(out, "} %.6f\n", am->sum);
        ds_put_cstr(out,
                    "mirror_api_request_duration_seconds_count{action=");
        put_label_value(out, nodes[i]->name);
        ds_put_format(out, "} %llu\n", am->count);
    }
    free(nodes);
}

/* Returns session 's''s counter 'key', or -1 if it has none. */
static long long int
session_counter(const struct tmrec_mirror_session *s, const char *key)
{
    for (size_t i = 0; i < s->n_counters; i++) {
        if (!strcmp(s->key_counters[i], key)) {
            return s->value_counters[i];
        }
    }
    return -1;
}

/* Appends session 's''s labels, "traffic_mirror_session_id=...". */
static void
put_session_label(struct ds *out, const struct tmrec_mirror_session *s)
{
    ds_put_cstr(out, "traffic_mirror_session_id=");
    put_label_value(out, s->session_id);
}

/* Appends one sample of counter family 'name' for session 's' (with its
 * 'direction' label unless it is NULL), and the family's header before
 * the first sample ('*any' says whether it was written). */
static void
put_session_sample(struct ds *out, bool *any, const char *name,
                   const char *help, const struct tmrec_mirror_session *s,
                   const char *direction, long long int value)
{
    if (!*any) {
        put_family(out, name, "counter", help);
        *any = true;
    }
    ds_put_format(out, "%s{", name);
    put_session_label(out, s);
    if (direction) {
        ds_put_format(out, ",direction=\"%s\"", direction);
    }
    ds_put_format(out, "} %lld\n", value);
}

/* Appends one family of session counters: 'name' with, for each session
 * and direction, the counter '<prefix>_in' (ingress) or '<prefix>_out'
 * (egress). */
static void
render_session_counter(struct ds *out, const struct ovsdb_idl *idl,
                       const char *name, const char *prefix,
                       const char *help)
{
    const struct tmrec_mirror_session *s;
    bool any = false;

    TMREC_MIRROR_SESSION_FOR_EACH (s, idl) {
        for (int d = 0; d < 2; d++) {
            char *key = xasprintf("%s_%s", prefix, d ? "out" : "in");
            long long int value = session_counter(s, key);

            free(key);
            if (value < 0) {
                continue;
            }
            put_session_sample(out, &any, name, help, s,
                               d ? "egress" : "ingress", value);
        }
    }
}

/* Appends one family of session counters without a direction: 'name'
 * with, for each session that has it, the counter 'key'. */
static void
render_session_total(struct ds *out, const struct ovsdb_idl *idl,
                     const char *name, const char *key, const char *help)
{
    const struct tmrec_mirror_session *s;
    bool any = false;

    TMREC_MIRROR_SESSION_FOR_EACH (s, idl) {
        long long int value = session_counter(s, key);

        if (value < 0) {
            continue;
        }
        put_session_sample(out, &any, name, help, s, NULL, value);
    }
}

/* Appends the sessions' info, counters and their rules' hits. */
static void
render_sessions(struct ds *out, const struct ovsdb_idl *idl)
{
    const struct tmrec_mirror_session *s;

    put_family(out, "traffic_mirror_session_info", "gauge",
               "One per traffic mirror session, with its settings as "
               "labels.");
    TMREC_MIRROR_SESSION_FOR_EACH (s, idl) {
        ds_put_cstr(out, "traffic_mirror_session_info{");
        put_session_label(out, s);
        ds_put_cstr(out, ",network_interface_id=");
        put_label_value(out, (s->network_interface
                              ? s->network_interface->interface_id : ""));
        ds_put_cstr(out, ",traffic_mirror_target_id=");
        put_label_value(out, s->target ? s->target->target_id : "");
        ds_put_cstr(out, ",traffic_mirror_filter_id=");
        put_label_value(out, s->filter ? s->filter->filter_id : "");
        ds_put_format(out, ",session_number=\"%"PRId64"\"",
                      s->session_number);
        ds_put_format(out, ",virtual_network_id=\"%"PRId64"\"",
                      s->virtual_network_id);
        ds_put_cstr(out, ",status=");
        put_label_value(out, s->status ? s->status : "");
        ds_put_cstr(out, "} 1\n");
    }

    render_session_counter(out, idl, "traffic_mirror_session_packets_total",
                           "packets", "Packets copied by the session, by "
                           "direction of the source interface's traffic.");
    render_session_counter(out, idl, "traffic_mirror_session_bytes_total",
                           "bytes", "Bytes copied by the session (before "
                           "truncation to the packet length), by "
                           "direction.");
    render_session_counter(out, idl,
                           "traffic_mirror_session_skipped_packets_total",
                           "skipped_packets", "Packets the session's filter "
                           "accepted whose copies a copy budget dropped, by "
                           "direction (NetworkPacketsSkipMirrorIn/Out).");
    render_session_counter(out, idl,
                           "traffic_mirror_session_skipped_bytes_total",
                           "skipped_bytes", "Bytes the skipped copies would "
                           "have carried, after the cut to the packet "
                           "length, by direction (NetworkSkipMirrorIn/Out).");
    render_session_total(out, idl,
                         "traffic_mirror_session_copied_packets_total",
                         "copied_packets", "Copies that passed the copy "
                         "budgets and left for the target.");
    render_session_total(out, idl,
                         "traffic_mirror_session_copied_bytes_total",
                         "copied_bytes", "Bytes of those copies as the "
                         "target receives them, after the cut to the packet "
                         "length, before encapsulation.");
}

/* Appends the filter rules' hit counts, per hypervisor. */
static void
render_rules(struct ds *out, const struct ovsdb_idl *idl)
{
    const struct tmrec_mirror_filter_rule *r;

    put_family(out, "traffic_mirror_filter_rule_hits_total", "counter",
               "Packets that a filter rule decided (accepted or rejected), "
               "by hypervisor.");
    TMREC_MIRROR_FILTER_RULE_FOR_EACH (r, idl) {
        for (size_t i = 0; i < r->n_hits; i++) {
            ds_put_cstr(out, "traffic_mirror_filter_rule_hits_total{"
                        "traffic_mirror_filter_id=");
            put_label_value(out, r->filter ? r->filter->filter_id : "");
            ds_put_cstr(out, ",traffic_mirror_filter_rule_id=");
            put_label_value(out, r->rule_id);
            ds_put_cstr(out, ",direction=");
            put_label_value(out, r->traffic_direction);
            ds_put_format(out, ",rule_number=\"%"PRId64"\"",
                          r->rule_number);
            ds_put_cstr(out, ",rule_action=");
            put_label_value(out, r->rule_action);
            ds_put_cstr(out, ",hypervisor=");
            put_label_value(out, r->key_hits[i]);
            ds_put_format(out, "} %"PRId64"\n", r->value_hits[i]);
        }
    }
}

/* Returns the whole exposition, for the caller to free. */
char *
api_metrics_render(const struct ovsdb_idl *idl)
{
    struct ds out = DS_EMPTY_INITIALIZER;

    render_requests(&out);
    put_family(&out, "mirror_api_database_connected", "gauge",
               "1 if mirror-api is connected to its Traffic_Mirror "
               "database.");
    ds_put_format(&out, "mirror_api_database_connected %d\n",
                  ovsdb_idl_is_connected(idl) ? 1 : 0);
    render_sessions(&out, idl);
    render_rules(&out, idl);
    return ds_steal_cstr(&out);
}

/* The --metrics server's handler: GET /metrics.  'idlp_' points to the
 * IDL of the Traffic_Mirror database. */
void
api_metrics_handle(struct api_http_request *r, void *idlp_)
{
    struct ovsdb_idl **idlp = idlp_;
    const char *method = api_http_request_method(r);
    const char *path = api_http_request_path(r);

    if (strcmp(path, "/metrics")) {
        api_http_request_respond(r, 404, "text/plain; charset=utf-8",
                                 xstrdup("Metrics are at /metrics.\n"));
    } else if (strcmp(method, "GET") && strcmp(method, "HEAD")) {
        api_http_request_add_header(r, "Allow", "GET, HEAD");
        api_http_request_respond(r, 405, "text/plain; charset=utf-8",
                                 xstrdup("Use GET.\n"));
    } else {
        api_http_request_respond(r, 200,
                                 "text/plain; version=0.0.4; charset=utf-8",
                                 api_metrics_render(*idlp));
    }
}
