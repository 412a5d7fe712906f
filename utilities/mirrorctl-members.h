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

#ifndef MIRRORCTL_MEMBERS_H
#define MIRRORCTL_MEMBERS_H 1

/* The order in which the AWS CLI's "--output json" prints the members of
 * the EC2 Traffic Mirroring objects. */

struct json;
struct shash_node;

const struct shash_node **mirrorctl_members_sort(const struct json *object);

#endif /* utilities/mirrorctl-members.h */
