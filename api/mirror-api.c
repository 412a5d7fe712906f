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

/* mirror-api: the EC2 Query API for Traffic Mirroring.
 *
 * Serves the 15 Traffic Mirroring actions of the EC2 API (version
 * 2016-11-15) over HTTP, so that the AWS CLI, boto3 and the other SDKs
 * manage the sessions, targets and filters of a Traffic_Mirror database.
 * Each request is authenticated with AWS Signature Version 4 against a
 * file of access keys, parsed into a "struct tm_request" and carried out
 * by libtrafficmirror in a database transaction; the answer goes back in
 * the API's XML only once that transaction has committed. */

#include <config.h>

#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/resource.h>

#include "api/audit.h"
#include "api/console.h"
#include "api/credentials.h"
#include "api/http.h"
#include "api/metrics.h"
#include "api/precheck.h"
#include "api/query.h"
#include "api/sigv4.h"
#include "api/tm-counters.h"
#include "api/xml.h"
#include "command-line.h"
#include "daemon.h"
#include "fatal-signal.h"
#include "lib/traffic-mirror.h"
#include "openvswitch/dynamic-string.h"
#include "openvswitch/json.h"
#include "openvswitch/list.h"
#include "openvswitch/poll-loop.h"
#include "openvswitch/vlog.h"
#include "ovsdb-idl.h"
#include "ovsdb-schema/traffic-mirror-idl.h"
#include "smap.h"
#include "stream-ssl.h"
#include "stream.h"
#include "svec.h"
#include "timeval.h"
#include "unixctl.h"
#include "util.h"
#include "uuid.h"

VLOG_DEFINE_THIS_MODULE(mirror_api);

/* Command-line options. */
static char *db_remote;                 /* --db. */
static struct svec listens = SVEC_EMPTY_INITIALIZER;     /* --listen. */
static char *credentials_file;          /* --credentials. */
static char *region;                    /* --region, or NULL for any. */
static char *private_key_file;          /* --private-key, for HTTPS. */
static char *certificate_file;          /* --certificate, for HTTPS. */
static char *unixctl_path;              /* --unixctl. */
static char *console_dir;               /* --console-dir, NULL: none. */
static char *metrics_listen;            /* --metrics. */
static bool metrics_allow_remote;       /* --metrics-allow-remote. */
static struct svec endpoint_names = SVEC_EMPTY_INITIALIZER; /* Or any. */
static struct api_http_limits http_limits = {   /* --max-connections &c. */
    .max_connections = API_HTTP_DEFAULT_MAX_CONNECTIONS,
    .per_ip_connections = API_HTTP_DEFAULT_PER_IP_CONNECTIONS,
    .header_timeout = API_HTTP_DEFAULT_HEADER_TIMEOUT,
    .body_timeout = API_HTTP_DEFAULT_BODY_TIMEOUT,
};

/* The daemon's state. */
struct api_state {
    struct ovsdb_idl *idl;
    struct api_credentials creds;
    struct ovs_list calls;              /* "struct api_call"s, in order. */
    struct api_call *current;           /* Head of 'calls' in a txn. */
    struct api_http_server **servers;   /* One per --listen. */
    bool exiting;

    /* Counters for "mirror-api/status". */
    unsigned long long int n_requests;  /* Requests answered. */
    unsigned long long int n_errors;    /* Of those, answered with errors. */
    unsigned long long int n_auth_failures; /* Of those, AuthFailure &c. */
};

/* One authenticated, parsed API request waiting for its transaction. */
struct api_call {
    struct ovs_list node;               /* In api_state's 'calls'. */
    struct api_http_request *http;
    char request_id[UUID_LEN + 1];
    char *key_id;
    enum tm_action action;
    struct tm_request req;
    struct ovsdb_idl_txn *txn;          /* Transaction in progress. */
    struct json *response;              /* tm_execute()'s response. */
    struct json *earlier_response;      /* A delete's response from an
                                         * attempt that may have committed
                                         * (see run_current_call()). */
    unsigned int txn_seqno;             /* IDL seqno the action ran on. */
    unsigned int retry_seqno;           /* After TXN_TRY_AGAIN. */
    bool retry;
    int n_conflicts;                    /* Index conflicts so far. */
    long long int start_msec;           /* Arrival, for --metrics. */
};

