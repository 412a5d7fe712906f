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

#include "api/console.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "api/http.h"
#include "openvswitch/dynamic-string.h"
#include "openvswitch/vlog.h"
#include "util.h"

VLOG_DEFINE_THIS_MODULE(api_console);

/* The URL prefix of the console. */
#define CONSOLE_PREFIX "/console"

/* The policy for every console response: scripts, styles and fetches only
 * from this origin, no inline script or style, no framing, no plugins. */
#define CONSOLE_CSP \
    "default-src 'none'; script-src 'self'; style-src 'self'; " \
    "img-src 'self' data:; connect-src 'self'; form-action 'none'; " \
    "frame-ancestors 'none'; base-uri 'none'"

/* The console's files are small; anything larger is not one of them. */
#define CONSOLE_MAX_FILE (1024 * 1024)

/* Returns true if 'path' is the console's: "/console" or below
 * "/console/". */
bool
api_console_is_console_path(const char *path)
{
    size_t n = strlen(CONSOLE_PREFIX);

    return !strncmp(path, CONSOLE_PREFIX, n)
           && (path[n] == '\0' || path[n] == '/');
}

/* Returns the Content-Type for file 'name', or NULL if the console serves
 * no such kind of file. */
static const char *
content_type(const char *name)
{
    static const struct {
        const char *suffix;
        const char *type;
    } types[] = {
        { ".html", "text/html; charset=utf-8" },
        { ".js", "text/javascript; charset=utf-8" },
        { ".css", "text/css; charset=utf-8" },
        { ".svg", "image/svg+xml" },
        { ".txt", "text/plain; charset=utf-8" },
    };
    size_t len = strlen(name);

    for (size_t i = 0; i < ARRAY_SIZE(types); i++) {
        size_t n = strlen(types[i].suffix);
        if (len > n && !strcmp(name + len - n, types[i].suffix)) {
            return types[i].type;
        }
    }
    return NULL;
}

/* Returns true if 'name' (the part of the path after "/console/") names a
 * file the console may serve: letters, digits, '-', '_', '.' and '/',
 * with no empty, "." or ".." component and no hidden file. */
static bool
name_is_safe(const char *name)
{
    const char *p = name;

    if (!*name) {
        return false;
    }
    for (;;) {
        const char *end = strchr(p, '/');
        size_t n = end ? end - p : strlen(p);

        if (!n || p[0] == '.') {
            return false;
        }
        for (size_t i = 0; i < n; i++) {
            char c = p[i];
            if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')
                  || (c >= '0' && c <= '9') || c == '-' || c == '_'
                  || c == '.')) {
                return false;
            }
        }
        if (!end) {
            return true;
        }
        p = end + 1;
    }
}

/* Reads file 'file_name' into '*s'.  Returns 0 or an errno value. */
static int
read_file(const char *file_name, struct ds *s)
{
    FILE *stream = fopen(file_name, "r");
    int error = 0;

    if (!stream) {
        return errno;
    }
    for (;;) {
        char buf[4096];
        size_t n = fread(buf, 1, sizeof buf, stream);

        ds_put_buffer(s, buf, n);
        if (s->length > CONSOLE_MAX_FILE) {
            error = EFBIG;
            break;
        }
        if (n < sizeof buf) {
            error = ferror(stream) ? EIO : 0;
            break;
        }
    }
    fclose(stream);
    if (!error && memchr(s->string ? s->string : "", '\0', s->length)) {
        error = EINVAL;         /* The server sends text only. */
    }
    return error;
}

/* Answers 'r' with 'status' and plain text 'message', with the console's
 * headers. */
static void
respond_text(struct api_http_request *r, int status, const char *message)
{
    api_http_request_respond(r, status, "text/plain; charset=utf-8",
                             xstrdup(message));
}

/* Serves the console request 'r' (whose path api_console_is_console_path()
 * accepted) from the files in 'dir'. */
void
api_console_serve(struct api_http_request *r, const char *dir)
{
    const char *method = api_http_request_method(r);
    const char *path = api_http_request_path(r);
    const char *name;

    api_http_request_add_header(r, "Content-Security-Policy", CONSOLE_CSP);
    api_http_request_add_header(r, "X-Frame-Options", "DENY");
    api_http_request_add_header(r, "X-Content-Type-Options", "nosniff");
    api_http_request_add_header(r, "Referrer-Policy", "no-referrer");
    api_http_request_add_header(r, "Cross-Origin-Opener-Policy",
                                "same-origin");
    api_http_request_add_header(r, "Cache-Control", "no-cache");

    if (strcmp(method, "GET") && strcmp(method, "HEAD")) {
        api_http_request_add_header(r, "Allow", "GET, HEAD");
        respond_text(r, 405, "The console is read with GET.\n");
        return;
    }
    if (!strcmp(path, CONSOLE_PREFIX)) {
        api_http_request_add_header(r, "Location", CONSOLE_PREFIX "/");
        respond_text(r, 301, "See /console/.\n");
        return;
    }

    name = path + strlen(CONSOLE_PREFIX "/");
    if (!*name) {
        name = "index.html";
    }
    const char *type = content_type(name);
    if (!type || !name_is_safe(name)) {
        respond_text(r, 404, "Not found.\n");
        return;
    }

    char *file_name = xasprintf("%s/%s", dir, name);
    struct ds contents = DS_EMPTY_INITIALIZER;
    int error = read_file(file_name, &contents);
    if (error) {
        static struct vlog_rate_limit rl = VLOG_RATE_LIMIT_INIT(5, 5);
        if (error != ENOENT) {
            VLOG_WARN_RL(&rl, "%s: %s", file_name, ovs_strerror(error));
        }
        respond_text(r, error == ENOENT ? 404 : 500,
                     error == ENOENT ? "Not found.\n"
                     : "The console file could not be read.\n");
        ds_destroy(&contents);
    } else {
        api_http_request_respond(r, 200, type, ds_steal_cstr(&contents));
    }
    free(file_name);
}
