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
 *     nor echoed;
 *
 *   - there are at most API_MAX_PARAMS parameters, API_MAX_RESOURCE_IDS
 *     ResourceId.N (EC2's documented limit for CreateTags; else
 *     InvalidParameterValue), API_MAX_IDS members of an id list such as
 *     TrafficMirrorFilterId.N (InvalidParameterValue), API_MAX_TAGS tags
 *     in Tag.N or in TagSpecification.N.Tag.M (EC2's limit per resource;
 *     TagLimitExceeded), API_MAX_FILTERS filters and API_MAX_FILTER_VALUES
 *     filter values Filter.N.Value.M in all (FilterLimitExceeded), so
 *     that no cheap request makes the daemon do quadratic work. */

struct smap;

#define API_MAX_PARAMS 5000
#define API_MAX_RESOURCE_IDS 1000
#define API_MAX_IDS 1000
#define API_MAX_TAGS 50
#define API_MAX_FILTERS 50
#define API_MAX_FILTER_VALUES 200

struct tm_error *api_precheck(const struct smap *params);

#endif /* api/precheck.h */