/* How many times a call runs again after its transaction broke a unique
 * index (another mirror-api inserted the same row first), before it gives
 * up with InternalError. */
#define API_MAX_CONFLICTS 5

static void parse_options(int argc, char *argv[]);
static void usage(void) OVS_NO_RETURN;
static unixctl_cb_func api_exit;
static unixctl_cb_func api_status;

/* Returns the HTTP status for AWS error 'code', as EC2 uses them. */
static int
error_status(const char *code)
{
    if (!strcmp(code, "AuthFailure")) {
        return 401;
    } else if (!strcmp(code, "UnauthorizedOperation")) {
        return 403;
    } else if (!strcmp(code, "DryRunOperation")) {
        return 412;
    } else if (!strcmp(code, "InternalError")) {
        return 500;
    } else if (!strcmp(code, "Unavailable")) {
        return 503;
    }
    return 400;
}

/* Answers 'http' with AWS error 'code' and 'message'. */
static void
respond_error(struct api_http_request *http, const char *request_id,
              const char *code, const char *message)
{
    static struct vlog_rate_limit rl = VLOG_RATE_LIMIT_INIT(10, 10);

    VLOG_DBG_RL(&rl, "request %s: %s: %s", request_id, code, message);
    api_http_request_respond(http, error_status(code), "text/xml",
                             api_xml_error(code, message, request_id));
}

/* Returns header 'name' of the api_http_request 'aux'. */
static const char *
get_header(const void *aux, const char *name)
{
    return api_http_request_header(aux, name);
}

/* Returns true if 'host', the signed Host header of a request, names one
 * of the --endpoint-name names (with or without its ":PORT"), or if there
 * are none. */
static bool
is_endpoint(const char *host)
{
    if (!endpoint_names.n) {
        return true;
    }
    if (!host) {
        return false;
    }

    /* The length of 'host' without a ":PORT" at its end. */
    const char *colon = strrchr(host, ':');
    const char *bracket = strchr(host, ']');
    size_t len = strlen(host);
    if (colon && colon[1]
        && strspn(colon + 1, "0123456789") == strlen(colon + 1)
        && (host[0] != '[' || (bracket && colon > bracket))) {
        len = colon - host;
    }

    for (size_t i = 0; i < endpoint_names.n; i++) {
        const char *name = endpoint_names.names[i];
        if (!strcasecmp(host, name)
            || (strlen(name) == len && !strncasecmp(host, name, len))) {
            return true;
        }
    }
    return false;
}

/* Removes from 'params' the X-Amz-* parameters of a presigned request,
 * which are the signature's, not the action's. */
static void
remove_signature_params(struct smap *params)
{
    struct smap_node *node;

    SMAP_FOR_EACH_SAFE (node, params) {
        if (!strncmp(node->key, "X-Amz-", 6)) {
            smap_remove_node(params, node);
        }
    }
}

/* Handles one complete HTTP request: authenticates and parses it, then
 * queues it for a database transaction. */
