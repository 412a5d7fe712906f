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

#include "mirrord/budget.h"

#include <inttypes.h>
#include <string.h>

#include "mirrord/mirrors.h"
#include "ovsdb-schema/traffic-mirror-idl.h"
#include "smap.h"
#include "util.h"
#include "vswitch-idl.h"

/* Returns the value of 'key' in the Global row's "copy_budget", or 0 (no
 * limit) if it is absent or there is no Global row. */
static int64_t
global_budget(const struct mirrord_ctx *ctx, const char *key)
{
    const struct tmrec_global *g = tmrec_global_first(ctx->tm_idl);

    for (size_t i = 0; g && i < g->n_copy_budget; i++) {
        if (!strcmp(g->key_copy_budget[i], key)) {
            return g->value_copy_budget[i];
        }
    }
    return 0;
}

/* Returns true if Mirror 'm''s "copy_budget" maps exactly "packets" to
 * 'pps' and "bytes" to 'bps'. */
static bool
mirror_budget_is(const struct ovsrec_mirror *m, int64_t pps, int64_t bps)
{
    bool seen_pps = false, seen_bps = false;

    for (size_t i = 0; i < m->n_copy_budget; i++) {
        if (!strcmp(m->key_copy_budget[i], "packets")) {
            seen_pps = m->value_copy_budget[i] == pps;
        } else if (!strcmp(m->key_copy_budget[i], "bytes")) {
            seen_bps = m->value_copy_budget[i] == bps;
        }
    }
    return m->n_copy_budget == 2 && seen_pps && seen_bps;
}

/* Gives Mirror 'm' the copy budget of session 's': its own
 * "copy_budget_packets" and "copy_budget_bytes" where set, otherwise the
 * Global defaults, 0 meaning no limit.  Both keys are always written, even
 * as 0, so that every session's mirror is metered: its skipped and copied
 * counters then always exist.  Writes only if the budget differs. */
void
mirrord_budget_apply_session(const struct mirrord_ctx *ctx,
                             const struct ovsrec_mirror *m,
                             const struct tmrec_mirror_session *s)
{
    int64_t pps = (s->n_copy_budget_packets ? s->copy_budget_packets[0]
                   : global_budget(ctx, "session_packets"));
    int64_t bps = (s->n_copy_budget_bytes ? s->copy_budget_bytes[0]
                   : global_budget(ctx, "session_bytes"));

    if (!mirror_budget_is(m, pps, bps)) {
        const char *keys[] = { "packets", "bytes" };
        int64_t values[] = { pps, bps };

        ovsrec_mirror_set_copy_budget(m, keys, values, 2);
    }
}

/* Makes other_config key 'key' of the Open_vSwitch row 'cfg' hold 'value'
 * (absent for 0), with a mutation, if it does not already. */
static void
set_ovs_budget(const struct ovsrec_open_vswitch *cfg, const char *key,
               int64_t value)
{
    const char *have = smap_get(&cfg->other_config, key);

    if (!value) {
        if (have) {
            ovsrec_open_vswitch_update_other_config_delkey(cfg, key);
        }
    } else {
        char *want = xasprintf("%"PRId64, value);

        if (!have || strcmp(have, want)) {
            ovsrec_open_vswitch_update_other_config_setkey(cfg, key, want);
        }
        free(want);
    }
}

/* Writes the Global hypervisor-wide copy budget into this hypervisor's
 * Open_vSwitch table, where ovs-vswitchd reads it. */
void
mirrord_budget_apply_hypervisor(const struct mirrord_ctx *ctx)
{
    const struct ovsrec_open_vswitch *cfg
        = ovsrec_open_vswitch_first(ctx->ovs_idl);

    if (!cfg || !ctx->ovs_txn || !tmrec_global_first(ctx->tm_idl)) {
        return;
    }
    set_ovs_budget(cfg, "mirror-copy-budget-packets",
                   global_budget(ctx, "hypervisor_packets"));
    set_ovs_budget(cfg, "mirror-copy-budget-bytes",
                   global_budget(ctx, "hypervisor_bytes"));
}
