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

/* mirrorctl: the command-line client of the Traffic_Mirror database, in the
 * style of ovs-vsctl.  It offers the generic database commands of OVS's
 * db-ctl-base (list, get, set, find, create, destroy, wait-until, ...) and
 * the 15 Traffic Mirroring commands of "aws ec2" and its tag commands, with
 * the same options;
 * all the commands of one command line run in one transaction. */

#include <config.h>

#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "command-line.h"
#include "db-ctl-base.h"
#include "dirs.h"
#include "fatal-signal.h"
#include "lib/traffic-mirror.h"
#include "openvswitch/dynamic-string.h"
#include "openvswitch/json.h"
#include "openvswitch/poll-loop.h"
#include "openvswitch/shash.h"
#include "openvswitch/vlog.h"
#include "ovsdb-data.h"
#include "ovsdb-idl.h"
#include "ovsdb-schema/traffic-mirror-idl.h"
#include "process.h"
#include "stream-ssl.h"
#include "table.h"
#include "timeval.h"
#include "util.h"
#include "utilities/mirrorctl-aws.h"
#include "utilities/mirrorctl-lb.h"
#include "utilities/mirrorctl-output.h"
#include "utilities/mirrorctl-paging.h"
#include "utilities/mirrorctl-query.h"

VLOG_DEFINE_THIS_MODULE(mirrorctl);

/* --db: the database remote. */
static const char *db;

/* --timeout: seconds before giving up, 0 for no limit. */
static unsigned int timeout;

/* --oneline: print the output of generic commands on one line. */
static bool oneline;

/* --wait: after a change, wait until every hypervisor has applied it. */
static bool wait_for_hypervisors;

/* Format of table output of the generic commands (--format etc.). */
static struct table_style table_style = TABLE_STYLE_DEFAULT;

/* The IDL and the transaction in progress, for mirrorctl_exit(). */
static struct ovsdb_idl *the_idl;
static struct ovsdb_idl_txn *the_idl_txn;

/* Exit status of an error reported by an AWS command, as the AWS CLI's
 * for errors that the service returns. */
#define AWS_ERROR_STATUS 254

/* The AWS CLI's message prefix and exit status for a bad --query. */
#define QUERY_ERROR_PREFIX "Bad value for --query "
#define QUERY_ERROR_STATUS 255

/* Prefix of the error messages of AWS commands, which are printed as the
 * AWS CLI prints them rather than with the program name. */
#define AWS_ERROR_PREFIX "An error occurred ("

static void parse_options(int argc, char *argv[], struct shash *local_opts);
static void mirrorctl_cmd_init(void);
static bool do_mirrorctl(const char *args, struct ctl_command *, size_t n,
                         struct ovsdb_idl *);

/* Returns the default database remote: $MIRROR_DB if set, otherwise
 * unix:$OVS_RUNDIR/mirror.sock. */
static char *
default_db(void)
{
    const char *env = getenv("MIRROR_DB");

    return env && env[0] ? xstrdup(env)
                         : xasprintf("unix:%s/mirror.sock", ovs_rundir());
}

/* Runs the command line. */
int
main(int argc, char *argv[])
{
    struct ctl_command *commands;
    struct shash local_options;
    struct ovsdb_idl *idl;
    unsigned int seqno;
    size_t n_commands;
    char *args, *error;

    set_program_name(argv[0]);
    fatal_ignore_sigpipe();
    vlog_set_levels(NULL, VLF_CONSOLE, VLL_WARN);
    vlog_set_levels_from_string_assert("reconnect:warn");

    mirrorctl_cmd_init();

    args = process_escape_args(argv);
    shash_init(&local_options);
    parse_options(argc, argv, &local_options);
    error = ctl_parse_commands(argc - optind, argv + optind, &local_options,
                               &commands, &n_commands);
    if (error) {
        ctl_fatal("%s", error);
    }
    VLOG(ctl_might_write_to_db(commands, n_commands) ? VLL_INFO : VLL_DBG,
         "Called as %s", args);

    ctl_timeout_setup(timeout);

    /* Monitor the whole database: the AWS commands check references and
     * quotas across all tables. */
    idl = the_idl = ovsdb_idl_create(db, &tmrec_idl_class, true, false);
    tm_idl_init(idl);
    ovsdb_idl_set_leader_only(idl, false);

    seqno = ovsdb_idl_get_seqno(idl);
    for (;;) {
        ovsdb_idl_run(idl);
        if (!ovsdb_idl_is_alive(idl)) {
            int retval = ovsdb_idl_get_last_error(idl);
            ctl_fatal("%s: database connection failed (%s)",
                      db, ovs_retval_to_string(retval));
        }

        if (seqno != ovsdb_idl_get_seqno(idl)) {
            seqno = ovsdb_idl_get_seqno(idl);
            if (do_mirrorctl(args, commands, n_commands, idl)) {
                free(args);
                exit(EXIT_SUCCESS);
            }
        }

        if (seqno == ovsdb_idl_get_seqno(idl)) {
            ovsdb_idl_wait(idl);
            poll_block();
        }
    }
}