static void
handle_request(struct api_http_request *http, void *state_)
{
    struct api_state *state = state_;
    const struct api_credential *cred;
    char request_id[UUID_LEN + 1];
    struct smap params;
    struct tm_error *error;
    struct uuid uuid;
    const char *body;
    size_t body_len;

    uuid_generate(&uuid);
    snprintf(request_id, sizeof request_id, UUID_FMT, UUID_ARGS(&uuid));

    /* The web console's files (api/console/). */
    if (console_dir
        && api_console_is_console_path(api_http_request_path(http))) {
        api_console_serve(http, console_dir);
        return;
    }
    long long int start_msec = time_msec();

    const char *method = api_http_request_method(http);
    if (strcmp(method, "GET") && strcmp(method, "POST")) {
        respond_error(http, request_id, "InvalidHttpRequest",
                      "Only GET and POST are supported.");
        api_metrics_observe(NULL, "InvalidHttpRequest", 0);
        state->n_requests++;
        state->n_errors++;
        return;
    }
    body = api_http_request_body(http, &body_len);

    struct sigv4_request sreq = {
        .method = method,
        .path = api_http_request_path(http),
        .query = api_http_request_query(http),
        .get_header = get_header,
        .aux = http,
        .body = body,
        .body_len = body_len,
    };
    error = sigv4_verify(&sreq, &state->creds, region, time(NULL), &cred);
    if (!error && !is_endpoint(api_http_request_header(http, "Host"))) {
        error = tm_error_create("AuthFailure", "The request was signed for "
                                "host %s, which is not an endpoint of this "
                                "service.",
                                api_http_request_header(http, "Host"));
    }
    if (error) {
        static struct vlog_rate_limit rl = VLOG_RATE_LIMIT_INIT(5, 5);
        if (!VLOG_DROP_INFO(&rl)) {
            /* The message may quote headers: escape it like audit values. */
            struct ds message = DS_EMPTY_INITIALIZER;
            api_audit_put_value(&message, error->message, 1024);
            VLOG_INFO("request %s: authentication failed: %s: %s",
                      request_id, error->code, ds_cstr(&message));
            ds_destroy(&message);
        }
        state->n_requests++;
        state->n_errors++;
        state->n_auth_failures++;
        api_metrics_observe(NULL, error->code, time_msec() - start_msec);
        respond_error(http, request_id, error->code, error->message);
        tm_error_destroy(error);
        return;
    }

    smap_clone(&params, api_http_request_query(http));
    remove_signature_params(&params);
    if (!strcmp(method, "POST")) {
        api_query_decode_form(body, body_len, &params);
    }
    if (api_counters_is_action(&params)) {
        /* Our extension action for the console's graphs: it only reads. */
        const char *code = api_counters_respond(http, state->idl, &params,
                                                request_id);
        api_metrics_observe(API_COUNTERS_ACTION, code,
                            time_msec() - start_msec);
        state->n_requests++;
        state->n_errors += code != NULL;
        smap_destroy(&params);
        return;
    }

    struct api_call *call = xzalloc(sizeof *call);
    call->http = http;
    ovs_strlcpy(call->request_id, request_id, sizeof call->request_id);
    call->key_id = xstrdup(cred->key_id);
    call->start_msec = start_msec;
    tm_request_init(&call->req);
    error = api_precheck(&params);
    if (!error) {
        error = api_query_parse(&params, &call->action, &call->req);
    }
    bool parsed = !error;
    smap_destroy(&params);
    if (!error && cred->read_only && tm_action_is_change(call->action)) {
        error = tm_error_create("UnauthorizedOperation", "You are not "
                                "authorized to perform this operation: "
                                "access key %s is read-only.",
                                cred->key_id);
        api_audit_log(call->key_id, request_id, call->action, &call->req,
                      NULL, error->code);
    }
    if (error) {
        state->n_requests++;
        state->n_errors++;
        api_metrics_observe(parsed ? tm_action_name(call->action) : NULL,
                            error->code, time_msec() - start_msec);
        respond_error(http, request_id, error->code, error->message);
        tm_error_destroy(error);
        tm_request_destroy(&call->req);
        free(call->key_id);
        free(call);
        return;
    }
    ovs_list_push_back(&state->calls, &call->node);
}

/* Answers 'call', removes it from the queue and frees it.  With 'error'
 * it is an AWS error, otherwise the call's response. */
static void
finish_call(struct api_state *state, struct api_call *call,
            const char *code, const char *message)
{
    api_audit_log(call->key_id, call->request_id, call->action, &call->req,
                  call->response, code);
    api_metrics_observe(tm_action_name(call->action), code,
                        time_msec() - call->start_msec);
    state->n_requests++;
    if (code) {
        state->n_errors++;
        respond_error(call->http, call->request_id, code, message);
    } else {
        api_http_request_respond(call->http, 200, "text/xml;charset=UTF-8",
                                 api_xml_response(call->action,
                                                  call->response,
                                                  call->request_id));
    }
    if (state->current == call) {
        state->current = NULL;
    }
    ovs_list_remove(&call->node);
    if (call->txn) {
        ovsdb_idl_txn_destroy(call->txn);
    }
    json_destroy(call->response);
    json_destroy(call->earlier_response);
    tm_request_destroy(&call->req);
    free(call->key_id);
    free(call);
}

/* Returns true if 'action' deletes a resource by its identifier. */
static bool
is_delete(enum tm_action action)
{
    return (action == TM_DELETE_TARGET || action == TM_DELETE_FILTER
            || action == TM_DELETE_FILTER_RULE
            || action == TM_DELETE_SESSION);
}

/* Starts the transaction of the next queued call, if any and if the
 * database is there.  Returns false if there was nothing to start. */
