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
 * Supported: identifiers (bare or "quoted"), sub-expressions (a.b), index
 * expressions (a[0], a[-1]), list and object projections (a[*].b, a.*.b),
 * flattening (a[].b), filter projections (a[?b=='x'].c) with the
 * comparators ==, !=, <, <=, >, >=, the operators ||, && and !, pipes
 * (a | b), multi-select lists ([a, b]) and hashes ({x: a, y: b}), the
 * current node @, literals (`json` and 'raw string'), and the functions
 * length, keys, values, sort, join, contains, starts_with, to_string and
 * to_number.  Not supported: slices and expression references (&), so
 * sort_by, max_by and min_by. */

struct json;

char *mirrorctl_query(const char *expression, const struct json *data,
                      struct json **resultp);

#endif /* utilities/mirrorctl-query.h */
