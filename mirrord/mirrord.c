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

/* mirrord: the per-hypervisor traffic mirroring controller.
 *
 * Reads the Traffic_Mirror database and the local Open_vSwitch database,
 * and keeps the Mirror rows of the latter in line with the sessions of the
 * interfaces that live on this hypervisor.  One thread, one poll loop, a
 * full recompute whenever either database changes. */

#include <config.h>

#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "command-line.h"
#include "daemon.h"
#include "dirs.h"
#include "fatal-signal.h"
#include "mirrord/fleet.h"
#include "mirrord/liveness.h"
#include "mirrord/mirrors.h"
#include "mirrord/monitor.h"
#include "openvswitch/dynamic-string.h"
#include "openvswitch/poll-loop.h"
#include "openvswitch/vlog.h"
#include "ovsdb-idl.h"
#include "ovsdb-schema/traffic-mirror-idl.h"
#include "smap.h"
#include "stream-ssl.h"
#include "stream.h"
#include "unixctl.h"
#include "util.h"
#include "vswitch-idl.h"

VLOG_DEFINE_THIS_MODULE(mirrord);

/* --db: the Traffic_Mirror database, or NULL to take it from the local
 * Open_vSwitch table's external_ids:mirror-remote. */
static char *tm_remote_option;

/* The local Open_vSwitch database. */
static char *ovs_remote;

/* --unixctl: where to listen for ovs-appctl, or NULL for the default. */
static char *unixctl_path;

/* What the main loop shares with the unixctl commands. */
struct mirrord_state {
    bool exiting;
    bool recompute;
    char *hypervisor;                   /* external_ids:system-id. */
    char *tm_remote;                    /* Remote in use, or NULL. */
    bool monitor_complete;              /* See mirrord_monitor_update(). */
    struct ovsdb_idl *tm_idl;           /* For "mirrord/status". */
    struct ovsdb_idl *ovs_idl;          /* For "mirrord/status". */
    struct mirrord_summary summary;

    /* For "mirrorctl --wait": the Open_vSwitch next_cfg value whose
     * arrival in cur_cfg proves that ovs-vswitchd applied what mirrord
     * wrote for the Traffic_Mirror next_cfg in the OVS IDL loop's
     * 'next_cfg'. */
    int64_t ovs_target_cfg;
};

static void parse_options(int argc, char *argv[]);
static void sync_cfg(struct ovsdb_idl_loop *ovs_loop,
                     struct ovsdb_idl_txn *ovs_txn,
                     struct ovsdb_idl *tm_idl, struct ovsdb_idl_txn *tm_txn,
                     struct mirrord_state *);
static void usage(void) OVS_NO_RETURN;
static unixctl_cb_func mirrord_exit;
static unixctl_cb_func mirrord_status;
static unixctl_cb_func mirrord_recompute;

/* Reads from the local Open_vSwitch table this hypervisor's name (its
 * external_ids:system-id) into 'state->hypervisor' and, unless --db was
 * given, the Traffic_Mirror remote, which it points 'tm_idl' at.  Returns
 * true if both are known. */
static bool
update_identity(struct ovsdb_idl *ovs_idl, struct ovsdb_idl *tm_idl,
                struct mirrord_state *state)
{
    static struct vlog_rate_limit rl = VLOG_RATE_LIMIT_INIT(1, 5);
    const struct ovsrec_open_vswitch *cfg = ovsrec_open_vswitch_first(ovs_idl);
    const char *name = cfg ? smap_get(&cfg->external_ids, "system-id")
                           : NULL;
    const char *remote = tm_remote_option;

    if (!remote && cfg) {
        remote = smap_get(&cfg->external_ids, "mirror-remote");
    }
    if (remote && (!state->tm_remote || strcmp(remote, state->tm_remote))) {
        VLOG_INFO("Traffic_Mirror database: %s", remote);
        ovsdb_idl_set_remote(tm_idl, remote, true);
        free(state->tm_remote);
        state->tm_remote = xstrdup(remote);
    }
    if (name && (!state->hypervisor || strcmp(name, state->hypervisor))) {
        VLOG_INFO("this hypervisor is \"%s\"", name);
        free(state->hypervisor);
        state->hypervisor = xstrdup(name);
    }