/* Prints the usage message and exits. */
static void OVS_NO_RETURN
usage(void)
{
    printf("%s: Traffic_Mirror database configuration utility\n"
           "usage: %s [OPTIONS] COMMAND [ARG...]\n"
           "\n"
           "Traffic Mirroring commands, with the options of \"aws ec2\":\n"
           "  create-traffic-mirror-target, delete-traffic-mirror-target,\n"
           "  describe-traffic-mirror-targets, "
           "create-traffic-mirror-filter,\n"
           "  delete-traffic-mirror-filter, "
           "describe-traffic-mirror-filters,\n"
           "  modify-traffic-mirror-filter-network-services,\n"
           "  create-traffic-mirror-filter-rule, "
           "modify-traffic-mirror-filter-rule,\n"
           "  delete-traffic-mirror-filter-rule, "
           "describe-traffic-mirror-filter-rules,\n"
           "  create-traffic-mirror-session, "
           "modify-traffic-mirror-session,\n"
           "  delete-traffic-mirror-session, "
           "describe-traffic-mirror-sessions,\n"
           "  create-tags, delete-tags, describe-tags\n"
           "\n"
           "Load balancers for fleet targets, with the options of "
           "\"aws elbv2\":\n"
           "  create-load-balancer --name NAME --addresses IP[,IP...] "
           "[--dns-name DNS]\n"
           "                       [--health-check Port=N[,Interval=N,...]]\n"
           "  describe-load-balancers [--names NAME...]\n"
           "  delete-load-balancer --load-balancer-arn ARN | --name NAME\n"
           "\n"
           "%s"
           "%s"
           "\n"
           "Options:\n"
           "  --db=DATABASE               connect to DATABASE\n"
           "                              (default: $MIRROR_DB or %s)\n"
           "  --output=json|text|table    output format of the Traffic "
           "Mirroring\n"
           "                              commands (default: json)\n"
           "  --query=EXPRESSION          print what the JMESPath "
           "EXPRESSION picks\n"
           "                              from the answer, as with the AWS "
           "CLI\n"
           "  -t, --timeout=SECS          wait at most SECS seconds\n"
           "  --wait                      after a change, wait until every "
           "hypervisor\n"
           "                              has applied it\n"
           "  --oneline                   print exactly one line of output "
           "per command\n",
           program_name, program_name, ctl_get_db_cmd_usage(),
           ctl_list_db_tables_usage(), db ? db : "unix:mirror.sock");
    table_usage();
    vlog_usage();
    printf("  --no-syslog             equivalent to "
           "--verbose=mirrorctl:syslog:warn\n");
    printf("\nPKI configuration (required to use SSL):\n"
           "  -p, --private-key=FILE  file with private key\n"
           "  -c, --certificate=FILE  file with certificate for private key\n"
           "  -C, --ca-cert=FILE      file with peer CA certificate\n");
    printf("\nOther options:\n"
           "  -h, --help                  display this help message\n"
           "  -V, --version               display version information\n");
    exit(EXIT_SUCCESS);
}

/* Parses the global options in 'argv', and the options of the first
 * command (which come before its name) into 'local_options'. */