static bool
start_next_call(struct api_state *state)
{
    struct api_call *call;
    struct tm_error *error;

    if (ovs_list_is_empty(&state->calls)
        || !ovsdb_idl_has_ever_connected(state->idl)
        || !ovsdb_idl_is_connected(state->idl)) {
        return false;
    }
    call = CONTAINER_OF(ovs_list_front(&state->calls), struct api_call, node);
    if (call->retry && call->retry_seqno == ovsdb_idl_get_seqno(state->idl)) {
        return false;
    }
    call->retry = false;
    json_destroy(call->response);
    call->response = NULL;

    call->txn_seqno = ovsdb_idl_get_seqno(state->idl);
    call->txn = ovsdb_idl_txn_create(state->idl);
    ovsdb_idl_txn_add_comment(call->txn, "mirror-api: %s by %s (request %s)",
                              tm_action_name(call->action), call->key_id,
                              call->request_id);
    error = tm_execute(state->idl, call->txn, call->action, &call->req,
                       &call->response);
    if (error && call->earlier_response
        && string_ends_with(error->code, ".NotFound")) {
        /* An earlier attempt of this delete may have committed before the
         * connection to the database broke: the resource is gone, as asked,
         * so the answer is the one that attempt would have given. */
        ovsdb_idl_txn_abort(call->txn);
        tm_error_destroy(error);
        call->response = call->earlier_response;
        call->earlier_response = NULL;
        finish_call(state, call, NULL, NULL);
        return true;
    }
    if (error) {
        ovsdb_idl_txn_abort(call->txn);
        finish_call(state, call, error->code, error->message);
        tm_error_destroy(error);
        return true;
    }
    state->current = call;
    return true;
}

/* Advances the transaction of the current call; answers it once the
 * transaction is over. */
static void
run_current_call(struct api_state *state)
{
    struct api_call *call = state->current;
    enum ovsdb_idl_txn_status status = ovsdb_idl_txn_commit(call->txn);

    switch (status) {
    case TXN_INCOMPLETE:
        return;

    case TXN_SUCCESS:
    case TXN_UNCHANGED:
        finish_call(state, call, NULL, NULL);
        return;

    case TXN_TRY_AGAIN:
        /* Run the action again once the view differs from the one it ran
         * on.  The change that failed a verify often reaches the IDL
         * before the reply does: waiting for yet another change after the
         * reply could wait forever. */
        ovsdb_idl_txn_destroy(call->txn);
        call->txn = NULL;
        call->retry = true;
        call->retry_seqno = call->txn_seqno;
        /* TRY_AGAIN also ends a transaction that was in flight when the
         * connection to the database broke, which may have committed (a
         * Raft leader that died after replicating it, say).  Running a
         * delete again would then answer NotFound for what it deleted:
         * keep its response for that case. */
        if (is_delete(call->action) && call->response) {
            json_destroy(call->earlier_response);
            call->earlier_response = call->response;
            call->response = NULL;
        }
        state->current = NULL;
        return;

    case TXN_ERROR:
        if (strstr(ovsdb_idl_txn_get_error(call->txn),
                   "\"constraint violation\"")
            && ++call->n_conflicts <= API_MAX_CONFLICTS) {
            /* Another process committed a row with the same unique key
             * first, e.g. the Client_Token of the same ClientToken: the
             * IDL has that row by now (the server sent it before this
             * reply), so running the action again sees it. */
            VLOG_DBG("request %s: index conflict, running it again",
                     call->request_id);
            ovsdb_idl_txn_destroy(call->txn);
            call->txn = NULL;
            state->current = NULL;
            return;
        }
        /* Fall through. */
    case TXN_UNCOMMITTED:
    case TXN_ABORTED:
    case TXN_NOT_LOCKED:
    default: {
        static struct vlog_rate_limit rl = VLOG_RATE_LIMIT_INIT(5, 5);
        char *message = xasprintf("database transaction failed: %s",
                                  status == TXN_ERROR
                                  ? ovsdb_idl_txn_get_error(call->txn)
                                  : ovsdb_idl_txn_status_to_string(status));
        VLOG_WARN_RL(&rl, "request %s: %s", call->request_id, message);
        finish_call(state, call, "InternalError", message);
        free(message);
        return;
    }
    }
}

/* Runs the queued calls, one transaction at a time. */
static void
run_calls(struct api_state *state)
{
    for (;;) {
        if (state->current) {
            run_current_call(state);
            if (state->current) {
                return;
            }
        } else if (!start_next_call(state)) {
            return;
        }
    }
}

