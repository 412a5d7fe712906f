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

#include "lib/tm-error.h"

#include <stdarg.h>
#include <stdlib.h>

#include "util.h"

/* Returns a new error with AWS error code 'code', parameter 'field' (which
 * may be NULL) and a message formatted from 'format' and 'args'. */
static struct tm_error *
tm_error_createv(const char *code, const char *field, const char *format,
                 va_list args)
{
    struct tm_error *error = xmalloc(sizeof *error);

    error->code = xstrdup(code);
    error->field = nullable_xstrdup(field);
    error->message = xvasprintf(format, args);
    return error;
}

/* Returns a new error with AWS error code 'code' and a message formatted
 * from 'format', not tied to one parameter.  The caller frees it with
 * tm_error_destroy(). */
struct tm_error *
tm_error_create(const char *code, const char *format, ...)
{
    struct tm_error *error;
    va_list args;

    va_start(args, format);
    error = tm_error_createv(code, NULL, format, args);
    va_end(args);
    return error;
}

/* Returns a new error with AWS error code 'code' about parameter (or
 * column) 'field' and a message formatted from 'format'.  The caller frees
 * it with tm_error_destroy(). */
struct tm_error *
tm_error_create_field(const char *code, const char *field,
                      const char *format, ...)
{
    struct tm_error *error;
    va_list args;

    va_start(args, format);
    error = tm_error_createv(code, field, format, args);
    va_end(args);
    return error;
}

/* Frees 'error', which may be NULL. */
void
tm_error_destroy(struct tm_error *error)
{
    if (error) {
        free(error->code);
        free(error->field);
        free(error->message);
        free(error);
    }
}

/* Returns a MissingParameter error for 'param'. */
struct tm_error *
tm_missing(const char *param)
{
    return tm_error_create_field("MissingParameter", param,
                                 "The request must contain the parameter "
                                 "%s.", param);
}
