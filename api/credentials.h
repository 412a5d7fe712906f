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

#ifndef API_CREDENTIALS_H
#define API_CREDENTIALS_H 1

/* The access keys that mirror-api accepts.
 *
 * The credentials file has one key per line: "ACCESS_KEY_ID SECRET_KEY
 * [read-only|read-write]" (read-write if omitted).  Blank lines and lines
 * starting with "#" are ignored. */

#include <stdbool.h>
#include "openvswitch/compiler.h"
#include "openvswitch/shash.h"

/* One access key. */
struct api_credential {
    char *key_id;               /* Access key id, e.g. "AKIDEXAMPLE". */
    char *secret;               /* Secret access key: never log it. */
    bool read_only;             /* True: Describe actions only. */
};

/* All access keys, by key id. */
struct api_credentials {
    struct shash keys;          /* Maps key id to "struct api_credential". */
};

char *api_credentials_load(const char *file_name, struct api_credentials *)
    OVS_WARN_UNUSED_RESULT;
const struct api_credential *api_credentials_find(
    const struct api_credentials *, const char *key_id);
void api_credentials_destroy(struct api_credentials *);

#endif /* api/credentials.h */
