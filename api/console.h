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

#ifndef API_CONSOLE_H
#define API_CONSOLE_H 1

/* The web console of mirror-api: static HTML, CSS and JavaScript (plain ES
 * modules) under /console/ on the API's own listeners.  The browser signs
 * every API call itself with SigV4, so the console needs nothing from the
 * server but its files; this module serves them, with security headers
 * (a Content-Security-Policy without inline script, frame-ancestors
 * 'none', nosniff). */

#include <stdbool.h>

struct api_http_request;

bool api_console_is_console_path(const char *path);
void api_console_serve(struct api_http_request *, const char *dir);

#endif /* api/console.h */