static void
parse_options(int argc, char *argv[], struct shash *local_options)
{
    const char *output_format = NULL;   /* --output. */
    const char *query_expression = NULL;        /* --query. */
    enum {
        OPT_DB = UCHAR_MAX + 1,
        OPT_ONELINE,
        OPT_WAIT,
        OPT_NO_SYSLOG,
        OPT_OUTPUT,
        OPT_QUERY,
        OPT_LOCAL,
        OPT_COMMANDS,
        OPT_OPTIONS,
        VLOG_OPTION_ENUMS,
        TABLE_OPTION_ENUMS,
        SSL_OPTION_ENUMS,
    };
    static const struct option global_long_options[] = {
        {"db", required_argument, NULL, OPT_DB},
        {"no-syslog", no_argument, NULL, OPT_NO_SYSLOG},
        {"oneline", no_argument, NULL, OPT_ONELINE},
        {"wait", no_argument, NULL, OPT_WAIT},
        {"output", required_argument, NULL, OPT_OUTPUT},
        {"query", required_argument, NULL, OPT_QUERY},
        {"timeout", required_argument, NULL, 't'},
        {"help", no_argument, NULL, 'h'},
        {"commands", no_argument, NULL, OPT_COMMANDS},
        {"options", no_argument, NULL, OPT_OPTIONS},
        {"version", no_argument, NULL, 'V'},
        VLOG_LONG_OPTIONS,
        TABLE_LONG_OPTIONS,
        STREAM_SSL_LONG_OPTIONS,
        {NULL, 0, NULL, 0},
    };
    const int n_global_long_options = ARRAY_SIZE(global_long_options) - 1;
    size_t allocated_options, n_options;
    struct option *options;
    char *tmp, *short_options;

    tmp = ovs_cmdl_long_options_to_short_options(global_long_options);
    short_options = xasprintf("+%s", tmp);
    free(tmp);

    /* getopt_long() parses both the global options and the options of the
     * generic commands (such as --if-exists), which come before the first
     * command's name. */
    options = xmemdup(global_long_options, sizeof global_long_options);
    allocated_options = ARRAY_SIZE(global_long_options);
    n_options = n_global_long_options;
    ctl_add_cmd_options(&options, &n_options, &allocated_options, OPT_LOCAL);

    for (;;) {
        int idx;
        int c = getopt_long(argc, argv, short_options, options, &idx);
        if (c == -1) {
            break;
        }

        switch (c) {
        case OPT_DB:
            db = optarg;
            break;

        case OPT_ONELINE:
            oneline = true;
            break;

        case OPT_WAIT:
            wait_for_hypervisors = true;
            break;

        case OPT_NO_SYSLOG:
            vlog_set_levels(&this_module, VLF_SYSLOG, VLL_WARN);
            break;

        case OPT_QUERY:
            /* Before the command names: for every AWS-style command that
             * does not give its own. */
            query_expression = optarg;
            break;

        case OPT_OUTPUT: {
            char *error = mirrorctl_check_output_format(optarg);
            if (error) {
                ctl_fatal("%s", error);
            }
            output_format = optarg;
            break;
        }

        case OPT_LOCAL:
            if (shash_find(local_options, options[idx].name)) {
                ctl_fatal("'%s' option specified multiple times",
                          options[idx].name);
            }
            shash_add_nocopy(local_options,
                             xasprintf("--%s", options[idx].name),
                             nullable_xstrdup(optarg));
            break;

        case 'h':
            usage();

        case OPT_COMMANDS:
            ctl_print_commands();
            /* fall through */

        case OPT_OPTIONS:
            ctl_print_options(global_long_options);
            /* fall through */

        case 'V':
            ovs_print_version(0, 0);
            exit(EXIT_SUCCESS);

        case 't':
            if (!str_to_uint(optarg, 10, &timeout) || !timeout) {
                ctl_fatal("value %s on -t or --timeout is invalid", optarg);
            }
            break;

        VLOG_OPTION_HANDLERS
        TABLE_OPTION_HANDLERS(&table_style)
        STREAM_SSL_OPTION_HANDLERS

        case '?':
            exit(EXIT_FAILURE);

        case 0:
            break;

        default:
            OVS_NOT_REACHED();
        }
    }
    free(short_options);
    mirrorctl_output_set_defaults(output_format, query_expression);
    free(options);

    if (!db) {
        db = default_db();
    }
}

