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

#ifndef API_PRECHECK_H
#define API_PRECHECK_H 1

/* Checks of a request's parameters that mirror-api makes before
 * libtrafficmirror sees them, linear in the size of the request:
 *
 *   - every name and value is valid UTF-8 (else InvalidParameterValue), so
 *     that such text is neither stored (OVSDB would refuse it with an
 *     internal error or, for a lone byte at the end, store it transcoded)
 *     nor echoed. */

struct smap;

struct tm_error *api_precheck(const struct smap *params);

#endif /* api/precheck.h */