/* Returns the contents of PEM file 'file_name', for the caller to free.
 * Exits with an error message if it cannot be read. */
static char *
read_pem(const char *file_name)
{
    struct ds s = DS_EMPTY_INITIALIZER;
    FILE *stream = fopen(file_name, "r");

    if (!stream) {
        ovs_fatal(errno, "%s: could not open", file_name);
    }
    for (;;) {
        char buf[4096];
        size_t n = fread(buf, 1, sizeof buf, stream);

        ds_put_buffer(&s, buf, n);
        if (n < sizeof buf) {
            break;
        }
    }
    fclose(stream);
    if (!strstr(ds_cstr(&s), "-----BEGIN ")) {
        ovs_fatal(0, "%s: not a PEM file", file_name);
    }
    return ds_steal_cstr(&s);
}

/* Raises the limit of open files so that 'n_conns' connections per
 * listener fit, as far as the hard limit allows; warns if it does not. */
static void
raise_fd_limit(unsigned int n_conns)
{
    rlim_t needed = (rlim_t) n_conns * listens.n + 64;
    struct rlimit rl;

    if (getrlimit(RLIMIT_NOFILE, &rl)) {
        return;
    }
    if (rl.rlim_cur < needed && rl.rlim_cur != RLIM_INFINITY) {
        rl.rlim_cur = (rl.rlim_max == RLIM_INFINITY || rl.rlim_max > needed
                       ? needed : rl.rlim_max);
        if (setrlimit(RLIMIT_NOFILE, &rl)) {
            VLOG_WARN("could not raise the open file limit to %llu (%s)",
                      (unsigned long long int) rl.rlim_cur,
                      ovs_strerror(errno));
        } else if (rl.rlim_cur < needed) {
            VLOG_WARN("open file limit %llu is below what "
                      "--max-connections=%u needs",
                      (unsigned long long int) rl.rlim_cur, n_conns);
        }
    }
}

/* Runs mirror-api: serves the API until "exit" or a signal. */
int
main(int argc, char *argv[])
{
    struct api_state state;
    struct api_http_server **servers;
    struct unixctl_server *unixctl;
    char *error;
    int retval;

    ovs_cmdl_proctitle_init(argc, argv);
    set_program_name(argv[0]);
    service_start(&argc, &argv);
    parse_options(argc, argv);
    fatal_ignore_sigpipe();

    memset(&state, 0, sizeof state);
    ovs_list_init(&state.calls);
    error = api_credentials_load(credentials_file, &state.creds);
    if (error) {
        ovs_fatal(0, "%s", error);
    }

    /* Read the key and certificate before daemonize_start() changes the
     * working directory. */
    char *key_pem = NULL, *cert_pem = NULL;
    if (private_key_file) {
        key_pem = read_pem(private_key_file);
    }
    if (certificate_file) {
        cert_pem = read_pem(certificate_file);
    }

    daemonize_start(false);
    raise_fd_limit(http_limits.max_connections);
    api_http_set_limits(&http_limits);
    servers = xcalloc(listens.n, sizeof *servers);
    for (size_t i = 0; i < listens.n; i++) {
        error = api_http_server_create(listens.names[i], key_pem, cert_pem,
                                       handle_request, &state, &servers[i]);
        if (error) {
            ovs_fatal(0, "%s", error);
        }
    }
    state.servers = servers;
    struct api_http_server *metrics = NULL;
    if (metrics_listen) {
        /* The handler reads state.idl, created below. */
        error = api_http_server_create(metrics_listen, NULL, NULL,
                                       api_metrics_handle, &state.idl,
                                       &metrics);
        if (error) {
            ovs_fatal(0, "%s", error);
        }
    }
    retval = unixctl_server_create(unixctl_path, &unixctl);
    if (retval) {
        exit(EXIT_FAILURE);
    }
    unixctl_command_register("exit", "", 0, 0, api_exit, &state);
    unixctl_command_register("mirror-api/status", "", 0, 0, api_status,
                             &state);
    daemonize_complete();

    VLOG_INFO("%"PRIuSIZE" access keys from %s, region %s",
              shash_count(&state.creds.keys), credentials_file,
              region ? region : "(any)");
    state.idl = ovsdb_idl_create(db_remote, &tmrec_idl_class, true, true);
    tm_idl_init(state.idl);

    while (!state.exiting) {
        ovsdb_idl_run(state.idl);
        for (size_t i = 0; i < listens.n; i++) {
            api_http_server_run(servers[i]);
        }
        if (metrics) {
            api_http_server_run(metrics);
        }
        run_calls(&state);
        unixctl_server_run(unixctl);

        ovsdb_idl_wait(state.idl);
        if (state.current) {
            ovsdb_idl_txn_wait(state.current->txn);
        }
        for (size_t i = 0; i < listens.n; i++) {
            api_http_server_wait(servers[i]);
        }
        if (metrics) {
            api_http_server_wait(metrics);
        }
        unixctl_server_wait(unixctl);
        poll_block();
        if (should_service_stop()) {
            state.exiting = true;
        }
    }

    /* Answer whatever is still waiting, then stop. */
    struct api_call *call;
    LIST_FOR_EACH_SAFE (call, node, &state.calls) {
        if (call->txn && state.current != call) {
            ovsdb_idl_txn_destroy(call->txn);
            call->txn = NULL;
        }
        finish_call(&state, call, "Unavailable", "mirror-api is exiting.");
    }
    for (size_t i = 0; i < listens.n; i++) {
        api_http_server_run(servers[i]);
        api_http_server_destroy(servers[i]);
    }
    free(servers);
    api_http_server_destroy(metrics);
    free(key_pem);
    free(cert_pem);
    unixctl_server_destroy(unixctl);
    ovsdb_idl_destroy(state.idl);
    api_credentials_destroy(&state.creds);
    service_stop();
    return 0;
}

