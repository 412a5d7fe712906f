/*
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

#include "utilities/mirrorctl-lb.h"

#include <string.h>

#include "db-ctl-base.h"
#include "lib/tm-db.h"
#include "openvswitch/dynamic-string.h"
#include "openvswitch/json.h"
#include "ovsdb-idl.h"
#include "ovsdb-schema/traffic-mirror-idl.h"
#include "packets.h"
#include "random.h"
#include "smap.h"
#include "svec.h"
#include "util.h"
#include "utilities/mirrorctl-output.h"

/* The load balancers that network-load-balancer targets name: fleets of
 * collectors (see mirrord(8)).  AWS manages them with the elbv2 API, which
 * is not ours to serve; these commands cover what a traffic mirror needs,
 * with the names and output shape of "aws elbv2". */

#define AWS_ERROR "An error occurred (%s) when calling the %s operation: "
#define CREATE_ERROR(CODE) \
    "An error occurred (" CODE ") when calling the CreateLoadBalancer " \
    "operation: "
#define DEFAULT_REGION "us-east-1"
#define DEFAULT_OWNER "000000000000"

/* The options of one command line. */
struct lb_args {
    const char *name;
    const char *arn;
    const char *dns_name;
    const char *type;           /* --type: "network" or "gateway". */
    struct svec addresses;
    struct svec names;          /* describe: --names. */
    struct svec arns;           /* describe: --load-balancer-arns. */
    struct smap health;         /* --health-check, schema keys. */
    bool has_health;
};

/* Adds the words of 'arg', separated by commas or spaces, to 'svec'. */
static void
add_words(struct svec *svec, const char *arg)
{
    char *copy = xstrdup(arg);
    char *save_ptr = NULL;

    for (char *w = strtok_r(copy, ", ", &save_ptr); w;
         w = strtok_r(NULL, ", ", &save_ptr)) {
        svec_add(svec, w);
    }
    free(copy);
}

/* Parses "--health-check Port=N,Interval=N,Timeout=N,HealthyThreshold=N,
 * UnhealthyThreshold=N" into 'health' (the schema's keys).  Returns NULL,
 * or an error message. */
static char *
parse_health_check(const char *arg, struct smap *health)
{
    static const char *names[][2] = {
        {"Port", "port"}, {"Interval", "interval"}, {"Timeout", "timeout"},
        {"HealthyThreshold", "healthy_threshold"},
        {"UnhealthyThreshold", "unhealthy_threshold"},
    };
    char *copy = xstrdup(arg);
    char *save_ptr = NULL;
    char *error = NULL;

    for (char *kv = strtok_r(copy, ",", &save_ptr); kv && !error;
         kv = strtok_r(NULL, ",", &save_ptr)) {
        char *value = strchr(kv, '=');
        const char *key = NULL;
        int n;

        if (value) {
            *value++ = '\0';
            for (size_t i = 0; i < ARRAY_SIZE(names); i++) {
                if (!strcmp(kv, names[i][0])) {
                    key = names[i][1];
                }
            }
        }
        if (!key || !str_to_int(value, 10, &n) || n < 1 || n > 65535) {
            error = xasprintf("--health-check: expected Port=, Interval=, "
                              "Timeout=, HealthyThreshold= or "
                              "UnhealthyThreshold= with a value from 1 to "
                              "65535, not \"%s%s%s\"", kv,
                              value ? "=" : "", value ? value : "");
        } else {
            smap_replace(health, key, value);
        }
    }
    free(copy);
    return error;
}

/* Parses the options 'argv' (the 'argc' words after the command name) of
 * 'command' into 'args'.  Returns NULL, or an error message. */
static char *
parse_args(const char *command, int argc, char *argv[], struct lb_args *args)
{
    memset(args, 0, sizeof *args);
    svec_init(&args->addresses);
    svec_init(&args->names);
    svec_init(&args->arns);
    smap_init(&args->health);

    for (int i = 0; i < argc; i++) {
        const char *opt = argv[i];
        int n_values = 0;

        while (i + 1 + n_values < argc
               && strncmp(argv[i + 1 + n_values], "--", 2)) {
            n_values++;
        }
        if (!n_values) {
            return xasprintf("%s: option %s needs a value", command, opt);
        }

        char **values = &argv[i + 1];
        bool single = true;
        if (!strcmp(opt, "--name")) {
            args->name = values[0];
        } else if (!strcmp(opt, "--load-balancer-arn")) {
            args->arn = values[0];
        } else if (!strcmp(opt, "--dns-name")) {
            args->dns_name = values[0];
        } else if (!strcmp(opt, "--type")) {
            if (strcmp(values[0], "network") && strcmp(values[0], "gateway")) {
                return xasprintf("%s: --type must be network or gateway",
                                 command);
            }
            args->type = values[0];
        } else if (!strcmp(opt, "--health-check")) {
            char *error = parse_health_check(values[0], &args->health);
            if (error) {
                return error;
            }
            args->has_health = true;
        } else if (!strcmp(opt, "--addresses")
                   || !strcmp(opt, "--names")
                   || !strcmp(opt, "--load-balancer-arns")) {
            struct svec *svec = (opt[2] == 'a' ? &args->addresses
                                 : opt[2] == 'n' ? &args->names
                                 : &args->arns);
            for (int j = 0; j < n_values; j++) {
                add_words(svec, values[j]);
            }
            single = false;
        } else {
            return xasprintf("%s: unknown option %s", command, opt);
        }
        if (single && n_values > 1) {
            return xasprintf("%s: option %s takes one value", command, opt);
        }
        i += n_values;
    }
    return NULL;
}