/* Called by ctl_fatal(): abandons the transaction in progress and exits
 * with 'status'. */
static void
mirrorctl_exit(int status)
{
    if (the_idl_txn) {
        ovsdb_idl_txn_abort(the_idl_txn);
        ovsdb_idl_txn_destroy(the_idl_txn);
    }
    ovsdb_idl_destroy(the_idl);
    exit(status);
}

/* Reports 'error' (a command's error message) and exits: an AWS error as
 * the AWS CLI prints it, anything else after the program name. */
static void OVS_NO_RETURN
report_error(const char *error)
{
    if (!strncmp(error, QUERY_ERROR_PREFIX, strlen(QUERY_ERROR_PREFIX))) {
        fprintf(stderr, "%s\n", error);
        fflush(stderr);
        mirrorctl_exit(QUERY_ERROR_STATUS);
    }
    if (!strncmp(error, AWS_ERROR_PREFIX, strlen(AWS_ERROR_PREFIX))
        || !strncmp(error, "aws: ", 5)) {
        fprintf(stderr, "%s\n", error);
        fflush(stderr);
        mirrorctl_exit(AWS_ERROR_STATUS);
    }
    ctl_fatal("%s", error);
}

/* Waits until every Hypervisor row of 'idl' reports, in "cur_cfg", that its
 * mirrord has applied configuration 'next_cfg' (see --wait).  --timeout
 * bounds the wait, for example when a hypervisor is down. */
static void
wait_for_cfg(struct ovsdb_idl *idl, int64_t next_cfg)
{
    for (;;) {
        const struct tmrec_hypervisor *hv;
        bool done = true;

        ovsdb_idl_run(idl);
        TMREC_HYPERVISOR_FOR_EACH (hv, idl) {
            if (hv->cur_cfg < next_cfg) {
                done = false;
            }
        }
        if (done) {
            return;
        }
        ovsdb_idl_wait(idl);
        poll_block();
    }
}

/* Runs 'commands' in one transaction on 'idl'.  Returns true if done
 * (successfully: failures exit), false if the transaction must be tried
 * again once the IDL has news. */
