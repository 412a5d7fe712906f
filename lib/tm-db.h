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

#ifndef TM_DB_H
#define TM_DB_H 1

/* Database access for the actions of libtrafficmirror: identifiers (their
 * kinds, syntax and generation), lookups by AWS identifier, through the
 * IDL indexes on the columns that the schema indexes, the rows that refer
 * to a row, counts and quotas.
 *
 * Lookups go through ovsdb_idl_index on the identifier columns when
 * tm_db_create_indexes() was called on the IDL before its first
 * ovsdb_idl_run() (as tm_idl_init() in lib/traffic-mirror.h does), and
 * through a scan of the table otherwise. */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lib/tm-check.h"
#include "lib/tm-error.h"

struct ovsdb_idl;
struct ovsdb_idl_txn;
struct ovsdb_idl_table_class;
struct tmrec_client_token;

void tm_db_create_indexes(struct ovsdb_idl *);

/* The resource types of TagSpecifications and of the tag actions. */
#define TM_RT_TARGET "traffic-mirror-target"
#define TM_RT_FILTER "traffic-mirror-filter"
#define TM_RT_RULE "traffic-mirror-filter-rule"
#define TM_RT_SESSION "traffic-mirror-session"

/* A kind of identifier: its AWS error code prefix, identifier prefix and
 * request parameter. */
struct tm_id_kind {
    const char *code;           /* e.g. "InvalidTrafficMirrorSessionId". */
    const char *prefix;         /* e.g. "tms". */
    const char *param;          /* e.g. "TrafficMirrorSessionId". */
};

extern const struct tm_id_kind TM_TARGET_KIND;
extern const struct tm_id_kind TM_FILTER_KIND;
extern const struct tm_id_kind TM_RULE_KIND;
extern const struct tm_id_kind TM_SESSION_KIND;

/* Identifiers. */
char *tm_id_generate(const char *prefix);
bool tm_id_is_valid(const char *id, const char *prefix);
char *tm_db_new_id(struct ovsdb_idl *, const char *prefix);
int64_t tm_db_new_vni(struct ovsdb_idl *,
                      const struct tmrec_mirror_session *self);

/* Lookups by identifier: NULL if there is no such row. */
const struct tmrec_network_interface *tm_find_interface(struct ovsdb_idl *,
                                                        const char *id);
const struct tmrec_mirror_target *tm_find_target(struct ovsdb_idl *,
                                                 const char *id);
const struct tmrec_mirror_filter *tm_find_filter(struct ovsdb_idl *,
                                                 const char *id);
const struct tmrec_mirror_filter_rule *tm_find_rule(struct ovsdb_idl *,
                                                    const char *id);
const struct tmrec_mirror_session *tm_find_session(struct ovsdb_idl *,
                                                   const char *id);
const struct tmrec_mirror_filter_rule *tm_db_rule_at(
    struct ovsdb_idl *, const struct tmrec_mirror_filter *,
    const char *direction, int64_t number,
    const struct tmrec_mirror_filter_rule *self);
const struct tmrec_client_token *tm_find_client_token(struct ovsdb_idl *,
                                                      const char *token,
                                                      const char *action);

/* Lookups of a request's identifier: an error if it is missing, malformed
 * or not found. */
struct tm_error *tm_check_id_syntax(const struct tm_id_kind *,
                                    const char *id);
struct tm_error *tm_not_found(const struct tm_id_kind *, const char *id);
struct tm_error *tm_lookup_interface(struct ovsdb_idl *, const char *id,
                                     const struct tmrec_network_interface **);
struct tm_error *tm_lookup_target(struct ovsdb_idl *, const char *id,
                                  const struct tmrec_mirror_target **);
struct tm_error *tm_lookup_filter(struct ovsdb_idl *, const char *id,
                                  const struct tmrec_mirror_filter **);
struct tm_error *tm_lookup_rule(struct ovsdb_idl *, const char *id,
                                const struct tmrec_mirror_filter_rule **);
struct tm_error *tm_lookup_session(struct ovsdb_idl *, const char *id,
                                   const struct tmrec_mirror_session **);

/* Rows that refer to a row. */
const struct tmrec_mirror_target *tm_db_target_of_interface(
    struct ovsdb_idl *, const struct tmrec_network_interface *);
const struct tmrec_mirror_session *tm_db_session_of_target(
    struct ovsdb_idl *, const struct tmrec_mirror_target *);
const struct tmrec_mirror_session *tm_db_session_of_filter(
    struct ovsdb_idl *, const struct tmrec_mirror_filter *);

/* Accounts and quotas. */
const char *tm_db_owner_id(struct ovsdb_idl *);
int64_t tm_db_limit(struct ovsdb_idl *, enum tm_limit);
size_t tm_db_count(struct ovsdb_idl *, const struct ovsdb_idl_table_class *);
void tm_db_claim_quota(struct ovsdb_idl *, struct ovsdb_idl_txn *);

/* ClientTokens: how long they hold (default TM_TOKEN_LIFETIME seconds) and
 * the removal of expired ones. */
#define TM_TOKEN_LIFETIME 86400
long long int tm_db_token_lifetime_msec(struct ovsdb_idl *);
void tm_db_delete_old_tokens(struct ovsdb_idl *, long long int before,
                             size_t max,
                             const struct tmrec_client_token *except);

#endif /* lib/tm-db.h */