/* Frees what 'args' holds. */
static void
lb_args_destroy(struct lb_args *args)
{
    svec_destroy(&args->addresses);
    svec_destroy(&args->names);
    svec_destroy(&args->arns);
    smap_destroy(&args->health);
}

/* Returns the family (AF_INET or AF_INET6) of address 'a', or 0 if it is
 * not an IP address. */
static int
address_family(const char *a)
{
    struct in6_addr in6;
    ovs_be32 ip;

    return (ip_parse(a, &ip) ? AF_INET
            : ipv6_parse(a, &in6) ? AF_INET6 : 0);
}

/* Returns the JSON description of load balancer 'lb', in the shape of
 * "aws elbv2 describe-load-balancers", with the collectors added. */
static struct json *
lb_to_json(const struct tmrec_load_balancer *lb)
{
    struct json *o = json_object_create();
    struct json *addresses = json_array_create_empty();
    struct json *state = json_object_create();

    json_object_put_string(o, "LoadBalancerArn", lb->arn ? lb->arn : "");
    json_object_put_string(o, "LoadBalancerName", lb->name);
    json_object_put_string(o, "Type", lb->type);
    if (lb->dns_name) {
        json_object_put_string(o, "DNSName", lb->dns_name);
    }
    for (size_t i = 0; i < lb->n_addresses; i++) {
        json_array_add(addresses, json_string_create(lb->addresses[i]));
    }
    json_object_put(o, "Addresses", addresses);
    if (!strcmp(lb->type, "gateway")) {
        struct json *endpoints = json_array_create_empty();

        for (size_t i = 0; i < lb->n_endpoint_ids; i++) {
            json_array_add(endpoints,
                           json_string_create(lb->endpoint_ids[i]));
        }
        json_object_put(o, "EndpointIds", endpoints);
    }
    if (lb->n_health_check) {
        struct json *hc = json_object_create();

        for (size_t i = 0; i < lb->n_health_check; i++) {
            json_object_put(hc, lb->key_health_check[i],
                            json_integer_create(lb->value_health_check[i]));
        }
        json_object_put(o, "HealthCheck", hc);
    }
    json_object_put_string(state, "Code", lb->state ? lb->state : "active");
    json_object_put(o, "State", state);
    return o;
}

/* Puts '{"LoadBalancers": [...]}' with 'lbs' (a JSON array), the answer of
 * operation 'title', into the command's output, as 'output' (the
 * command's --output and --query) says. */
static void
output_lbs(struct ctl_context *ctx, const struct mirrorctl_output *output,
           struct json *lbs, const char *title)
{
    struct json *answer = json_object_create();

    json_object_put(answer, "LoadBalancers", lbs);
    mirrorctl_output_print(output, answer, title, &ctx->output);
    json_destroy(answer);
}

/* Takes --output and --query out of the options of the command in 'ctx'
 * into '*output', storing the number of options left in '*argcp'.
 * Returns false (after reporting the error) if they are bad. */
static bool
parse_output(struct ctl_context *ctx, int *argcp,
             struct mirrorctl_output *output)
{
    char *error;

    *argcp = ctx->argc - 1;
    error = mirrorctl_output_parse(argcp, ctx->argv + 1, output);
    if (error) {
        ctl_error(ctx, "%s", error);
        free(error);
        return false;
    }
    return true;
}

/* Returns the load balancer named 'name' or with ARN 'arn', or NULL. */
static const struct tmrec_load_balancer *
find_lb(struct ovsdb_idl *idl, const char *name, const char *arn)
{
    const struct tmrec_load_balancer *lb;

    TMREC_LOAD_BALANCER_FOR_EACH (lb, idl) {
        if ((name && !strcmp(lb->name, name))
            || (arn && lb->arn && !strcmp(lb->arn, arn))) {
            return lb;
        }
    }
    return NULL;
}

