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
#include <netinet/in.h>
#include <sys/socket.h>
#include <microhttpd.h>

#include "openvswitch/dynamic-string.h"
#include "openvswitch/list.h"
#include "openvswitch/poll-loop.h"
#include "openvswitch/vlog.h"
#include "smap.h"
#include "socket-util.h"
#include "timeval.h"
#include "util.h"

VLOG_DEFINE_THIS_MODULE(api_http);

/* Connection limits and deadlines of the servers created from now on. */
static struct api_http_limits limits = {
    .max_connections = API_HTTP_DEFAULT_MAX_CONNECTIONS,
    .per_ip_connections = API_HTTP_DEFAULT_PER_IP_CONNECTIONS,
    .header_timeout = API_HTTP_DEFAULT_HEADER_TIMEOUT,
    .body_timeout = API_HTTP_DEFAULT_BODY_TIMEOUT,
};

/* An HTTP server on one address. */
struct api_http_server {
    struct MHD_Daemon *daemon;
    char *name;                 /* "tcp:IP:PORT", for logging. */
    api_http_handler *handler;
    void *aux;

    /* Connections that have a receive deadline ("struct api_http_conn"s),
     * each list in order of deadline: those waiting for (the rest of) a
     * request's headers and those receiving a request's body.  The
     * connections whose request is with the handler, or whose response is
     * being sent, are in neither list. */
    struct ovs_list awaiting_headers;
    struct ovs_list awaiting_body;
    long long int header_msec;  /* Deadlines, in ms. */
    long long int body_msec;
    unsigned long long int n_expired;   /* Connections closed by them. */
};

/* One connection, MHD's "socket_context": its receive deadline. */
struct api_http_conn {
    struct ovs_list node;       /* In a server list, or alone. */
    long long int deadline;     /* time_msec() by which to receive. */
    MHD_socket fd;
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

/* Sets the deadline of 'conn' to 'msec' from now and puts it at the end of
 * 'list'.  The deadline of every list is the same for all of its members,
 * so each list stays sorted. */
static void
conn_set_deadline(struct api_http_conn *conn, struct ovs_list *list,
                  long long int msec)
{
    ovs_list_remove(&conn->node);
    conn->deadline = time_msec() + msec;
    ovs_list_push_back(list, &conn->node);
}

/* Returns the "struct api_http_conn" of 'connection', or NULL. */
static struct api_http_conn *
conn_of(struct MHD_Connection *connection)
{
    const union MHD_ConnectionInfo *info = MHD_get_connection_info(
        connection, MHD_CONNECTION_INFO_SOCKET_CONTEXT);

    return info ? info->socket_context : NULL;
}

/* MHD's connection notifications: keeps a "struct api_http_conn" for every
 * open connection, whose headers are due 'header_msec' after it opens. */
static void
notify_connection(void *server_, struct MHD_Connection *connection,
                  void **socket_context,
                  enum MHD_ConnectionNotificationCode code)
{
    struct api_http_server *server = server_;
    struct api_http_conn *conn = *socket_context;

