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

#ifndef API_SIGV4_H
#define API_SIGV4_H 1

/* Verification of AWS Signature Version 4 ("AWS4-HMAC-SHA256") in the
 * Authorization header, or in the query string of a presigned request, of
 * a request to the "ec2" service. */

#include <stddef.h>
#include <time.h>

struct api_credential;
struct api_credentials;
struct smap;

/* The parts of an HTTP request that the signature covers. */
struct sigv4_request {
    const char *method;         /* "GET", "POST", ... */
    const char *path;           /* URL path, e.g. "/". */
    const struct smap *query;   /* Decoded URL query arguments. */

    /* Returns the value of header 'name' (case-insensitive) or NULL. */
    const char *(*get_header)(const void *aux, const char *name);
    const void *aux;

    const char *body;           /* Request body ('body_len' bytes). */
    size_t body_len;
};

/* How far the X-Amz-Date of a request may be from the clock, in seconds. */
#define SIGV4_MAX_SKEW (15 * 60)

struct tm_error *sigv4_verify(const struct sigv4_request *,
                              const struct api_credentials *,
                              const char *region, time_t now,
                              const struct api_credential **credp);

#endif /* api/sigv4.h */