    if (cfg && !name) {
        VLOG_WARN_RL(&rl, "Open_vSwitch external_ids:system-id is not set: "
                     "waiting for it to name this hypervisor");
    } else if (cfg && !remote) {
        VLOG_WARN_RL(&rl, "no --db option and no Open_vSwitch "
                     "external_ids:mirror-remote: waiting for one");
    }
    return state->hypervisor && state->tm_remote;
}

int
main(int argc, char *argv[])
{
    struct mirrord_state state = { .exiting = false };
    struct unixctl_server *unixctl;
    int retval;

    ovs_cmdl_proctitle_init(argc, argv);
    set_program_name(argv[0]);
    service_start(&argc, &argv);
    parse_options(argc, argv);
    fatal_ignore_sigpipe();

    daemonize_start(false);
    retval = unixctl_server_create(unixctl_path, &unixctl);
    if (retval) {
        exit(EXIT_FAILURE);
    }
    unixctl_command_register("exit", "", 0, 0, mirrord_exit, &state);
    unixctl_command_register("mirrord/status", "", 0, 0, mirrord_status,
                             &state);
    unixctl_command_register("mirrord/recompute", "", 0, 0,
                             mirrord_recompute, &state);
    daemonize_complete();
    mirrord_fleet_init();

    struct ovsdb_idl_loop ovs_loop = OVSDB_IDL_LOOP_INITIALIZER(
        ovsdb_idl_create(ovs_remote, &ovsrec_idl_class, true, true));
    struct ovsdb_idl_loop tm_loop = OVSDB_IDL_LOOP_INITIALIZER(
        ovsdb_idl_create_unconnected(&tmrec_idl_class, true));
    mirrord_monitor_init(tm_loop.idl);
    state.tm_idl = tm_loop.idl;
    state.ovs_idl = ovs_loop.idl;

    /* One mirrord per Open_vSwitch database: a second one (started twice,
     * or left over) waits for the lock instead of fighting the first. */
    ovsdb_idl_set_lock(ovs_loop.idl, "mirrord");
    ovsdb_idl_omit_alert(ovs_loop.idl, &ovsrec_interface_col_statistics);
    ovsdb_idl_omit_alert(ovs_loop.idl, &ovsrec_mirror_col_statistics);
    /* Every hypervisor writes back its own key of a shared filter rule's
     * "hits": that must not wake every other mirrord (the scale benchmark
     * measured the fan-out, growing as the square of the hypervisors).
     * mirrord reads the column only when it writes its own key. */
    ovsdb_idl_omit_alert(tm_loop.idl, &tmrec_mirror_filter_rule_col_hits);
    /* Mirror_Rule statistics do wake mirrord up: it copies them into the
     * Traffic_Mirror rules' "hits" (every stats-update-interval). */

    while (!state.exiting) {
        struct ovsdb_idl_txn *ovs_txn = ovsdb_idl_loop_run(&ovs_loop);
        struct ovsdb_idl_txn *tm_txn = ovsdb_idl_loop_run(&tm_loop);

        if (update_identity(ovs_loop.idl, tm_loop.idl, &state)
            && ovsdb_idl_has_ever_connected(ovs_loop.idl)
            && ovsdb_idl_has_lock(ovs_loop.idl)
            && ovsdb_idl_has_ever_connected(tm_loop.idl)
            && (state.monitor_complete = mirrord_monitor_update(
                    tm_loop.idl, ovs_loop.idl, state.hypervisor))) {
            /* Only once the Traffic_Mirror rows in view are all those
             * this hypervisor needs: a row missing from a partial view
             * must not look deleted. */
            struct mirrord_ctx ctx = {
                .ovs_idl = ovs_loop.idl,
                .ovs_txn = ovs_txn,
                .tm_idl = tm_loop.idl,
                .tm_txn = tm_txn,
                .hypervisor = state.hypervisor,
            };
            mirrord_fleet_run();
            mirrord_run(&ctx, &state.summary);
            mirrord_heartbeat(tm_loop.idl, tm_txn, state.hypervisor);
            mirrord_fleet_sweep();
            sync_cfg(&ovs_loop, ovs_txn, tm_loop.idl, tm_txn, &state);
            state.recompute = false;
        }

        unixctl_server_run(unixctl);
        unixctl_server_wait(unixctl);
        mirrord_fleet_wait();
        mirrord_liveness_wait();
        if (state.recompute) {
            poll_immediate_wake();
        }
        ovsdb_idl_loop_commit_and_wait(&ovs_loop);
        ovsdb_idl_loop_commit_and_wait(&tm_loop);
        poll_block();
        if (should_service_stop()) {
            state.exiting = true;
        }
    }

    unixctl_server_destroy(unixctl);
    mirrord_fleet_destroy();
    ovsdb_idl_loop_destroy(&ovs_loop);
    ovsdb_idl_loop_destroy(&tm_loop);
    free(state.hypervisor);
    free(state.tm_remote);
    service_stop();
    return 0;
}

