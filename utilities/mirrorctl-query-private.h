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

#ifndef MIRRORCTL_QUERY_PRIVATE_H
#define MIRRORCTL_QUERY_PRIVATE_H 1

/* What the --query parser and evaluator (mirrorctl-query.c) share with
 * the JMESPath built-in functions (mirrorctl-query-functions.c). */

#include <stdbool.h>
#include <stddef.h>

struct json;
struct node;

/* One argument of a function call: a value, or, for an expression
 * reference (&expr), the expression, to be applied by the function. */
struct query_arg {
    struct json *value;         /* Null for an expression reference. */
    const struct node *expref;  /* Nonnull for an expression reference. */
};

struct json *query_evaluate(const struct node *, const struct json *);
bool query_is_true(const struct json *);
bool query_get_number(const struct json *, double *);

bool query_function_exists(const char *name);
struct json *query_call_function(const char *name,
                                 const struct query_arg *, size_t n);

#endif /* utilities/mirrorctl-query-private.h */
