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

#ifndef MIRRORCTL_AWS_H
#define MIRRORCTL_AWS_H 1

/* The "aws ec2" side of mirrorctl: parsing the AWS CLI options of the
 * Traffic Mirroring commands (with the AWS CLI shorthand and JSON forms)
 * into a "struct tm_request" (printing is in mirrorctl-output.h). */

#include "lib/traffic-mirror.h"

char *mirrorctl_parse_aws_args(enum tm_action, int argc, char *argv[],
                               struct tm_request *)
    OVS_WARN_UNUSED_RESULT;

#endif /* mirrorctl-aws.h */