static bool
do_mirrorctl(const char *args, struct ctl_command *commands,
             size_t n_commands, struct ovsdb_idl *idl)
{
    struct ovsdb_symbol_table *symtab;
    enum ovsdb_idl_txn_status status;
    struct ovsdb_idl_txn *txn;
    struct ctl_context ctx;
    struct ctl_command *c;
    struct shash_node *node;

    txn = the_idl_txn = ovsdb_idl_txn_create(idl);
    ovsdb_idl_txn_add_comment(txn, "mirrorctl: %s", args);

    symtab = ovsdb_symbol_table_create();
    for (c = commands; c < &commands[n_commands]; c++) {
        ds_init(&c->output);
        c->table = NULL;
    }
    ctl_context_init(&ctx, NULL, idl, txn, symtab, NULL);
    for (c = commands; c < &commands[n_commands]; c++) {
        ctl_context_init_command(&ctx, c, c == &commands[n_commands - 1]);
        if (c->syntax->run) {
            (c->syntax->run)(&ctx);
        }
        if (ctx.error) {
            report_error(ctx.error);
        }
        ctl_context_done_command(&ctx, c);
        if (ctx.try_again) {
            ctl_context_done(&ctx, NULL);
            goto try_again;
        }
    }
    ctl_context_done(&ctx, NULL);

    SHASH_FOR_EACH (node, &symtab->sh) {
        struct ovsdb_symbol *symbol = node->data;
        if (!symbol->created) {
            ctl_fatal("row id \"%s\" is referenced but never created (e.g. "
                      "with \"-- --id=%s create ...\")",
                      node->name, node->name);
        }
        if (!symbol->strong_ref) {
            VLOG_WARN("row id \"%s\" was created but no strong reference to "
                      "it was inserted, so it will not actually appear in "
                      "the database", node->name);
        }
    }

    /* With --wait, the change asks every hypervisor to confirm it. */
    bool waiting = (wait_for_hypervisors
                    && ctl_might_write_to_db(commands, n_commands));
    if (waiting) {
        const struct tmrec_global *global = tmrec_global_first(idl);

        if (!global) {
            global = tmrec_global_insert(txn);
        }
        ovsdb_idl_txn_increment(txn, &global->header_,
                                &tmrec_global_col_next_cfg, false);
    }

    status = ovsdb_idl_txn_commit_block(txn);
    if (status == TXN_UNCHANGED || status == TXN_SUCCESS) {
        for (c = commands; c < &commands[n_commands]; c++) {
            if (c->syntax->postprocess) {
                ctl_context_init(&ctx, c, idl, txn, symtab, NULL);
                (c->syntax->postprocess)(&ctx);
                if (ctx.error) {
                    report_error(ctx.error);
                }
                ctl_context_done(&ctx, c);
            }
        }
    }

    switch (status) {
    case TXN_UNCOMMITTED:
    case TXN_INCOMPLETE:
        OVS_NOT_REACHED();

    case TXN_ABORTED:
        ctl_fatal("transaction aborted");

    case TXN_UNCHANGED:
    case TXN_SUCCESS:
        break;

    case TXN_TRY_AGAIN:
        goto try_again;

    case TXN_ERROR:
        ctl_fatal("transaction error: %s", ovsdb_idl_txn_get_error(txn));

    case TXN_NOT_LOCKED:
        ctl_fatal("database not locked");

    default:
        OVS_NOT_REACHED();
    }

    ovsdb_symbol_table_destroy(symtab);

    if (waiting && status == TXN_SUCCESS) {
        wait_for_cfg(idl, ovsdb_idl_txn_get_increment_new_value(txn));
    }

    for (c = commands; c < &commands[n_commands]; c++) {
        struct ds *ds = &c->output;

        if (c->table) {
            table_print(c->table, &table_style);
        } else if (oneline) {
            ds_chomp(ds, '\n');
            for (size_t j = 0; j < ds->length; j++) {
                int ch = ds->string[j];
                if (ch == '\n') {
                    fputs("\\n", stdout);
                } else if (ch == '\\') {
                    fputs("\\\\", stdout);
                } else {
                    putchar(ch);
                }
            }
            putchar('\n');
        } else {
            fputs(ds_cstr(ds), stdout);
        }
        ds_destroy(&c->output);
        table_destroy(c->table);
        free(c->table);
        shash_destroy_free_data(&c->options);
    }
    free(commands);

    ovsdb_idl_txn_destroy(txn);
    the_idl_txn = NULL;
    ovsdb_idl_destroy(idl);
    the_idl = NULL;
    return true;

try_again:
    /* The database changed under us: throw everything away and retry once
     * the IDL has caught up. */
    ovsdb_idl_txn_abort(txn);
    ovsdb_idl_txn_destroy(txn);
    the_idl_txn = NULL;

    ovsdb_symbol_table_destroy(symtab);
    for (c = commands; c < &commands[n_commands]; c++) {
        ds_destroy(&c->output);
        table_destroy(c->table);
        free(c->table);
    }
    return false;
}

/* The "run" function of the Traffic Mirroring and tag commands: parses the
 * AWS CLI options that follow the command name, carries out the action in
 * the command line's transaction and puts the response, or what --query
 * picks from it, into the output (none for create-tags and delete-tags, as
 * with the AWS CLI).  A bad --query is refused before anything is done. */
static void
cmd_aws(struct ctl_context *ctx)
{
    struct mirrorctl_output output;
    struct mirrorctl_paging paging;
    struct tm_request req;
    struct tm_error *tm_error;
    struct json *response = NULL;
    enum tm_action action;
    int argc = ctx->argc - 1;
    char *error;

    ovs_assert(tm_action_from_cli_name(ctx->argv[0], &action));

    error = mirrorctl_output_parse(&argc, ctx->argv + 1, &output);
    if (!error) {
        error = mirrorctl_paging_parse(action, &argc, ctx->argv + 1, &paging);
    }
    if (error) {
        ctl_error(ctx, "%s", error);
        free(error);
        return;
    }

    tm_request_init(&req);
    error = mirrorctl_parse_aws_args(action, argc, ctx->argv + 1, &req);
    if (!error) {
        error = mirrorctl_paging_check(action, &paging, &req);
    }
    if (error) {
        ctl_error(ctx, "aws: error: %s", error);
        free(error);
        tm_request_destroy(&req);
        return;
    }

    if (action == TM_CREATE_TAGS || action == TM_DELETE_TAGS) {
        tm_error = tm_execute(ctx->idl, ctx->txn, action, &req, &response);
        json_destroy(response);
    } else {
        tm_error = mirrorctl_paging_run(ctx->idl, ctx->txn, action, &req,
                                        &paging, &output, &ctx->output);
    }
    if (tm_error) {
        ctl_error(ctx, AWS_ERROR_PREFIX "%s) when calling the %s operation: "
                  "%s", tm_error->code, tm_action_name(action),
                  tm_error->message);
        tm_error_destroy(tm_error);
    }
    tm_request_destroy(&req);
}

