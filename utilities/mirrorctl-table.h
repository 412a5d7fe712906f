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

#ifndef MIRRORCTL_TABLE_H
#define MIRRORCTL_TABLE_H 1

/* --output table: the AWS CLI's nested table layout. */

struct ds;
struct json;

void mirrorctl_format_table(const struct json *, const char *title,
                            int terminal_width, struct ds *out);
int mirrorctl_terminal_width(void);

#endif /* utilities/mirrorctl-table.h */