/* Parses 'arg', the argument of option 'name', as an integer between 'min'
 * and 'max'; exits with an error message if it is not one. */
static unsigned int
parse_uint_option(const char *name, const char *arg, unsigned int min,
                  unsigned int max)
{
    unsigned int value;

    if (!str_to_uint(arg, 10, &value) || value < min || value > max) {
        ovs_fatal(0, "--%s: \"%s\" is not an integer between %u and %u",
                  name, arg, min, max);
    }
    return value;
}

/* Parses the command line into the globals above. */
static void
parse_options(int argc, char *argv[])
{
    enum {
        OPT_DB = UCHAR_MAX + 1,
        OPT_LISTEN,
        OPT_CREDENTIALS,
        OPT_REGION,
        OPT_UNIXCTL,
        OPT_CONSOLE_DIR,
        OPT_NO_CONSOLE,
        OPT_METRICS,
        OPT_METRICS_ALLOW_REMOTE,
        OPT_ENDPOINT_NAME,
        OPT_MAX_CONNECTIONS,
        OPT_PER_IP_CONNECTIONS,
        OPT_HEADER_TIMEOUT,
        OPT_BODY_TIMEOUT,
        OPT_PEER_CA_CERT,
        OPT_BOOTSTRAP_CA_CERT,
        VLOG_OPTION_ENUMS,
        DAEMON_OPTION_ENUMS,
        SSL_OPTION_ENUMS,
    };
    static const struct option long_options[] = {
        {"db", required_argument, NULL, OPT_DB},
        {"listen", required_argument, NULL, OPT_LISTEN},
        {"credentials", required_argument, NULL, OPT_CREDENTIALS},
        {"region", required_argument, NULL, OPT_REGION},
        {"unixctl", required_argument, NULL, OPT_UNIXCTL},
        {"console-dir", required_argument, NULL, OPT_CONSOLE_DIR},
        {"no-console", no_argument, NULL, OPT_NO_CONSOLE},
        {"metrics", required_argument, NULL, OPT_METRICS},
        {"metrics-allow-remote", no_argument, NULL,
         OPT_METRICS_ALLOW_REMOTE},
        {"endpoint-name", required_argument, NULL, OPT_ENDPOINT_NAME},
        {"max-connections", required_argument, NULL, OPT_MAX_CONNECTIONS},
        {"per-ip-connections", required_argument, NULL,
         OPT_PER_IP_CONNECTIONS},
        {"header-timeout", required_argument, NULL, OPT_HEADER_TIMEOUT},
        {"body-timeout", required_argument, NULL, OPT_BODY_TIMEOUT},
        {"help", no_argument, NULL, 'h'},
        {"version", no_argument, NULL, 'V'},
        VLOG_LONG_OPTIONS,
        DAEMON_LONG_OPTIONS,
        STREAM_SSL_LONG_OPTIONS,
        {"peer-ca-cert", required_argument, NULL, OPT_PEER_CA_CERT},
        {"bootstrap-ca-cert", required_argument, NULL, OPT_BOOTSTRAP_CA_CERT},
        {NULL, 0, NULL, 0},
    };
    char *short_options = ovs_cmdl_long_options_to_short_options(long_options);
    bool no_console = false;

    for (;;) {
        int c = getopt_long(argc, argv, short_options, long_options, NULL);
        if (c == -1) {
            break;
        }

        switch (c) {
        case OPT_DB:
            free(db_remote);
            db_remote = xstrdup(optarg);
            break;

        case OPT_LISTEN:
            svec_add(&listens, optarg);
            break;

        case OPT_CREDENTIALS:
            free(credentials_file);
            credentials_file = xstrdup(optarg);
            break;

        case OPT_REGION:
            free(region);
            region = xstrdup(optarg);
            break;

        case OPT_UNIXCTL:
            free(unixctl_path);
            unixctl_path = xstrdup(optarg);
            break;

        case OPT_CONSOLE_DIR:
            free(console_dir);
            console_dir = xstrdup(optarg);
            break;

        case OPT_NO_CONSOLE:
            no_console = true;
            break;

        case OPT_METRICS:
            free(metrics_listen);
            metrics_listen = xstrdup(optarg);
            break;

        case OPT_METRICS_ALLOW_REMOTE:
            metrics_allow_remote = true;
            break;

        case OPT_ENDPOINT_NAME:
            svec_add(&endpoint_names, optarg);
            break;

        case OPT_MAX_CONNECTIONS:
            http_limits.max_connections = parse_uint_option(
                "max-connections", optarg, 1, 1000000);
            break;

        case OPT_PER_IP_CONNECTIONS:
            http_limits.per_ip_connections = parse_uint_option(
                "per-ip-connections", optarg, 1, 1000000);
            break;

        case OPT_HEADER_TIMEOUT:
            http_limits.header_timeout = parse_uint_option(
                "header-timeout", optarg, 1, 86400);
            break;

        case OPT_BODY_TIMEOUT:
            http_limits.body_timeout = parse_uint_option(
                "body-timeout", optarg, 1, 86400);
            break;

        case 'h':
            usage();

        case 'V':
            ovs_print_version(0, 0);
            exit(EXIT_SUCCESS);

        VLOG_OPTION_HANDLERS
        DAEMON_OPTION_HANDLERS

        /* The key and certificate serve HTTPS and the --db connection. */
        case 'p':
            stream_ssl_set_private_key_file(optarg);
            free(private_key_file);
            private_key_file = xstrdup(optarg);
            break;

        case 'c':
            stream_ssl_set_certificate_file(optarg);
            free(certificate_file);
            certificate_file = xstrdup(optarg);
            break;

        case 'C':
            stream_ssl_set_ca_cert_file(optarg, false);
            break;

        case OPT_SSL_PROTOCOLS:
            stream_ssl_set_protocols(optarg);
            break;

        case OPT_SSL_CIPHERS:
            stream_ssl_set_ciphers(optarg);
            break;

        case OPT_PEER_CA_CERT:
            stream_ssl_set_peer_ca_cert_file(optarg);
            break;

        case OPT_BOOTSTRAP_CA_CERT:
            stream_ssl_set_ca_cert_file(optarg, true);
            break;

        case '?':
            exit(EXIT_FAILURE);

        default:
            ovs_abort(0, "unexpected option %d", c);
        }
    }
    free(short_options);

    if (optind != argc) {
        ovs_fatal(0, "non-option arguments not supported; use --help for "
                  "usage");
    }
    if (!db_remote) {
        ovs_fatal(0, "missing --db option; use --help for usage");
    }
    if (!listens.n) {
        ovs_fatal(0, "missing --listen option; use --help for usage");
    }
    if (!credentials_file) {
        ovs_fatal(0, "missing --credentials option; use --help for usage");
    }
    if (no_console) {
        free(console_dir);
        console_dir = NULL;
    } else if (!console_dir) {
        console_dir = xstrdup(TM_CONSOLE_DIR);
    }
    if (metrics_listen) {
        char *error = api_metrics_check_listen(metrics_listen,
                                               metrics_allow_remote);
        if (error) {
            ovs_fatal(0, "%s", error);
        }
    }
}

