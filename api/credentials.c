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

#include "api/credentials.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "openvswitch/dynamic-string.h"
#include "util.h"

/* Frees 'cred'. */
static void
credential_destroy(struct api_credential *cred)
{
    if (cred) {
        free(cred->key_id);
        if (cred->secret) {
            memset(cred->secret, 0, strlen(cred->secret));
            free(cred->secret);
        }
        free(cred);
    }
}

/* Reads the credentials file 'file_name' into 'creds', which this function
 * initializes.  Returns NULL on success, otherwise an error message that
 * the caller must free (and 'creds' is empty). */
char *
api_credentials_load(const char *file_name, struct api_credentials *creds)
{
    struct ds line = DS_EMPTY_INITIALIZER;
    char *error = NULL;
    int line_number = 0;
    struct stat st;
    FILE *file;

    shash_init(&creds->keys);
    file = fopen(file_name, "r");
    if (!file) {
        return xasprintf("%s: open failed (%s)", file_name,
                         ovs_strerror(errno));
    }

    /* Like ssh with a private key: secrets that others may read are not
     * secret, so refuse them rather than use them. */
    if (fstat(fileno(file), &st)) {
        error = xasprintf("%s: stat failed (%s)", file_name,
                          ovs_strerror(errno));
    } else if (st.st_mode & (S_IRWXG | S_IRWXO)) {
        error = xasprintf("%s: permissions %04o are too open: the secret "
                          "keys must be accessible only by their owner "
                          "(\"chmod 600 %s\")", file_name,
                          (unsigned int) (st.st_mode & 07777), file_name);
    }
    if (error) {
        fclose(file);
        return error;
    }
    while (!error && !ds_get_line(&line, file)) {
        char *save_ptr = NULL;
        char *key_id, *secret, *mode, *extra;

        line_number++;
        key_id = strtok_r(ds_cstr(&line), " \t\r", &save_ptr);
        if (!key_id || key_id[0] == '#') {
            continue;
        }
        secret = strtok_r(NULL, " \t\r", &save_ptr);
        mode = strtok_r(NULL, " \t\r", &save_ptr);
        extra = strtok_r(NULL, " \t\r", &save_ptr);
        if (!secret || extra
            || (mode && strcmp(mode, "read-only")
                && strcmp(mode, "read-write"))) {
            error = xasprintf("%s:%d: syntax error (expected \"ACCESS_KEY_ID "
                              "SECRET_KEY [read-only|read-write]\")",
                              file_name, line_number);
        } else if (shash_find(&creds->keys, key_id)) {
            error = xasprintf("%s:%d: duplicate access key id %s",
                              file_name, line_number, key_id);
        } else {
            struct api_credential *cred = xmalloc(sizeof *cred);
            cred->key_id = xstrdup(key_id);
            cred->secret = xstrdup(secret);
            cred->read_only = mode && !strcmp(mode, "read-only");
            shash_add(&creds->keys, key_id, cred);
        }
        memset(line.string, 0, line.allocated);
    }
    if (!error && !shash_count(&creds->keys)) {
        error = xasprintf("%s: no access keys", file_name);
    }
    fclose(file);
    ds_destroy(&line);
    if (error) {
        api_credentials_destroy(creds);
        shash_init(&creds->keys);
    }
    return error;
}

/* Returns the access key 'key_id' in 'creds', or NULL. */
const struct api_credential *
api_credentials_find(const struct api_credentials *creds, const char *key_id)
{
    return shash_find_data(&creds->keys, key_id);
}

/* Frees everything in 'creds'. */
void
api_credentials_destroy(struct api_credentials *creds)
{
    struct shash_node *node;

    SHASH_FOR_EACH (node, &creds->keys) {
        credential_destroy(node->data);
    }
    shash_destroy(&creds->keys);
}
