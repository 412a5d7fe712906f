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

#include "api/http.h"

#include <errno.h>
#include <stdarg.h>
#include <string.h>
#include <sys/select.h>
#include <microhttpd.h>

#include "openvswitch/dynamic-string.h"
#include "openvswitch/poll-loop.h"
#include "openvswitch/vlog.h"
#include "smap.h"
#include "socket-util.h"
#include "util.h"

VLOG_DEFINE_THIS_MODULE(api_http);

/* At most this many connections at a time (keeps every socket below
 * FD_SETSIZE, which MHD_get_fdset() needs). */
#define API_HTTP_MAX_CONNECTIONS 256

/* An HTTP server on one address. */
struct api_http_server {
    struct MHD_Daemon *daemon;
    char *name;                 /* "tcp:IP:PORT", for logging. */
    api_http_handler *handler;
    void *aux;
};

/* The state of one request, MHD's "con_cls". */
struct api_http_request {
    struct api_http_server *server;
    struct MHD_Connection *connection;
    char *method;
    char *path;
    struct smap query;          /* Decoded URL arguments. */
    struct ds body;
    bool too_big;               /* Body larger than API_HTTP_MAX_BODY. */
    bool dispatched;            /* Handed to the handler. */
    bool suspended;             /* Connection suspended, waiting. */

    /* The response, once there is one. */
    bool has_response;
    int status;
    char *content_type;
    char *response;
    struct smap headers;        /* Extra response headers. */
};

/* Logs MHD's own messages. */
static void
log_mhd_error(void *aux OVS_UNUSED, const char *format, va_list args)
{
    static struct vlog_rate_limit rl = VLOG_RATE_LIMIT_INIT(5, 5);

    if (!VLOG_DROP_WARN(&rl)) {
        char *s = xvasprintf(format, args);
        size_t len = strlen(s);
        if (len && s[len - 1] == '\n') {
            s[len - 1] = '\0';
        }
        VLOG_WARN("libmicrohttpd: %s", s);
        free(s);
    }
}

/* Adds URL argument 'key'='value' to the request's query. */
static enum MHD_Result
add_query_arg(void *r_, enum MHD_ValueKind kind OVS_UNUSED, const char *key,
              const char *value)
{
    struct api_http_request *r = r_;

    smap_replace(&r->query, key, value ? value : "");
    return MHD_YES;
}

/* Queues the response stored in 'r'. */
static enum MHD_Result
queue_response(struct api_http_request *r)
{
    struct MHD_Response *response;
    enum MHD_Result ret;
    char *body = r->response ? r->response : xstrdup("");

    r->response = NULL;
    response = MHD_create_response_from_buffer(strlen(body), body,
                                               MHD_RESPMEM_MUST_FREE);
    if (r->content_type) {
        MHD_add_response_header(response, MHD_HTTP_HEADER_CONTENT_TYPE,
                                r->content_type);
    }
    struct smap_node *node;
    SMAP_FOR_EACH (node, &r->headers) {
        MHD_add_response_header(response, node->key, node->value);
    }
    ret = MHD_queue_response(r->connection, r->status, response);
    MHD_destroy_response(response);
    return ret;
}

/* MHD's access handler: gathers the request, hands it to the server's
 * handler, then sends the response, maybe after a suspension. */
static enum MHD_Result
access_handler(void *server_, struct MHD_Connection *connection,
               const char *url, const char *method,
               const char *version OVS_UNUSED, const char *upload_data,
               size_t *upload_data_size, void **con_cls)
{
    struct api_http_server *server = server_;
    struct api_http_request *r = *con_cls;

    if (!r) {
        r = xzalloc(sizeof *r);
        r->server = server;
        r->connection = connection;
        r->method = xstrdup(method);
        r->path = xstrdup(url);
        smap_init(&r->query);
        smap_init(&r->headers);
        ds_init(&r->body);
        MHD_get_connection_values(connection, MHD_GET_ARGUMENT_KIND,
                                  add_query_arg, r);
        *con_cls = r;
        return MHD_YES;
    }

    if (*upload_data_size) {
        if (r->body.length + *upload_data_size > API_HTTP_MAX_BODY) {
            r->too_big = true;
        } else if (!r->too_big) {
            ds_put_buffer(&r->body, upload_data, *upload_data_size);
        }
        *upload_data_size = 0;
        return MHD_YES;
    }

    if (!r->dispatched) {
        r->dispatched = true;
        if (r->too_big) {
            api_http_request_respond(r, 413,
                                     "text/plain",
                                     xstrdup("request body too large\n"));
        } else {
            server->handler(r, server->aux);
        }
        if (!r->has_response) {
            r->suspended = true;
            MHD_suspend_connection(connection);
            return MHD_YES;
        }
    }
    if (r->has_response) {
        return queue_response(r);
    }
    return MHD_YES;
}

