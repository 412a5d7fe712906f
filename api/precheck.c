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

#include "api/precheck.h"

#include <stdlib.h>
#include <string.h>

#include "lib/traffic-mirror.h"
#include "smap.h"
#include "unicode.h"
#include "util.h"

/* Returns an InvalidParameterValue error if a name or value in 'params' is
 * not valid UTF-8 (OVS's utf8_validate(): no overlong forms, surrogates or
 * truncated sequences), otherwise NULL. */
static struct tm_error *
check_utf8(const struct smap *params)
{
    const struct smap_node *node;

    SMAP_FOR_EACH (node, params) {
        char *bad_key = utf8_validate(node->key, NULL);
        char *bad_value = bad_key ? NULL : utf8_validate(node->value, NULL);
        struct tm_error *error = NULL;

        if (bad_key) {
            error = tm_error_create("InvalidParameterValue", "A parameter "
                                    "name is not valid UTF-8.");
        } else if (bad_value) {
            error = tm_error_create("InvalidParameterValue", "The value of "
                                    "parameter %s is not valid UTF-8.",
                                    node->key);
        }
        free(bad_key);
        free(bad_value);
        if (error) {
            return error;
        }
    }
    return NULL;
}

/* Returns true if 's' starts with 'prefix'. */
static bool
starts_with(const char *s, const char *prefix)
{
    return !strncmp(s, prefix, strlen(prefix));
}

/* Returns true if 's' ends with 'suffix'. */
static bool
ends_with(const char *s, const char *suffix)
{
    size_t s_len = strlen(s), suffix_len = strlen(suffix);
    return s_len >= suffix_len && !strcmp(s + s_len - suffix_len, suffix);
}

/* Returns true if 'name' is a member of an id list such as
 * "TrafficMirrorFilterId.3" (but not "ResourceId.N"). */
static bool
is_id_list_member(const char *name)
{
    const char *dot = strrchr(name, '.');

    return (dot && dot > name + 2 && !strncmp(dot - 2, "Id", 2)
            && dot[1] && strspn(dot + 1, "0123456789") == strlen(dot + 1)
            && !starts_with(name, "ResourceId."));
}

/* Returns an error if 'params' holds more parameters, resource ids, ids,
 * tags, filters or filter values than API_MAX_* allow, otherwise NULL.
 * One pass over the names, before anything else looks at them. */
static struct tm_error *
check_counts(const struct smap *params)
{
    size_t n_resource_ids = 0, n_ids = 0, n_filters = 0, n_values = 0;
    size_t n_tag_keys = 0, n_tag_values = 0;
    size_t n_spec_keys = 0, n_spec_values = 0;
    const struct smap_node *node;

    if (smap_count(params) > API_MAX_PARAMS) {
        return tm_error_create("InvalidParameterValue", "A request takes at "
                               "most %d parameters; this one has %"PRIuSIZE
                               ".", API_MAX_PARAMS, smap_count(params));
    }
    SMAP_FOR_EACH (node, params) {
        const char *name = node->key;

        if (starts_with(name, "ResourceId.")) {
            n_resource_ids++;
        } else if (starts_with(name, "Tag.")) {
            n_tag_keys += ends_with(name, ".Key");
            n_tag_values += ends_with(name, ".Value");
        } else if (starts_with(name, "TagSpecification.")) {
            n_spec_keys += ends_with(name, ".Key");
            n_spec_values += ends_with(name, ".Value");
        } else if (starts_with(name, "Filter.")) {
            n_filters += ends_with(name, ".Name");
            n_values += strstr(name, ".Value.") != NULL;
        } else if (is_id_list_member(name)) {
            n_ids++;
        }
    }

    if (n_resource_ids > API_MAX_RESOURCE_IDS) {
        return tm_error_create("InvalidParameterValue", "Up to %d resource "
                               "IDs may be given in one request; this one "
                               "has %"PRIuSIZE".", API_MAX_RESOURCE_IDS,
                               n_resource_ids);
    } else if (n_ids > API_MAX_IDS) {
        return tm_error_create("InvalidParameterValue", "Up to %d IDs may be "
                               "given in one request; this one has %"PRIuSIZE
                               ".", API_MAX_IDS, n_ids);
    } else if (MAX(n_tag_keys, n_tag_values) > API_MAX_TAGS
               || MAX(n_spec_keys, n_spec_values) > API_MAX_TAGS) {
        return tm_error_create("TagLimitExceeded", "A request may give at "
                               "most %d tags.", API_MAX_TAGS);
    } else if (n_filters > API_MAX_FILTERS) {
        return tm_error_create("FilterLimitExceeded", "A request may give "
                               "at most %d filters; this one has %"PRIuSIZE
                               ".", API_MAX_FILTERS, n_filters);
    } else if (n_values > API_MAX_FILTER_VALUES) {
        return tm_error_create("FilterLimitExceeded", "A request may give "
                               "at most %d filter values in all; this one has "
                               "%"PRIuSIZE".", API_MAX_FILTER_VALUES,
                               n_values);
    }
    return NULL;
}

/* Checks the decoded parameters 'params' of a request before
 * libtrafficmirror parses them: returns an AWS error for the caller to
 * destroy, or NULL if they pass. */
struct tm_error *
api_precheck(const struct smap *params)
{
    struct tm_error *error = check_counts(params);

    return error ? error : check_utf8(params);
}
