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

/* libFuzzer harness for mirror-api's request parser: the input is a
 * form-encoded EC2 Query request body, decoded by api_query_decode_form()
 * and parsed by api_query_parse() into a "struct tm_request"; an error is
 * rendered as EC2 XML, as mirror-api would answer it.  Nothing may crash,
 * leak or read out of bounds (AddressSanitizer and LeakSanitizer). */

#include <config.h>

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "api/query.h"
#include "api/xml.h"
#include "lib/traffic-mirror.h"
#include "smap.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Runs the parser on one input. */
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct tm_request req;
    struct tm_error *error;
    enum tm_action action;
    struct smap params;

    smap_init(&params);
    api_query_decode_form((const char *) data, size, &params);
    tm_request_init(&req);
    error = api_query_parse(&params, &action, &req);
    if (error) {
        free(api_xml_error(error->code, error->message, "fuzz"));
        tm_error_destroy(error);
    }
    tm_request_destroy(&req);
    smap_destroy(&params);
    return 0;
}
