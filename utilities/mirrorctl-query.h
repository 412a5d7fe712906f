/*
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

#ifndef MIRRORCTL_QUERY_H
#define MIRRORCTL_QUERY_H 1

/* --query: the JMESPath expressions that the AWS CLI's --query option takes,
 * applied to an answer before it is printed.
 *
 * All of JMESPath: identifiers (bare or "quoted"), sub-expressions (a.b),
 * index expressions (a[0], a[-1]), slices (a[1:3], a[::-1]), list and
 * object projections (a[*].b, a.*.b), flattening (a[].b), filter
 * projections (a[?b=='x'].c) with the comparators ==, !=, <, <=, >, >=
 * (ordering numbers or strings), the operators ||, && and !, pipes
 * (a | b), multi-select lists ([a, b]) and hashes ({x: a, y: b}), the
 * current node @, literals (`json`, 'raw string', and, as the AWS CLI
 * takes them, `text` that is not JSON as a string), expression references
 * (&expr), and every built-in function (see mirrorctl-query-functions.c).
 * Where JMESPath raises a type error at run time (e.g. length(`1`)), the
 * result is null.  tests/mirrorctl-jmespath.at compares the results with
 * python3-jmespath's. */

struct json;

char *mirrorctl_query(const char *expression, const struct json *data,
                      struct json **resultp);

#endif /* utilities/mirrorctl-query.h */