    if (code == MHD_CONNECTION_NOTIFY_STARTED) {
        const union MHD_ConnectionInfo *info = MHD_get_connection_info(
            connection, MHD_CONNECTION_INFO_CONNECTION_FD);

        conn = xzalloc(sizeof *conn);
        conn->fd = info ? info->connect_fd : MHD_INVALID_SOCKET;
        ovs_list_init(&conn->node);
        conn_set_deadline(conn, &server->awaiting_headers,
                          server->header_msec);
        *socket_context = conn;
    } else if (code == MHD_CONNECTION_NOTIFY_CLOSED && conn) {
        ovs_list_remove(&conn->node);
        free(conn);
        *socket_context = NULL;
    }
}

/* Closes the connections of 'list' whose deadline has passed: shutdown()
 * makes MHD see the end of the connection and close it (the descriptor
 * stays MHD's).  Returns the earliest deadline still to come, or
 * LLONG_MAX. */
static long long int
expire_connections(struct api_http_server *server, struct ovs_list *list,
                   const char *what)
{
    static struct vlog_rate_limit rl = VLOG_RATE_LIMIT_INIT(5, 5);
    long long int now = time_msec();

    while (!ovs_list_is_empty(list)) {
        struct api_http_conn *conn = CONTAINER_OF(ovs_list_front(list),
                                                  struct api_http_conn, node);
        if (conn->deadline > now) {
            return conn->deadline;
        }
        VLOG_INFO_RL(&rl, "%s: closing a connection that did not send its "
                     "request's %s in time", server->name, what);
        if (conn->fd != MHD_INVALID_SOCKET) {
            shutdown(conn->fd, SHUT_RDWR);
        }
        ovs_list_remove(&conn->node);
        ovs_list_init(&conn->node);
        server->n_expired++;
    }
    return LLONG_MAX;
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

        /* The headers are in: now the body is due. */
        struct api_http_conn *conn = conn_of(connection);
        if (conn) {
            conn_set_deadline(conn, &server->awaiting_body,
                              server->body_msec);
        }
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
        struct api_http_conn *conn = conn_of(connection);
        if (conn) {
            /* The whole request is in: no more receive deadline. */
            ovs_list_remove(&conn->node);
            ovs_list_init(&conn->node);
        }
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

/* Frees the request when MHD is done with it.  The next request on the
 * same (kept-alive) connection is due like a new connection's. */
static void
request_completed(void *server_, struct MHD_Connection *connection,
                  void **con_cls,
                  enum MHD_RequestTerminationCode toe OVS_UNUSED)
{
    struct api_http_server *server = server_;
    struct api_http_request *r = *con_cls;
    struct api_http_conn *conn = connection ? conn_of(connection) : NULL;

    if (conn) {
        conn_set_deadline(conn, &server->awaiting_headers,
                          server->header_msec);
    }

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

/* Returns true if 'ss' is a loopback address (127.0.0.0/8 or ::1). */
static bool
is_loopback(const struct sockaddr_storage *ss)
{
    if (ss->ss_family == AF_INET) {
        const struct sockaddr_in *sin = (const struct sockaddr_in *) ss;
        return (ntohl(sin->sin_addr.s_addr) >> 24) == 127;
    } else if (ss->ss_family == AF_INET6) {
        const struct sockaddr_in6 *sin6 = (const struct sockaddr_in6 *) ss;
        return IN6_IS_ADDR_LOOPBACK(&sin6->sin6_addr);
    }
    return false;
}

/* Sets the connection limits and receive deadlines of the servers created
 * from now on. */
void
api_http_set_limits(const struct api_http_limits *new_limits)
{
    limits = *new_limits;
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
    unsigned int flags = (MHD_ALLOW_SUSPEND_RESUME | MHD_USE_ERROR_LOG
                          | MHD_USE_EPOLL);
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
    if (MHD_is_feature_supported(MHD_FEATURE_EPOLL) != MHD_YES) {
        return xasprintf("%s: this libmicrohttpd has no epoll support",
                         listen);
    }

    server = xzalloc(sizeof *server);
    server->name = xstrdup(listen);
    server->handler = handler;
    server->aux = aux;
    ovs_list_init(&server->awaiting_headers);
    ovs_list_init(&server->awaiting_body);
    server->header_msec = limits.header_timeout * 1000LL;
    server->body_msec = limits.body_timeout * 1000LL;
    server->daemon = MHD_start_daemon(
        flags, ss_get_port(&ss), NULL, NULL, access_handler, server,
        MHD_OPTION_EXTERNAL_LOGGER, log_mhd_error, NULL,
        MHD_OPTION_SOCK_ADDR, (struct sockaddr *) &ss,
        MHD_OPTION_NOTIFY_COMPLETED, request_completed, server,
        MHD_OPTION_NOTIFY_CONNECTION, notify_connection, server,
        MHD_OPTION_CONNECTION_LIMIT, limits.max_connections,
        MHD_OPTION_PER_IP_CONNECTION_LIMIT, limits.per_ip_connections,
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
    if (!tls && !is_loopback(&ss)) {
        VLOG_WARN("%s: plain HTTP on an address that is not loopback: "
                  "requests and responses cross the network unencrypted "
                  "(use ssl: instead, or a loopback address behind a TLS "
                  "proxy)", listen);
    }
    *serverp = server;
    return NULL;
}

/* Closes the connections past their receive deadline, then lets MHD
 * accept connections, read requests and write responses. */
void
api_http_server_run(struct api_http_server *server)
{
    expire_connections(server, &server->awaiting_headers, "headers");
    expire_connections(server, &server->awaiting_body, "body");
    MHD_run(server->daemon);
}

/* Arranges for poll_block() to wake up when 'server' has work: MHD's epoll
 * descriptor is readable, MHD's timeout or the next receive deadline. */
void
api_http_server_wait(struct api_http_server *server)
{
    const union MHD_DaemonInfo *info = MHD_get_daemon_info(
        server->daemon, MHD_DAEMON_INFO_EPOLL_FD);
    MHD_UNSIGNED_LONG_LONG timeout;
    long long int deadline;

    if (!info) {
        poll_timer_wait(100);
        return;
    }
    poll_fd_wait(info->epoll_fd, POLLIN);
    if (MHD_get_timeout(server->daemon, &timeout) == MHD_YES) {
        poll_timer_wait(MIN(timeout, 60 * 1000));
    }
    deadline = MIN(expire_connections(server, &server->awaiting_headers,
                                      "headers"),
                   expire_connections(server, &server->awaiting_body,
                                      "body"));
    if (deadline != LLONG_MAX) {
        poll_timer_wait_until(deadline);
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
    ds_put_format(s, "  closed past their receive deadline: %llu\n",
                  server->n_expired);
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
