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

/* Checks the decoded parameters 'params' of a request before
 * libtrafficmirror parses them: returns an AWS error for the caller to
 * destroy, or NULL if they pass. */
struct tm_error *
api_precheck(const struct smap *params)
{
    return check_utf8(params);
}