/* Checks the new load balancer that 'args' describe.  Returns NULL, or an
 * AWS error message. */
static char *
check_new_lb(struct ovsdb_idl *idl, const struct lb_args *args)
{
    const char *name = args->name;
    int family = 0;

    if (!name || !name[0] || strlen(name) > 32 || name[0] == '-'
        || name[strlen(name) - 1] == '-'
        || name[strspn(name, "abcdefghijklmnopqrstuvwxyz"
                       "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-")]) {
        return xasprintf(CREATE_ERROR("ValidationError")
                         "The load balancer "
                         "name '%s' must have 1 to 32 letters, digits or "
                         "hyphens, and not begin or end with a hyphen",
                         name ? name : "");
    }
    if (find_lb(idl, name, NULL)) {
        return xasprintf(CREATE_ERROR("DuplicateLoadBalancerName")
                         "A load balancer "
                         "with the same name '%s' exists", name);
    }
    if (!args->addresses.n && !args->dns_name) {
        return xstrdup(CREATE_ERROR("ValidationError")
                       "Give --addresses, "
                       "--dns-name or both");
    }
    for (size_t i = 0; i < args->addresses.n; i++) {
        const char *a = args->addresses.names[i];
        int f = address_family(a);

        if (!f) {
            return xasprintf(CREATE_ERROR("ValidationError")
                             "'%s' is not an "
                             "IP address", a);
        } else if (family && f != family) {
            return xstrdup(CREATE_ERROR("ValidationError")
                           "The addresses "
                           "are not all of one family");
        }
        family = f;
    }
    if (args->addresses.n > 32) {
        return xstrdup(CREATE_ERROR("TooManyTargets")
                       "A load balancer has at most 32 "
                       "collector addresses");
    }
    if (args->has_health && !smap_get(&args->health, "port")) {
        return xstrdup(CREATE_ERROR("ValidationError")
                       "--health-check needs "
                       "Port=");
    }
    return NULL;
}

/* "create-load-balancer --name NAME [--addresses A[,B...]] [--dns-name
 * DNS] [--health-check Port=N,...] [--type network|gateway]".  A gateway
 * load balancer gets one endpoint, whose identifier (EndpointIds in the
 * answer) targets of type gateway-load-balancer-endpoint name. */
static void
cmd_create_lb(struct ctl_context *ctx)
{
    struct mirrorctl_output output;
    int argc;
    const struct tmrec_global *g = tmrec_global_first(ctx->idl);
    struct lb_args args;
    char *error;

    if (!parse_output(ctx, &argc, &output)) {
        return;
    }
    error = parse_args("create-load-balancer", argc, ctx->argv + 1, &args);
    if (error) {
        ctl_error(ctx, "aws: error: %s", error);
    } else {
        error = check_new_lb(ctx->idl, &args);
        if (error) {
            ctl_error(ctx, "%s", error);
        }
    }
    if (error) {
        free(error);
        lb_args_destroy(&args);
        return;
    }

    struct tmrec_load_balancer *lb = tmrec_load_balancer_insert(ctx->txn);
    bool gateway = args.type && !strcmp(args.type, "gateway");
    char *arn = xasprintf("arn:aws:elasticloadbalancing:%s:%s:"
                          "loadbalancer/%s/%s/%016"PRIx64,
                          g && g->region ? g->region : DEFAULT_REGION,
                          g && g->owner_id ? g->owner_id : DEFAULT_OWNER,
                          gateway ? "gwy" : "net", args.name,
                          random_uint64());
    const char **keys = xmalloc((smap_count(&args.health) + 1)
                                * sizeof *keys);
    int64_t *values = xmalloc((smap_count(&args.health) + 1)
                              * sizeof *values);
    struct smap_node *node;
    size_t n = 0;

    tmrec_load_balancer_set_name(lb, args.name);
    tmrec_load_balancer_set_type(lb, gateway ? "gateway" : "network");
    if (gateway) {
        char *endpoint = tm_id_generate("vpce");

        tmrec_load_balancer_set_endpoint_ids(lb, (const char **) &endpoint,
                                             1);
        free(endpoint);
    }
    tmrec_load_balancer_set_arn(lb, arn);
    tmrec_load_balancer_set_addresses(lb, (const char **) args.addresses.names,
                                      args.addresses.n);
    if (args.dns_name) {
        tmrec_load_balancer_set_dns_name(lb, args.dns_name);
    }
    SMAP_FOR_EACH (node, &args.health) {
        keys[n] = node->key;
        values[n++] = atoi(node->value);
    }
    tmrec_load_balancer_set_health_check(lb, keys, values, n);
    tmrec_load_balancer_set_state(lb, "active");

    output_lbs(ctx, &output, json_array_create_1(lb_to_json(lb)),
               "CreateLoadBalancer");
    free(keys);
    free(values);
    free(arn);
    lb_args_destroy(&args);
}

