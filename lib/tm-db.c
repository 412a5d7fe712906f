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

#include "lib/tm-db.h"

#include <string.h>

#include "openvswitch/hmap.h"
#include "ovsdb-idl.h"
#include "ovsdb-schema/traffic-mirror-idl.h"
#include "random.h"
#include "smap.h"
#include "util.h"

/* The owner account when the Global table does not name one. */
#define TM_DEFAULT_OWNER_ID "000000000000"

/* Number of hexadecimal digits after the prefix of an identifier. */
#define TM_ID_HEX_DIGITS 17

/* The kinds of identifiers. */
const struct tm_id_kind TM_TARGET_KIND = {
    "InvalidTrafficMirrorTargetId", "tmt", "TrafficMirrorTargetId"
};
const struct tm_id_kind TM_FILTER_KIND = {
    "InvalidTrafficMirrorFilterId", "tmf", "TrafficMirrorFilterId"
};
const struct tm_id_kind TM_RULE_KIND = {
    "InvalidTrafficMirrorFilterRuleId", "tmfr", "TrafficMirrorFilterRuleId"
};
const struct tm_id_kind TM_SESSION_KIND = {
    "InvalidTrafficMirrorSessionId", "tms", "TrafficMirrorSessionId"
};

/* ------------------------------------------------------------------ */
/* Indexes. */

/* The IDL indexes of one IDL, on the columns that the schema indexes. */
struct tm_db_indexes {
    struct hmap_node node;      /* In 'all_indexes', by IDL pointer. */
    const struct ovsdb_idl *idl;
    struct ovsdb_idl_index *interface_id;
    struct ovsdb_idl_index *target_id;
    struct ovsdb_idl_index *filter_id;
    struct ovsdb_idl_index *rule_id;
    struct ovsdb_idl_index *session_id;
    struct ovsdb_idl_index *token;      /* Client_Token (token, action). */
    struct ovsdb_idl_index *rule_place; /* Mirror_Filter_Rule (filter,
                                         * traffic_direction,
                                         * rule_number). */
    struct ovsdb_idl_index *token_age;  /* Client_Token by 'created'. */
};

/* Every IDL's indexes.  A process has one or two IDLs for its lifetime. */
static struct hmap all_indexes = HMAP_INITIALIZER(&all_indexes);

/* Creates the indexes that lookups use on 'idl', which must not have run
 * yet (see ovsdb_idl_index_create()). */
void
tm_db_create_indexes(struct ovsdb_idl *idl)
{
    struct tm_db_indexes *ix = xzalloc(sizeof *ix);

    ix->idl = idl;
    ix->interface_id = ovsdb_idl_index_create1(
        idl, &tmrec_network_interface_col_interface_id);
    ix->target_id = ovsdb_idl_index_create1(
        idl, &tmrec_mirror_target_col_target_id);
    ix->filter_id = ovsdb_idl_index_create1(
        idl, &tmrec_mirror_filter_col_filter_id);
    ix->rule_id = ovsdb_idl_index_create1(
        idl, &tmrec_mirror_filter_rule_col_rule_id);
    ix->session_id = ovsdb_idl_index_create1(
        idl, &tmrec_mirror_session_col_session_id);
    ix->token = ovsdb_idl_index_create2(idl, &tmrec_client_token_col_token,
                                        &tmrec_client_token_col_action);
    const struct ovsdb_idl_index_column rule_place[] = {
        { .column = &tmrec_mirror_filter_rule_col_filter },
        { .column = &tmrec_mirror_filter_rule_col_traffic_direction },
        { .column = &tmrec_mirror_filter_rule_col_rule_number },
    };
    ix->rule_place = ovsdb_idl_index_create(idl, rule_place,
                                            ARRAY_SIZE(rule_place));
    ix->token_age = ovsdb_idl_index_create1(idl,
                                            &tmrec_client_token_col_created);
    hmap_insert(&all_indexes, &ix->node, hash_pointer(idl, 0));
}