/* Prints usage and exits. */
static void
usage(void)
{
    printf("%s: EC2 Query API for Traffic Mirroring\n"
           "usage: %s [OPTIONS]\n"
           "\nOptions:\n"
           "  --db=REMOTE             Traffic_Mirror database to use\n"
           "  --listen=tcp:IP:PORT    serve HTTP there (may be repeated)\n"
           "  --listen=ssl:IP:PORT    serve HTTPS there (may be repeated)\n"
           "  --private-key=FILE      HTTPS (and --db SSL) private key\n"
           "  --certificate=FILE      HTTPS (and --db SSL) certificate\n"
           "  --credentials=FILE      access keys, one per line:\n"
           "                          ACCESS_KEY_ID SECRET_KEY "
           "[read-only|read-write]\n"
           "  --region=NAME           accept only signatures for region "
           "NAME\n"
           "                          (default: any region)\n"
           "  --unixctl=SOCKET        override default control socket "
           "name\n"
           "  --console-dir=DIR       serve the web console at /console/ "
           "from DIR\n"
           "                          (default: %s)\n"
           "  --no-console            do not serve the web console\n"
           "  --metrics=tcp:IP:PORT   serve Prometheus metrics at "
           "/metrics there\n"
           "  --metrics-allow-remote  allow a non-loopback --metrics "
           "address\n"
           "  --endpoint-name=NAME    accept only requests signed for host "
           "NAME\n"
           "                          (may be repeated; default: any "
           "host)\n"
           "  --max-connections=N     at most N connections per listener "
           "(default %d)\n"
           "  --per-ip-connections=N  at most N of them from one address "
           "(default %d)\n"
           "  --header-timeout=SECS   close a connection that has not sent "
           "a request's\n"
           "                          headers SECS after it opened or after"
           " its last\n"
           "                          response (default %d)\n"
           "  --body-timeout=SECS     close a connection that has not sent "
           "a request's\n"
           "                          body SECS after its headers (default "
           "%d)\n",
           program_name, program_name, TM_CONSOLE_DIR,
           API_HTTP_DEFAULT_MAX_CONNECTIONS,
           API_HTTP_DEFAULT_PER_IP_CONNECTIONS,
           API_HTTP_DEFAULT_HEADER_TIMEOUT, API_HTTP_DEFAULT_BODY_TIMEOUT);
    daemon_usage();
    vlog_usage();
    stream_usage("--db", true, false, true);
    printf("\nOther options:\n"
           "  -h, --help              display this help message\n"
           "  -V, --version           display version information\n");
    exit(EXIT_SUCCESS);
}