/* "describe-load-balancers [--names N...] [--load-balancer-arns A...]". */
static void
cmd_describe_lbs(struct ctl_context *ctx)
{
    struct mirrorctl_output output;
    int argc;
    const struct tmrec_load_balancer *lb;
    struct json *lbs = json_array_create_empty();
    struct lb_args args;
    char *error;

    if (!parse_output(ctx, &argc, &output)) {
        json_destroy(lbs);
        return;
    }
    error = parse_args("describe-load-balancers", argc, ctx->argv + 1, &args);
    if (error) {
        ctl_error(ctx, "aws: error: %s", error);
        free(error);
        json_destroy(lbs);
        lb_args_destroy(&args);
        return;
    }
    for (size_t i = 0; i < args.names.n; i++) {
        if (!find_lb(ctx->idl, args.names.names[i], NULL)) {
            ctl_error(ctx, AWS_ERROR "Load balancers '[%s]' not found",
                      "LoadBalancerNotFound", "DescribeLoadBalancers",
                      args.names.names[i]);
            goto out;
        }
    }
    for (size_t i = 0; i < args.arns.n; i++) {
        if (!find_lb(ctx->idl, NULL, args.arns.names[i])) {
            ctl_error(ctx, AWS_ERROR "Load balancers '[%s]' not found",
                      "LoadBalancerNotFound", "DescribeLoadBalancers",
                      args.arns.names[i]);
            goto out;
        }
    }
    TMREC_LOAD_BALANCER_FOR_EACH (lb, ctx->idl) {
        if ((!args.names.n && !args.arns.n)
            || svec_contains_unsorted(&args.names, lb->name)
            || (lb->arn && svec_contains_unsorted(&args.arns, lb->arn))) {
            json_array_add(lbs, lb_to_json(lb));
        }
    }
    output_lbs(ctx, &output, lbs, "DescribeLoadBalancers");
    lbs = NULL;
out:
    json_destroy(lbs);
    lb_args_destroy(&args);
}

/* "delete-load-balancer --load-balancer-arn ARN" (or --name NAME).  A load
 * balancer that a traffic mirror target uses cannot be deleted. */
static void
cmd_delete_lb(struct ctl_context *ctx)
{
    struct mirrorctl_output output;
    int argc;
    const struct tmrec_mirror_target *t;
    const struct tmrec_load_balancer *lb;
    struct lb_args args;
    char *error;

    if (!parse_output(ctx, &argc, &output)) {
        return;
    }
    error = parse_args("delete-load-balancer", argc, ctx->argv + 1, &args);
    if (!error && !args.arn == !args.name) {
        error = xstrdup("delete-load-balancer: give --load-balancer-arn "
                        "or --name");
    }
    if (error) {
        ctl_error(ctx, "aws: error: %s", error);
        free(error);
        lb_args_destroy(&args);
        return;
    }
    lb = find_lb(ctx->idl, args.name, args.arn);
    if (!lb) {
        ctl_error(ctx, AWS_ERROR "Load balancer '%s' not found",
                  "LoadBalancerNotFound", "DeleteLoadBalancer",
                  args.arn ? args.arn : args.name);
        lb_args_destroy(&args);
        return;
    }
    TMREC_MIRROR_TARGET_FOR_EACH (t, ctx->idl) {
        if (t->load_balancer == lb) {
            ctl_error(ctx, AWS_ERROR "Load balancer '%s' cannot be deleted "
                      "because traffic mirror target %s uses it",
                      "ResourceInUse", "DeleteLoadBalancer",
                      lb->arn ? lb->arn : lb->name, t->target_id);
            lb_args_destroy(&args);
            return;
        }
    }
    tmrec_load_balancer_delete(lb);
    lb_args_destroy(&args);
}

/* The load balancer commands of mirrorctl, for ctl_register_commands(). */
const struct ctl_command_syntax mirrorctl_lb_commands[] = {
    {"create-load-balancer", 0, INT_MAX, "[OPTION...]", NULL, cmd_create_lb,
     NULL, "", RW},
    {"describe-load-balancers", 0, INT_MAX, "[OPTION...]", NULL,
     cmd_describe_lbs, NULL, "", RO},
    {"delete-load-balancer", 0, INT_MAX, "[OPTION...]", NULL, cmd_delete_lb,
     NULL, "", RW},
    {NULL, 0, 0, NULL, NULL, NULL, NULL, NULL, RO},
};