/* Row identifiers, so that the generic commands name rows by their AWS
 * identifier or name instead of their UUID (indexed by table). */
static const struct ctl_table_class tables[TMREC_N_TABLES] = {
    [TMREC_TABLE_CLIENT_TOKEN].row_ids[0]
    = {&tmrec_client_token_col_token, NULL, NULL},

    [TMREC_TABLE_HYPERVISOR].row_ids[0]
    = {&tmrec_hypervisor_col_name, NULL, NULL},

    [TMREC_TABLE_NETWORK_INTERFACE].row_ids[0]
    = {&tmrec_network_interface_col_interface_id, NULL, NULL},

    [TMREC_TABLE_LOAD_BALANCER].row_ids = {
        {&tmrec_load_balancer_col_name, NULL, NULL},
        {&tmrec_load_balancer_col_arn, NULL, NULL}},

    [TMREC_TABLE_MIRROR_TARGET].row_ids[0]
    = {&tmrec_mirror_target_col_target_id, NULL, NULL},

    [TMREC_TABLE_MIRROR_FILTER].row_ids[0]
    = {&tmrec_mirror_filter_col_filter_id, NULL, NULL},

    [TMREC_TABLE_MIRROR_FILTER_RULE].row_ids[0]
    = {&tmrec_mirror_filter_rule_col_rule_id, NULL, NULL},

    [TMREC_TABLE_MIRROR_SESSION].row_ids[0]
    = {&tmrec_mirror_session_col_session_id, NULL, NULL},
};

/* The commands of mirrorctl besides the generic ones. */
static const struct ctl_command_syntax mirrorctl_commands[] = {
#define AWS_CMD(NAME, MODE) \
    {NAME, 0, INT_MAX, "[AWS-OPTION...]", NULL, cmd_aws, NULL, "", MODE}
    AWS_CMD("create-traffic-mirror-target", RW),
    AWS_CMD("delete-traffic-mirror-target", RW),
    AWS_CMD("describe-traffic-mirror-targets", RO),
    AWS_CMD("create-traffic-mirror-filter", RW),
    AWS_CMD("delete-traffic-mirror-filter", RW),
    AWS_CMD("describe-traffic-mirror-filters", RO),
    AWS_CMD("modify-traffic-mirror-filter-network-services", RW),
    AWS_CMD("create-traffic-mirror-filter-rule", RW),
    AWS_CMD("modify-traffic-mirror-filter-rule", RW),
    AWS_CMD("delete-traffic-mirror-filter-rule", RW),
    AWS_CMD("describe-traffic-mirror-filter-rules", RO),
    AWS_CMD("create-traffic-mirror-session", RW),
    AWS_CMD("modify-traffic-mirror-session", RW),
    AWS_CMD("delete-traffic-mirror-session", RW),
    AWS_CMD("describe-traffic-mirror-sessions", RO),
    AWS_CMD("create-tags", RW),
    AWS_CMD("delete-tags", RW),
    AWS_CMD("describe-tags", RO),
#undef AWS_CMD
    {NULL, 0, 0, NULL, NULL, NULL, NULL, NULL, RO},
};

/* Registers the generic and the Traffic Mirroring commands. */
static void
mirrorctl_cmd_init(void)
{
    ctl_init(&tmrec_idl_class, tmrec_table_classes, tables, NULL,
             mirrorctl_exit);
    ctl_register_commands(mirrorctl_commands);
    ctl_register_commands(mirrorctl_lb_commands);
}