/* unixctl "mirror-api/status": the database connection, the listeners,
 * the queue and the request counters. */
static void
api_status(struct unixctl_conn *conn, int argc OVS_UNUSED,
           const char *argv[] OVS_UNUSED, void *state_)
{
    struct api_state *state = state_;
    struct ds s = DS_EMPTY_INITIALIZER;

    ds_put_format(&s, "database %s: %s\n", db_remote,
                  ovsdb_idl_is_connected(state->idl) ? "connected"
                  : "not connected");
    ds_put_format(&s, "region: %s\n", region ? region : "(any)");
    ds_put_format(&s, "access keys: %"PRIuSIZE"\n",
                  shash_count(&state->creds.keys));
    for (size_t i = 0; i < listens.n; i++) {
        api_http_server_format_status(state->servers[i], &s);
    }
    ds_put_format(&s, "queued requests: %"PRIuSIZE"\n",
                  ovs_list_size(&state->calls));
    ds_put_format(&s, "requests answered: %llu\n", state->n_requests);
    ds_put_format(&s, "errors: %llu\n", state->n_errors);
    ds_put_format(&s, "authentication failures: %llu\n",
                  state->n_auth_failures);
    unixctl_command_reply(conn, ds_cstr(&s));
    ds_destroy(&s);
}

/* unixctl "exit". */
static void
api_exit(struct unixctl_conn *conn, int argc OVS_UNUSED,
         const char *argv[] OVS_UNUSED, void *state_)
{
    struct api_state *state = state_;

    state->exiting = true;
    unixctl_command_reply(conn, NULL);
    poll_immediate_wake();
}