/* Frees the request when MHD is done with its connection. */
static void
request_completed(void *server OVS_UNUSED,
                  struct MHD_Connection *connection OVS_UNUSED,
                  void **con_cls, enum MHD_RequestTerminationCode toe)
{
    struct api_http_request *r = *con_cls;

    if (r) {
        free(r->method);
        free(r->path);
        smap_destroy(&r->query);
        smap_destroy(&r->headers);
        ds_destroy(&r->body);
        free(r->content_type);
        free(r->response);
        free(r);
        *con_cls = NULL;
    }
}

/* Creates an HTTP server listening on 'listen' ("tcp:IP:PORT" for HTTP,
 * "ssl:IP:PORT" for HTTPS; IPv6 addresses in brackets) that hands requests
 * to 'handler' with 'aux'.  HTTPS needs 'key_pem' and 'cert_pem', the
 * PEM text of the server's private key and certificate (chain), which must
 * stay valid as long as the server.  Returns NULL and stores the server
 * into '*serverp' on success, otherwise returns an error message for the
 * caller to free. */
char *
api_http_server_create(const char *listen, const char *key_pem,
                       const char *cert_pem, api_http_handler *handler,
                       void *aux, struct api_http_server **serverp)
{
    struct sockaddr_storage ss;
    struct api_http_server *server;
    unsigned int flags = MHD_ALLOW_SUSPEND_RESUME | MHD_USE_ERROR_LOG;
    bool tls = !strncmp(listen, "ssl:", 4);
    struct MHD_OptionItem tls_options[] = {
        {MHD_OPTION_HTTPS_MEM_KEY, 0, CONST_CAST(char *, key_pem)},
        {MHD_OPTION_HTTPS_MEM_CERT, 0, CONST_CAST(char *, cert_pem)},
        {MHD_OPTION_END, 0, NULL},
    };

    *serverp = NULL;
    if ((!tls && strncmp(listen, "tcp:", 4))
        || !inet_parse_active(listen + 4, -1, &ss, false, NULL)) {
        return xasprintf("%s: bad listen address (expected "
                         "tcp:IP:PORT or ssl:IP:PORT)", listen);
    }
    if (tls) {
        if (!key_pem || !cert_pem) {
            return xasprintf("%s: HTTPS needs --private-key and "
                             "--certificate", listen);
        }
        if (MHD_is_feature_supported(MHD_FEATURE_TLS) != MHD_YES) {
            return xasprintf("%s: this libmicrohttpd has no TLS support",
                             listen);
        }
        flags |= MHD_USE_TLS;
    } else {
        tls_options[0].option = MHD_OPTION_END;
    }
    if (ss.ss_family == AF_INET6) {
        flags |= MHD_USE_IPv6;
    }

    server = xzalloc(sizeof *server);
    server->name = xstrdup(listen);
    server->handler = handler;
    server->aux = aux;
    server->daemon = MHD_start_daemon(
        flags, ss_get_port(&ss), NULL, NULL, access_handler, server,
        MHD_OPTION_EXTERNAL_LOGGER, log_mhd_error, NULL,
        MHD_OPTION_SOCK_ADDR, (struct sockaddr *) &ss,
        MHD_OPTION_NOTIFY_COMPLETED, request_completed, server,
        MHD_OPTION_CONNECTION_LIMIT, (unsigned int) API_HTTP_MAX_CONNECTIONS,
        MHD_OPTION_CONNECTION_TIMEOUT, (unsigned int) 60,
        MHD_OPTION_ARRAY, tls_options,
        MHD_OPTION_END);
    if (!server->daemon) {
        char *error = xasprintf("%s: could not listen (%s)%s", listen,
                                ovs_strerror(errno),
                                tls ? " or bad key or certificate" : "");
        free(server->name);
        free(server);
        return error;
    }
    VLOG_INFO("listening on %s", listen);
    *serverp = server;
    return NULL;
}

