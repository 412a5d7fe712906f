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

#ifndef API_HTTP_H
#define API_HTTP_H 1

/* A small HTTP and HTTPS server for mirror-api: libmicrohttpd driven from
 * the OVS poll loop (no threads).  api_http_server_wait() registers MHD's
 * sockets and timeout with poll_fd_wait()/poll_timer_wait();
 * api_http_server_run() lets MHD process them after poll_block().
 *
 * Each complete request (headers and body) goes to the server's handler,
 * which answers it at once or later, for example after a database
 * transaction has committed, with api_http_request_respond(): until then
 * the connection is suspended. */

#include <stddef.h>
#include "openvswitch/compiler.h"

struct api_http_server;
struct api_http_request;
struct ds;
struct smap;

/* Called with each complete request.  'request' stays valid until
 * api_http_request_respond() is called on it. */
typedef void api_http_handler(struct api_http_request *request, void *aux);

/* The largest request body accepted, in bytes. */
#define API_HTTP_MAX_BODY (1024 * 1024)

/* Connection limits and receive deadlines (absolute, unlike MHD's timeout
 * of inactivity, which every trickled byte resets).  A connection that has
 * not sent a request's headers 'header_timeout' seconds after it opened
 * (or after its previous response), or its body 'body_timeout' seconds
 * after the headers, is closed. */
struct api_http_limits {
    unsigned int max_connections;       /* In all. */
    unsigned int per_ip_connections;    /* From one client address. */
    unsigned int header_timeout;        /* Seconds. */
    unsigned int body_timeout;          /* Seconds. */
};
#define API_HTTP_DEFAULT_MAX_CONNECTIONS 4096
#define API_HTTP_DEFAULT_PER_IP_CONNECTIONS 256
#define API_HTTP_DEFAULT_HEADER_TIMEOUT 60
#define API_HTTP_DEFAULT_BODY_TIMEOUT 120

void api_http_set_limits(const struct api_http_limits *);

char *api_http_server_create(const char *listen, const char *key_pem,
                             const char *cert_pem, api_http_handler *,
                             void *aux, struct api_http_server **)
    OVS_WARN_UNUSED_RESULT;
void api_http_server_run(struct api_http_server *);
void api_http_server_wait(struct api_http_server *);
void api_http_server_destroy(struct api_http_server *);
void api_http_server_format_status(const struct api_http_server *,
                                   struct ds *);

const char *api_http_request_method(const struct api_http_request *);
const char *api_http_request_path(const struct api_http_request *);
const char *api_http_request_header(const struct api_http_request *,
                                    const char *name);
const struct smap *api_http_request_query(const struct api_http_request *);
const char *api_http_request_body(const struct api_http_request *,
                                  size_t *lenp);
void api_http_request_add_header(struct api_http_request *,
                                 const char *name, const char *value);
void api_http_request_respond(struct api_http_request *, int status,
                              const char *content_type, char *body);

#endif /* api/http.h */