/* Returns the indexes of 'idl', or NULL if it has none. */
static const struct tm_db_indexes *
indexes_of(const struct ovsdb_idl *idl)
{
    struct tm_db_indexes *ix;

    HMAP_FOR_EACH_WITH_HASH (ix, node, hash_pointer(idl, 0), &all_indexes) {
        if (ix->idl == idl) {
            return ix;
        }
    }
    return NULL;
}

/* Returns the row of 'table' whose string column 'column' is 'value',
 * by a scan: the lookups of an IDL without indexes. */
static const struct ovsdb_idl_row *
scan_for(struct ovsdb_idl *idl, const struct ovsdb_idl_table_class *table,
         const struct ovsdb_idl_column *column, const char *value)
{
    const struct ovsdb_idl_row *row;

    for (row = ovsdb_idl_first_row(idl, table); row;
         row = ovsdb_idl_next_row(row)) {
        const struct ovsdb_datum *d = ovsdb_idl_read(row, column);
        if (d->n == 1 && !strcmp(json_string(d->keys[0].s), value)) {
            return row;
        }
    }
    return NULL;
}

/* Defines tm_find_<NAME>(idl, id): the row of TABLE whose identifier
 * COLUMN is 'id', through index IX of the IDL or by a scan. */
#define TM_DB_FIND(NAME, TABLE, COLUMN, IX)                                 \
    const struct tmrec_##TABLE *                                            \
    tm_find_##NAME(struct ovsdb_idl *idl, const char *id)                   \
    {                                                                       \
        const struct tm_db_indexes *ix = indexes_of(idl);                   \
        const struct tmrec_##TABLE *row;                                    \
                                                                            \
        if (!ix) {                                                          \
            const struct ovsdb_idl_row *r = scan_for(                       \
                idl, &tmrec_table_##TABLE, &tmrec_##TABLE##_col_##COLUMN,   \
                id);                                                        \
            return r ? CONTAINER_OF(r, struct tmrec_##TABLE, header_)       \
                     : NULL;                                                \
        }                                                                   \
        struct tmrec_##TABLE *key = tmrec_##TABLE##_index_init_row(ix->IX); \
        tmrec_##TABLE##_index_set_##COLUMN(key, id);                        \
        row = tmrec_##TABLE##_index_find(ix->IX, key);                      \
        tmrec_##TABLE##_index_destroy_row(key);                             \
        return row;                                                         \
    }

/* Returns the network interface whose interface_id is 'id', or NULL. */
TM_DB_FIND(interface, network_interface, interface_id, interface_id)

/* Returns the target whose target_id is 'id', or NULL. */
TM_DB_FIND(target, mirror_target, target_id, target_id)

/* Returns the filter whose filter_id is 'id', or NULL. */
TM_DB_FIND(filter, mirror_filter, filter_id, filter_id)

/* Returns the filter rule whose rule_id is 'id', or NULL. */
TM_DB_FIND(rule, mirror_filter_rule, rule_id, rule_id)

/* Returns the session whose session_id is 'id', or NULL. */
TM_DB_FIND(session, mirror_session, session_id, session_id)

/* Returns the Client_Token row of 'token' and 'action', or NULL. */
const struct tmrec_client_token *
tm_find_client_token(struct ovsdb_idl *idl, const char *token,
                     const char *action)
{
    const struct tm_db_indexes *ix = indexes_of(idl);
    const struct tmrec_client_token *ct;

    if (!ix) {
        TMREC_CLIENT_TOKEN_FOR_EACH (ct, idl) {
            if (!strcmp(ct->token, token) && !strcmp(ct->action, action)) {
                return ct;
            }
        }
        return NULL;
    }
    struct tmrec_client_token *key = tmrec_client_token_index_init_row(
        ix->token);
    tmrec_client_token_index_set_token(key, token);
    tmrec_client_token_index_set_action(key, action);
    ct = tmrec_client_token_index_find(ix->token, key);
    tmrec_client_token_index_destroy_row(key);
    return ct;
}

/* Returns a rule other than 'self' (which may be NULL) of filter 'f' with
 * 'direction' and 'number', or NULL if there is none (the schema's index
 * on these columns lets there be at most one once committed). */
const struct tmrec_mirror_filter_rule *
tm_db_rule_at(struct ovsdb_idl *idl, const struct tmrec_mirror_filter *f,
              const char *direction, int64_t number,
              const struct tmrec_mirror_filter_rule *self)
{
    const struct tm_db_indexes *ix = indexes_of(idl);
    const struct tmrec_mirror_filter_rule *r, *found = NULL;

    if (!ix) {
        TMREC_MIRROR_FILTER_RULE_FOR_EACH (r, idl) {
            if (r != self && r->filter == f
                && !strcmp(r->traffic_direction, direction)
                && r->rule_number == number) {
                return r;
            }
        }
        return NULL;
    }
    struct tmrec_mirror_filter_rule *key
        = tmrec_mirror_filter_rule_index_init_row(ix->rule_place);
    tmrec_mirror_filter_rule_index_set_filter(key, f);
    tmrec_mirror_filter_rule_index_set_traffic_direction(key, direction);
    tmrec_mirror_filter_rule_index_set_rule_number(key, number);
    TMREC_MIRROR_FILTER_RULE_FOR_EACH_EQUAL (r, key, ix->rule_place) {
        if (r != self) {
            found = r;
            break;
        }
    }
    tmrec_mirror_filter_rule_index_destroy_row(key);
    return found;
}

/* ------------------------------------------------------------------ */
/* Identifiers. */

/* Returns a new identifier: 'prefix', a hyphen and 17 random lowercase
 * hexadecimal digits, e.g. "tms-0123456789abcdef0".  The caller frees it. */
char *
tm_id_generate(const char *prefix)
{
    uint64_t hi = random_uint64();
    uint32_t lo = random_uint32();

    /* 17 digits: 1 from 'lo' and 16 from 'hi'. */
    return xasprintf("%s-%01"PRIx32"%016"PRIx64, prefix, lo & 0xf, hi);
}

/* Returns true if 'id' is 'prefix', a hyphen and 17 lowercase hexadecimal
 * digits. */
bool
tm_id_is_valid(const char *id, const char *prefix)
{
    size_t len = strlen(prefix);

    if (!id || strncmp(id, prefix, len) || id[len] != '-'
        || strlen(id + len + 1) != TM_ID_HEX_DIGITS) {
        return false;
    }
    for (const char *p = id + len + 1; *p; p++) {
        if (!((*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'f'))) {
            return false;
        }
    }
    return true;
}

/* Returns a new identifier with 'prefix' that no row uses yet. */
char *
tm_db_new_id(struct ovsdb_idl *idl, const char *prefix)
{
    for (;;) {
        char *id = tm_id_generate(prefix);
        if (!tm_find_target(idl, id) && !tm_find_filter(idl, id)
            && !tm_find_rule(idl, id) && !tm_find_session(idl, id)) {
            return id;
        }
        free(id);
    }
}

/* Returns true if a session other than 'self' uses VNI 'vni'. */
static bool
vni_in_use(struct ovsdb_idl *idl, int64_t vni,
           const struct tmrec_mirror_session *self)
{
    const struct tmrec_mirror_session *s;

    TMREC_MIRROR_SESSION_FOR_EACH (s, idl) {
        if (s != self && s->virtual_network_id == vni) {
            return true;
        }
    }
    return false;
}

/* Returns a random VNI, within the schema's range, that no session other
 * than 'self' uses. */
int64_t
tm_db_new_vni(struct ovsdb_idl *idl, const struct tmrec_mirror_session *self)
{
    int64_t min, max;

    tm_column_range(&tmrec_mirror_session_col_virtual_network_id, &min, &max);
    for (;;) {
        int64_t vni = min + random_range(max - min + 1);
        if (!vni_in_use(idl, vni, self)) {
            return vni;
        }
    }
}

/* ------------------------------------------------------------------ */
/* Lookups of the identifiers that a request gives. */

/* Checks 'id' against 'kind': a MissingParameter error if it is NULL, an
 * InvalidParameterValue error if it is malformed, else NULL.  Every action
 * answers a malformed identifier so, Describe and the tag actions too. */
struct tm_error *
tm_check_id_syntax(const struct tm_id_kind *kind, const char *id)
{
    if (!id) {
        return tm_missing(kind->param);
    }
    if (!tm_id_is_valid(id, kind->prefix)) {
        return tm_error_create("InvalidParameterValue",
                               "The value '%s' of %s is malformed: expected "
                               "'%s-' followed by %d hexadecimal digits.",
                               id, kind->param, kind->prefix,
                               TM_ID_HEX_DIGITS);
    }
    return NULL;
}

/* Returns the "<code>.NotFound" error of 'kind' for 'id'. */
struct tm_error *
tm_not_found(const struct tm_id_kind *kind, const char *id)
{
    char *code = xasprintf("%s.NotFound", kind->code);
    struct tm_error *error = tm_error_create(
        code, "The %s '%s' does not exist.", kind->param, id);
    free(code);
    return error;
}

/* Looks up the network interface 'id' into '*nip'. */
struct tm_error *
tm_lookup_interface(struct ovsdb_idl *idl, const char *id,
                    const struct tmrec_network_interface **nip)
{
    if (!id) {
        return tm_missing("NetworkInterfaceId");
    }
    *nip = tm_find_interface(idl, id);
    if (!*nip) {
        return tm_error_create("InvalidNetworkInterfaceID.NotFound",
                               "The networkInterface ID '%s' does not "
                               "exist", id);
    }
    return NULL;
}

/* Looks up the target 'id' into '*tp'. */
struct tm_error *
tm_lookup_target(struct ovsdb_idl *idl, const char *id,
                 const struct tmrec_mirror_target **tp)
{
    struct tm_error *error = tm_check_id_syntax(&TM_TARGET_KIND, id);
    if (!error) {
        *tp = tm_find_target(idl, id);
        if (!*tp) {
            error = tm_not_found(&TM_TARGET_KIND, id);
        }
    }
    return error;
}

/* Looks up the filter 'id' into '*fp'. */
struct tm_error *
tm_lookup_filter(struct ovsdb_idl *idl, const char *id,
                 const struct tmrec_mirror_filter **fp)
{
    struct tm_error *error = tm_check_id_syntax(&TM_FILTER_KIND, id);
    if (!error) {
        *fp = tm_find_filter(idl, id);
        if (!*fp) {
            error = tm_not_found(&TM_FILTER_KIND, id);
        }
    }
    return error;
}

/* Looks up the filter rule 'id' into '*rp'. */
struct tm_error *
tm_lookup_rule(struct ovsdb_idl *idl, const char *id,
               const struct tmrec_mirror_filter_rule **rp)
{
    struct tm_error *error = tm_check_id_syntax(&TM_RULE_KIND, id);
    if (!error) {
        *rp = tm_find_rule(idl, id);
        if (!*rp || !(*rp)->filter) {
            error = tm_not_found(&TM_RULE_KIND, id);
        }
    }
    return error;
}

/* Looks up the session 'id' into '*sp'. */
struct tm_error *
tm_lookup_session(struct ovsdb_idl *idl, const char *id,
                  const struct tmrec_mirror_session **sp)
{
    struct tm_error *error = tm_check_id_syntax(&TM_SESSION_KIND, id);
    if (!error) {
        *sp = tm_find_session(idl, id);
        if (!*sp) {
            error = tm_not_found(&TM_SESSION_KIND, id);
        }
    }
    return error;
}

/* ------------------------------------------------------------------ */

/* ------------------------------------------------------------------ */
/* Rows that refer to a row. */

/* Returns the target whose network interface is 'ni', or NULL. */
const struct tmrec_mirror_target *
tm_db_target_of_interface(struct ovsdb_idl *idl,
                          const struct tmrec_network_interface *ni)
{
    const struct tmrec_mirror_target *t;

    TMREC_MIRROR_TARGET_FOR_EACH (t, idl) {
        if (t->network_interface == ni) {
            return t;
        }
    }
    return NULL;
}

/* Returns the first session that uses target 't', or NULL. */
const struct tmrec_mirror_session *
tm_db_session_of_target(struct ovsdb_idl *idl,
                        const struct tmrec_mirror_target *t)
{
    const struct tmrec_mirror_session *s;

    TMREC_MIRROR_SESSION_FOR_EACH (s, idl) {
        if (s->target == t) {
            return s;
        }
    }
    return NULL;
}

/* Returns the first session that uses filter 'f', or NULL. */
const struct tmrec_mirror_session *
tm_db_session_of_filter(struct ovsdb_idl *idl,
                        const struct tmrec_mirror_filter *f)
{
    const struct tmrec_mirror_session *s;

    TMREC_MIRROR_SESSION_FOR_EACH (s, idl) {
        if (s->filter == f) {
            return s;
        }
    }
    return NULL;
}

/* ------------------------------------------------------------------ */
/* Accounts and quotas. */

/* Returns the owner account identifier (Global owner_id or its default). */
const char *
tm_db_owner_id(struct ovsdb_idl *idl)
{
    const struct tmrec_global *g = tmrec_global_first(idl);

    return g && g->owner_id ? g->owner_id : TM_DEFAULT_OWNER_ID;
}

/* Returns the value of 'limit' in 'idl' (see tm_limit()). */
int64_t
tm_db_limit(struct ovsdb_idl *idl, enum tm_limit limit)
{
    return tm_limit(tmrec_global_first(idl), limit);
}

/* Makes the transaction 'txn' a writer that the account-wide quotas
 * count: verifies the Global quota_generation that this view holds and
 * writes it plus one, so that another writer that counted rows on the same
 * view is told to try again instead of passing the same limit.  Inserts the
 * Global row if there is none (two writers doing that at once conflict on
 * its maxRows, and the loser runs again). */
void
tm_db_claim_quota(struct ovsdb_idl *idl, struct ovsdb_idl_txn *txn)
{
    const struct tmrec_global *g = tmrec_global_first(idl);

    if (g) {
        tmrec_global_verify_quota_generation(g);
    } else {
        g = tmrec_global_insert(txn);
    }
    tmrec_global_set_quota_generation(g, g->quota_generation + 1);
}

/* Returns how long a ClientToken holds, in milliseconds: Global
 * options:client_token_lifetime in seconds (1 to 31,536,000), or a day. */
long long int
tm_db_token_lifetime_msec(struct ovsdb_idl *idl)
{
    const struct tmrec_global *g = tmrec_global_first(idl);
    int sec = g ? smap_get_int(&g->options, "client_token_lifetime", 0) : 0;

    return (sec >= 1 && sec <= 31536000 ? sec : TM_TOKEN_LIFETIME) * 1000LL;
}

/* Deletes, in the IDL's transaction, at most 'max' Client_Token rows of
 * 'idl' other than 'except' (already deleted by the caller) that were
 * created before 'before' (milliseconds since the epoch), oldest first:
 * expired tokens go a few at a time, with the writes that add tokens,
 * through the index on their age instead of a scan. */
void
tm_db_delete_old_tokens(struct ovsdb_idl *idl, long long int before,
                        size_t max, const struct tmrec_client_token *except)
{
    const struct tm_db_indexes *ix = indexes_of(idl);
    const struct tmrec_client_token **old = xmalloc(max * sizeof *old);
    const struct tmrec_client_token *ct;
    size_t n = 0;

    /* Deleting a row takes it out of the indexes: collect, then delete. */
    if (!ix) {
        TMREC_CLIENT_TOKEN_FOR_EACH (ct, idl) {
            if (n < max && ct->created < before && ct != except) {
                old[n++] = ct;
            }
        }
    } else {
        TMREC_CLIENT_TOKEN_FOR_EACH_BYINDEX (ct, ix->token_age) {
            if (n >= max || ct->created >= before) {
                break;
            } else if (ct != except) {
                old[n++] = ct;
            }
        }
    }
    for (size_t i = 0; i < n; i++) {
        tmrec_client_token_delete(old[i]);
    }
    free(old);
}

/* Returns the number of rows of 'table' in 'idl'. */
size_t
tm_db_count(struct ovsdb_idl *idl, const struct ovsdb_idl_table_class *table)
{
    const struct ovsdb_idl_row *row;
    size_t n = 0;

    for (row = ovsdb_idl_first_row(idl, table); row;
         row = ovsdb_idl_next_row(row)) {
        n++;
    }
    return n;
}
