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

/* libFuzzer harness for mirrorctl's AWS CLI option parser, with its
 * shorthand syntax (Key=Value,Key2=[a,b],Key3={K=V}) and JSON forms: the
 * input is a command line, one argument per line, the first naming the
 * command (e.g. "describe-traffic-mirror-sessions"; an unknown one stands
 * for that one).  Nothing may crash, hang, leak or read out of bounds
 * (AddressSanitizer and LeakSanitizer; libFuzzer's -timeout catches
 * loops). */

#include <config.h>

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "lib/traffic-mirror.h"
#include "util.h"
#include "utilities/mirrorctl-aws.h"

/* The most arguments an input gives (more are ignored). */
#define MAX_ARGS 64

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Runs the option parser on one input. */
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = xmemdup0((const char *) data, size);
    char *argv[MAX_ARGS];
    enum tm_action action;
    struct tm_request req;
    int argc = 0;
    char *error;

    for (char *p = text; p && argc < MAX_ARGS; argc++) {
        argv[argc] = p;
        p = strchr(p, '\n');
        if (p) {
            *p++ = '\0';
        }
    }
    if (!argc || !tm_action_from_cli_name(argv[0], &action)) {
        action = TM_DESCRIBE_SESSIONS;
    }

    tm_request_init(&req);
    error = mirrorctl_parse_aws_args(action, argc ? argc - 1 : 0, argv + 1,
                                     &req);
    free(error);
    tm_request_destroy(&req);
    free(text);
    return 0;
}