/* Carries the Traffic_Mirror database's configuration number through to
 * this hypervisor's "cur_cfg", so that "mirrorctl --wait" returns only once
 * the change is in force: mirrord bumps the Open_vSwitch table's next_cfg
 * in the transaction that follows a new Traffic_Mirror next_cfg, and
 * reports that number once ovs-vswitchd's cur_cfg shows that it has
 * reconfigured with what mirrord wrote. */
static void
sync_cfg(struct ovsdb_idl_loop *ovs_loop, struct ovsdb_idl_txn *ovs_txn,
         struct ovsdb_idl *tm_idl, struct ovsdb_idl_txn *tm_txn,
         struct mirrord_state *state)
{
    const struct ovsrec_open_vswitch *ovs_cfg
        = ovsrec_open_vswitch_first(ovs_loop->idl);
    const struct tmrec_global *global = tmrec_global_first(tm_idl);
    int64_t tm_cfg = global ? global->next_cfg : 0;
    const struct tmrec_hypervisor *hv;

    if (!ovs_cfg) {
        return;
    }

    /* Ask ovs-vswitchd to confirm the configuration computed for
     * 'tm_cfg', unless that request already committed. */
    if (tm_cfg > ovs_loop->cur_cfg && ovs_txn) {
        ovsrec_open_vswitch_verify_next_cfg(ovs_cfg);
        state->ovs_target_cfg = ovs_cfg->next_cfg + 1;
        ovsrec_open_vswitch_set_next_cfg(ovs_cfg, state->ovs_target_cfg);
        ovs_loop->next_cfg = tm_cfg;
        return;
    }

    /* Once it has, report it. */
    if (!tm_txn || ovs_cfg->cur_cfg < state->ovs_target_cfg) {
        return;
    }
    TMREC_HYPERVISOR_FOR_EACH (hv, tm_idl) {
        if (!strcmp(hv->name, state->hypervisor)) {
            if (hv->cur_cfg != ovs_loop->cur_cfg) {
                tmrec_hypervisor_set_cur_cfg(hv, ovs_loop->cur_cfg);
            }
            break;
        }
    }
}

/* Parses the command line into the globals above. */
static void
parse_options(int argc, char *argv[])
{
    enum {
        OPT_DB = UCHAR_MAX + 1,
        OPT_UNIXCTL,
        OPT_PEER_CA_CERT,
        OPT_BOOTSTRAP_CA_CERT,
        VLOG_OPTION_ENUMS,
        DAEMON_OPTION_ENUMS,
        SSL_OPTION_ENUMS,
    };
    static const struct option long_options[] = {
        {"db", required_argument, NULL, OPT_DB},
        {"unixctl", required_argument, NULL, OPT_UNIXCTL},
        {"help", no_argument, NULL, 'h'},
        {"version", no_argument, NULL, 'V'},
        VLOG_LONG_OPTIONS,
        DAEMON_LONG_OPTIONS,
        STREAM_SSL_LONG_OPTIONS,
        {"peer-ca-cert", required_argument, NULL, OPT_PEER_CA_CERT},
        {"bootstrap-ca-cert", required_argument, NULL, OPT_BOOTSTRAP_CA_CERT},
        {NULL, 0, NULL, 0},
    };
    char *short_options = ovs_cmdl_long_options_to_short_options(long_options);

    for (;;) {
        int c = getopt_long(argc, argv, short_options, long_options, NULL);
        if (c == -1) {
            break;
        }

        switch (c) {
        case OPT_DB:
            free(tm_remote_option);
            tm_remote_option = xstrdup(optarg);
            break;

        case OPT_UNIXCTL:
            free(unixctl_path);
            unixctl_path = xstrdup(optarg);
            break;

        case 'h':
            usage();

        case 'V':
            ovs_print_version(0, 0);
            exit(EXIT_SUCCESS);

        VLOG_OPTION_HANDLERS
        DAEMON_OPTION_HANDLERS
        STREAM_SSL_OPTION_HANDLERS

        case OPT_PEER_CA_CERT:
            stream_ssl_set_peer_ca_cert_file(optarg);
            break;

        case OPT_BOOTSTRAP_CA_CERT:
            stream_ssl_set_ca_cert_file(optarg, true);
            break;

        case '?':
            exit(EXIT_FAILURE);

        default:
            OVS_NOT_REACHED();
        }
    }
    free(short_options);

    argc -= optind;
    argv += optind;
    if (argc == 0) {
        ovs_remote = xasprintf("unix:%s/db.sock", ovs_rundir());
    } else if (argc == 1) {
        ovs_remote = xstrdup(argv[0]);
    } else {
        VLOG_FATAL("at most one non-option argument accepted; "
                   "use --help for usage");
    }
}

