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

/* test-mirrorctl-output FORMAT [QUERY] < JSON: prints the JSON document on
 * stdin as mirrorctl prints an answer with "--output FORMAT --query
 * QUERY", so that tests can compare mirrorctl's printers and --query
 * evaluator with the AWS CLI's and python3-jmespath's on any document,
 * not only on the answers the database gives.  A bad QUERY prints its
 * error on stderr and exits with status 2. */

#include <config.h>

#include <stdio.h>
#include <stdlib.h>

#include "openvswitch/dynamic-string.h"
#include "openvswitch/json.h"
#include "util.h"
#include "utilities/mirrorctl-output.h"
#include "utilities/mirrorctl-query.h"

int
main(int argc, char *argv[])
{
    struct mirrorctl_output output;
    struct ds out = DS_EMPTY_INITIALIZER;
    struct json *input;
    char *error;

    set_program_name(argv[0]);
    if (argc < 2 || argc > 3) {
        ovs_fatal(0, "usage: %s FORMAT [QUERY] < JSON", program_name);
    }
    error = mirrorctl_check_output_format(argv[1]);
    if (error) {
        ovs_fatal(0, "%s", error);
    }

    input = json_from_stream(stdin);
    if (input->type == JSON_STRING) {
        ovs_fatal(0, "bad JSON input: %s", json_string(input));
    }

    output.format = argv[1];
    output.query = argc > 2 ? argv[2] : NULL;
    if (output.query) {
        struct json *null = json_null_create(), *result;

        error = mirrorctl_query(output.query, null, &result);
        json_destroy(null);
        json_destroy(result);
        if (error) {
            fprintf(stderr, "%s\n", error);
            exit(2);
        }
    }
    mirrorctl_output_print(&output, input, "Test", &out);
    fputs(ds_cstr(&out), stdout);
    ds_destroy(&out);
    json_destroy(input);
    return 0;
}