/* Lets MHD accept connections, read requests and write responses. */
void
api_http_server_run(struct api_http_server *server)
{
    MHD_run(server->daemon);
}

/* Arranges for poll_block() to wake up when 'server' has work. */
void
api_http_server_wait(struct api_http_server *server)
{
    fd_set rs, ws, es;
    MHD_socket max_fd = 0;
    MHD_UNSIGNED_LONG_LONG timeout;

    FD_ZERO(&rs);
    FD_ZERO(&ws);
    FD_ZERO(&es);
    if (MHD_get_fdset(server->daemon, &rs, &ws, &es, &max_fd) != MHD_YES) {
        poll_timer_wait(100);
        return;
    }
    for (int fd = 0; fd <= max_fd; fd++) {
        if (FD_ISSET(fd, &rs)) {
            poll_fd_wait(fd, POLLIN);
        }
        if (FD_ISSET(fd, &ws)) {
            poll_fd_wait(fd, POLLOUT);
        }
    }
    if (MHD_get_timeout(server->daemon, &timeout) == MHD_YES) {
        poll_timer_wait(MIN(timeout, 60 * 1000));
    }
}

/* Appends a line about 'server' to 's': its address and the number of
 * connections open now. */
void
api_http_server_format_status(const struct api_http_server *server,
                              struct ds *s)
{
    const union MHD_DaemonInfo *info = MHD_get_daemon_info(
        server->daemon, MHD_DAEMON_INFO_CURRENT_CONNECTIONS);

    ds_put_format(s, "listening on %s: %u connections\n", server->name,
                  info ? info->num_connections : 0);
}

/* Stops 'server' and frees it.  Requests still waiting for an answer get
 * none. */
void
api_http_server_destroy(struct api_http_server *server)
{
    if (server) {
        MHD_stop_daemon(server->daemon);
        free(server->name);
        free(server);
    }
}

/* Returns the method of 'r', e.g. "POST". */
const char *
api_http_request_method(const struct api_http_request *r)
{
    return r->method;
}

/* Returns the URL path of 'r'. */
const char *
api_http_request_path(const struct api_http_request *r)
{
    return r->path;
}

/* Returns the value of header 'name' of 'r' (case-insensitive), or NULL. */
const char *
api_http_request_header(const struct api_http_request *r, const char *name)
{
    return MHD_lookup_connection_value(r->connection, MHD_HEADER_KIND, name);
}

/* Returns the decoded URL arguments of 'r'. */
const struct smap *
api_http_request_query(const struct api_http_request *r)
{
    return &r->query;
}

/* Returns the body of 'r' and stores its length into '*lenp'. */
const char *
api_http_request_body(const struct api_http_request *r, size_t *lenp)
{
    *lenp = r->body.length;
    return r->body.string ? r->body.string : "";
}

/* Answers 'r' with HTTP 'status', 'content_type' and 'body' (which this
 * function takes over).  'r' must not be used afterward. */
void
api_http_request_respond(struct api_http_request *r, int status,
                         const char *content_type, char *body)
{
    ovs_assert(!r->has_response);
    r->has_response = true;
    r->status = status;
    r->content_type = content_type ? xstrdup(content_type) : NULL;
    r->response = body;
    if (r->suspended) {
        r->suspended = false;
        MHD_resume_connection(r->connection);
        poll_immediate_wake();
    }
}

/* Adds header 'name': 'value' to the response that 'r' will get (call it
 * before api_http_request_respond()), e.g. the console's security
 * headers. */
void
api_http_request_add_header(struct api_http_request *r, const char *name,
                            const char *value)
{
    smap_replace(&r->headers, name, value);
}