/* Prints usage and exits. */
static void
usage(void)
{
    printf("%s: traffic mirroring controller for Open vSwitch\n"
           "usage: %s [OPTIONS] [OVS-DATABASE]\n"
           "where OVS-DATABASE is the local Open_vSwitch database\n"
           "(default: \"unix:%s/db.sock\").\n"
           "\nTraffic_Mirror database:\n"
           "  --db=REMOTE[,REMOTE...]  connect to REMOTE (default: the\n"
           "                           Open_vSwitch table's\n"
           "                           external_ids:mirror-remote)\n",
           program_name, program_name, ovs_rundir());
    stream_usage("database", true, true, true);
    daemon_usage();
    vlog_usage();
    printf("\nOther options:\n"
           "  --unixctl=SOCKET         override default control socket name\n"
           "  -h, --help               display this help message\n"
           "  -V, --version            display version information\n");
    exit(EXIT_SUCCESS);
}

/* unixctl "exit": makes the main loop end, at once: nothing else might
 * wake it up. */
static void
mirrord_exit(struct unixctl_conn *conn, int argc OVS_UNUSED,
             const char *argv[] OVS_UNUSED, void *state_)
{
    struct mirrord_state *state = state_;

    state->exiting = true;
    poll_immediate_wake();
    unixctl_command_reply(conn, NULL);
}

/* unixctl "mirrord/status": what the last recompute found. */
static void
mirrord_status(struct unixctl_conn *conn, int argc OVS_UNUSED,
               const char *argv[] OVS_UNUSED, void *state_)
{
    struct mirrord_state *state = state_;
    struct ds s = DS_EMPTY_INITIALIZER;

    ds_put_format(&s, "hypervisor: %s\n",
                  state->hypervisor ? state->hypervisor : "(unknown)");
    ds_put_format(&s, "Traffic_Mirror database: %s\n",
                  state->tm_remote ? state->tm_remote : "(unknown)");
    if (!ovsdb_idl_has_lock(state->ovs_idl)) {
        ds_put_cstr(&s, "waiting for the \"mirrord\" lock of the "
                    "Open_vSwitch database (another mirrord holds it)\n");
    }
    ds_put_format(&s, "local interfaces: %"PRIuSIZE"\n",
                  state->summary.n_local_interfaces);
    ds_put_format(&s, "sessions: %"PRIuSIZE" (%"PRIuSIZE" active)\n",
                  state->summary.n_sessions, state->summary.n_active);
    ds_put_format(&s, "monitoring: %s\n",
                  state->monitor_complete ? "complete" : "catching up");
    mirrord_monitor_report(state->tm_idl, &s);
    unixctl_command_reply(conn, ds_cstr(&s));
    ds_destroy(&s);
}

/* unixctl "mirrord/recompute": recomputes everything now. */
static void
mirrord_recompute(struct unixctl_conn *conn, int argc OVS_UNUSED,
                  const char *argv[] OVS_UNUSED, void *state_)
{
    struct mirrord_state *state = state_;

    state->recompute = true;
    poll_immediate_wake();
    unixctl_command_reply(conn, NULL);
}
