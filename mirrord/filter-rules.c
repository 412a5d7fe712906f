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

#include "mirrord/filter-rules.h"

#include <string.h>

#include "lib/tm-check.h"
#include "mirrord/session-check.h"
#include "openvswitch/dynamic-string.h"
#include "ovsdb-data.h"
#include "ovsdb-schema/traffic-mirror-idl.h"
#include "smap.h"
#include "util.h"

/* AWS's link-local platform addresses, the defaults for the Global table's
 * "platform_addresses" column. */
#define DEFAULT_DNS_RESOLVER "169.254.169.253"
#define DEFAULT_TIME_SERVER "169.254.169.123"
#define DEFAULT_METADATA "169.254.169.254"

static const char *directions[] = { "egress", "ingress" };

/* Initializes 'rules' as empty. */
void
mirrord_rules_init(struct mirrord_rules *rules)
{
    memset(rules, 0, sizeof *rules);
}

/* Frees the contents of 'rules'. */
void
mirrord_rules_destroy(struct mirrord_rules *rules)
{
    for (size_t i = 0; i < rules->n; i++) {
        free(rules->rules[i].match);
    }
    free(rules->rules);
}

/* Appends a rule to 'rules', taking ownership of 'match'. */
static void
add_rule(struct mirrord_rules *rules, int64_t number, const char *direction,
         const char *action, char *match)
{
    if (rules->n >= rules->allocated) {
        rules->rules = x2nrealloc(rules->rules, &rules->allocated,
                                  sizeof *rules->rules);
    }
    rules->rules[rules->n++] = (struct mirrord_rule) {
        .number = number,
        .direction = direction,
        .action = action,
        .match = match,
    };
}

/* Adds, for each direction, the rules that keep the platform's own traffic
 * out of copies, as AWS does: DHCP, the instance metadata service, NTP with
 * the time server, and DNS with the resolver unless the filter has the
 * "amazon-dns" network service, in which case all of it is accepted. */
static void
add_platform_rules(const struct tmrec_mirror_filter *filter,
                   const struct tmrec_global *global,
                   struct mirrord_rules *rules)
{
    const struct smap *pa = global ? &global->platform_addresses : NULL;
    const char *dns = pa ? smap_get_def(pa, "dns_resolver",
                                        DEFAULT_DNS_RESOLVER)
                         : DEFAULT_DNS_RESOLVER;
    const char *ntp = pa ? smap_get_def(pa, "time_server",
                                        DEFAULT_TIME_SERVER)
                         : DEFAULT_TIME_SERVER;
    const char *meta = pa ? smap_get_def(pa, "metadata", DEFAULT_METADATA)
                          : DEFAULT_METADATA;
    bool amazon_dns = false;

    for (size_t i = 0; i < filter->n_network_services; i++) {
        if (!strcmp(filter->network_services[i], "amazon-dns")) {
            amazon_dns = true;
        }
    }

    for (int d = 0; d < 2; d++) {
        const char *dir = directions[d];
        const char *dns_action = amazon_dns ? "accept" : "reject";

        add_rule(rules, 10, dir, "reject", xstrdup("udp,tp_src=67-68"));
        add_rule(rules, 11, dir, "reject", xstrdup("udp,tp_dst=67-68"));
        add_rule(rules, 12, dir, "reject", xstrdup("udp6,tp_src=546-547"));
        add_rule(rules, 13, dir, "reject", xstrdup("udp6,tp_dst=546-547"));
        add_rule(rules, 20, dir, "reject", xasprintf("ip,nw_dst=%s", meta));
        add_rule(rules, 21, dir, "reject", xasprintf("ip,nw_src=%s", meta));
        add_rule(rules, 30, dir, "reject",
                 xasprintf("udp,nw_dst=%s,tp_dst=123", ntp));
        add_rule(rules, 31, dir, "reject",
                 xasprintf("udp,nw_src=%s,tp_src=123", ntp));
        add_rule(rules, 40, dir, dns_action,
                 xasprintf("udp,nw_dst=%s,tp_dst=53", dns));
        add_rule(rules, 41, dir, dns_action,
                 xasprintf("tcp,nw_dst=%s,tp_dst=53", dns));
        add_rule(rules, 42, dir, dns_action,
                 xasprintf("udp,nw_src=%s,tp_src=53", dns));
        add_rule(rules, 43, dir, dns_action,
                 xasprintf("tcp,nw_src=%s,tp_src=53", dns));
    }
}

/* Appends to 'match' the port range 'range' of field FIELD as
 * FIELD=FROM-TO, or nothing for all ports (all that the schema allows in
 * a port range column). */
static void
put_port_range(struct ds *match, const char *field,
               const struct tm_port_range *range)
{
    int64_t min, max;

    tm_column_range(&tmrec_mirror_filter_rule_col_source_port_range,
                    &min, &max);
    if (!range->set || (range->from == min && range->to == max)) {
        return;
    } else if (range->from == range->to) {
        ds_put_format(match, ",%s=%"PRId64, field, range->from);
    } else {
        ds_put_format(match, ",%s=%"PRId64"-%"PRId64, field, range->from,
                      range->to);
    }
}

/* Appends to 'match' the CIDR block 'cidr' as the source ('src') or
 * destination address field of its family, in canonical form, or nothing
 * for the whole address space. */
static void
put_cidr(struct ds *match, bool src, const struct tm_cidr *cidr)
{
    if (cidr->plen) {
        ds_put_format(match, ",%s=", (cidr->ipv6
                                      ? (src ? "ipv6_src" : "ipv6_dst")
                                      : (src ? "nw_src" : "nw_dst")));
        tm_cidr_format(cidr, match);
    }
}

/* Returns the status reason for port range column 'which' ("source" or
 * "destination") of rule 'r', as read into 'range', that failed
 * tm_check_port_range() with 'error' (which it frees).  The schema keeps
 * each port within 0-65535, so only the order of the two can be wrong. */
static char *
port_range_reason(const struct tmrec_mirror_filter_rule *r,
                  const char *which, const struct tm_port_range *range,
                  struct tm_error *error)
{
    tm_error_destroy(error);
    return xasprintf("rule %s: the %s port range %"PRId64"-%"PRId64
                     " is empty", r->rule_id, which, range->from, range->to);
}

/* Checks the fields of AWS filter rule 'r' with tm-check, the checks the
 * API applies to a request that writes them, and stores the rule in
 * '*rule' and its parsed CIDR blocks in '*src' and '*dst'.  The schema
 * enforces the rest of what tm_check_rule() checks (direction, action,
 * number and protocol ranges, description).  Returns NULL, or a malloc()'d
 * status reason in mirrord's words. */
static char *
check_rule_fields(const struct tmrec_mirror_filter_rule *r,
                  struct tm_rule *rule, struct tm_cidr *src,
                  struct tm_cidr *dst)
{
    struct tm_error *error;

    /* CIDR blocks: nothing from the database goes into a match without
     * being parsed. */
    error = tm_cidr_parse("SourceCidrBlock", r->source_cidr_block, src);
    if (error) {
        tm_error_destroy(error);
        return xasprintf("rule %s: the source CIDR block \"%s\" is not "
                         "valid", r->rule_id, r->source_cidr_block);
    }
    error = tm_cidr_parse("DestinationCidrBlock", r->destination_cidr_block,
                          dst);
    if (error) {
        tm_error_destroy(error);
        return xasprintf("rule %s: the destination CIDR block \"%s\" is "
                         "not valid", r->rule_id, r->destination_cidr_block);
    }
    error = tm_check_cidr_families(src, dst, r->source_cidr_block,
                                   r->destination_cidr_block);
    if (error) {
        tm_error_destroy(error);
        return xasprintf("rule %s mixes IPv4 and IPv6 blocks", r->rule_id);
    }

    /* Port ranges: complete, in order, and only on TCP and UDP. */
    error = tm_rule_from_row(rule, r);
    if (error) {
        const char *which = (!strcmp(error->field, "SourcePortRange")
                             ? "source" : "destination");

        tm_error_destroy(error);
        return xasprintf("rule %s: the %s port range needs both a from "
                         "and a to port", r->rule_id, which);
    }
    error = tm_check_port_range("SourcePortRange", &rule->source_ports);
    if (error) {
        return port_range_reason(r, "source", &rule->source_ports, error);
    }
    error = tm_check_port_range("DestinationPortRange",
                                &rule->destination_ports);
    if (error) {
        return port_range_reason(r, "destination", &rule->destination_ports,
                                 error);
    }
    error = tm_check_ports_protocol(&rule->source_ports,
                                    &rule->destination_ports,
                                    rule->has_protocol, rule->protocol);
    if (error) {
        tm_error_destroy(error);
        return (rule->has_protocol
                ? xasprintf("rule %s: port ranges need protocol TCP (6) "
                            "or UDP (17), not %"PRId64, r->rule_id,
                            rule->protocol)
                : xasprintf("rule %s: port ranges need protocol TCP (6) "
                            "or UDP (17), not all protocols", r->rule_id));
    }
    return NULL;
}

/* Stores in '*matchp' the ovs-ofctl match that selects what AWS filter rule
 * 'r' matches.  Returns NULL, or a malloc()'d message if 'r' is not a valid
 * AWS rule (then '*matchp' is NULL). */
static char *
rule_match(const struct tmrec_mirror_filter_rule *r, char **matchp)
{
    struct ds match = DS_EMPTY_INITIALIZER;
    struct tm_cidr src, dst;
    struct tm_rule rule;
    char *error;

    *matchp = NULL;
    error = check_rule_fields(r, &rule, &src, &dst);
    if (error) {
        return error;
    }

    bool tcp_udp = rule.has_protocol && (rule.protocol == 6
                                         || rule.protocol == 17);
    if (tcp_udp) {
        ds_put_format(&match, "%s%s", rule.protocol == 6 ? "tcp" : "udp",
                      src.ipv6 ? "6" : "");
    } else if (rule.has_protocol) {
        ds_put_format(&match, "%s,nw_proto=%"PRId64,
                      src.ipv6 ? "ipv6" : "ip", rule.protocol);
    } else {
        ds_put_cstr(&match, src.ipv6 ? "ipv6" : "ip");
    }
    put_cidr(&match, true, &src);
    put_cidr(&match, false, &dst);
    if (tcp_udp) {
        put_port_range(&match, "tp_src", &rule.source_ports);
        put_port_range(&match, "tp_dst", &rule.destination_ports);
    }
    *matchp = ds_steal_cstr(&match);
    return NULL;
}

/* Checks that rule 'r', listed among 'filter''s rules of direction 'dir',
 * belongs there.  (Two rules of one filter and direction cannot share a
 * number: the schema's index on those columns refuses it.)  Returns NULL,
 * or a malloc()'d message. */
static char *
check_rule_place(const struct tmrec_mirror_filter *filter, const char *dir,
                 const struct tmrec_mirror_filter_rule *r)
{

    if (r->filter != filter) {
        return xasprintf("rule %s is listed in filter %s but belongs to "
                         "%s", r->rule_id, filter->filter_id,
                         r->filter ? r->filter->filter_id
                                   : "another filter");
    }
    if (strcmp(r->traffic_direction, dir)) {
        return xasprintf("rule %s is an %s rule listed among the %s rules",
                         r->rule_id, r->traffic_direction, dir);
    }
    return NULL;
}

/* Checks that 'filter' holds no more rules in direction 'dir' (the 'n' of
 * 'list') than the rules-per-filter limit in 'global' (which may be NULL)
 * allows.  A controller may write more (the Global table's quotas can
 * lower the limit below what the schema holds): they are judged as the
 * requests that would have created them, the rule with the highest number
 * being the one too many.  Returns NULL, or a malloc()'d message with the
 * error the API would have answered. */
static char *
check_rule_limit(const struct tmrec_mirror_filter *filter, const char *dir,
                 struct tmrec_mirror_filter_rule **list, size_t n,
                 const struct tmrec_global *global)
{
    const struct tmrec_mirror_filter_rule *last = NULL;
    struct tm_error *error;
    char *reason;

    for (size_t i = 0; i < n; i++) {
        if (!last || list[i]->rule_number > last->rule_number) {
            last = list[i];
        }
    }
    if (!last) {
        return NULL;
    }
    error = tm_check_filter_has_room(filter, dir, last,
                                     tm_limit(global,
                                              TM_LIMIT_RULES_PER_FILTER));
    if (!error) {
        return NULL;
    }
    reason = mirrord_error_reason(error);
    char *message = xasprintf("rule %s: %s", last->rule_id, reason);
    free(reason);
    return message;
}

/* Appends to 'rules' the Mirror_Rules that implement 'filter', given the
 * platform addresses in 'global' (which may be NULL for the defaults).
 * Returns NULL, or a malloc()'d message if a rule of 'filter' is not valid
 * or cannot be expressed (then 'rules' must not be used: the session fails
 * closed). */
char *
mirrord_rules_from_filter(const struct tmrec_mirror_filter *filter,
                          const struct tmrec_global *global,
                          struct mirrord_rules *rules)
{
    add_platform_rules(filter, global, rules);

    for (int d = 0; d < 2; d++) {
        struct tmrec_mirror_filter_rule **list = (d ? filter->ingress_rules
                                                  : filter->egress_rules);
        size_t n = d ? filter->n_ingress_rules : filter->n_egress_rules;
        const struct ovsdb_datum *all = (d
            ? tmrec_mirror_filter_get_ingress_rules(filter, OVSDB_TYPE_UUID)
            : tmrec_mirror_filter_get_egress_rules(filter, OVSDB_TYPE_UUID));

        /* A rule this process has not received (yet) could be a reject. */
        if (all->n != n) {
            return xasprintf("filter %s: %"PRIuSIZE" of its %s rules are "
                             "missing", filter->filter_id, all->n - n,
                             directions[d]);
        }
        for (size_t i = 0; i < n; i++) {
            const struct tmrec_mirror_filter_rule *r = list[i];
            char *error, *match;

            error = check_rule_place(filter, directions[d], r);
            if (!error) {
                error = rule_match(r, &match);
            }
            if (error) {
                return error;
            }
            add_rule(rules, MIRRORD_RULE_NUMBER(r->rule_number),
                     directions[d],
                     !strcmp(r->rule_action, "accept") ? "accept" : "reject",
                     match);
        }

        char *error = check_rule_limit(filter, directions[d], list, n,
                                       global);
        if (error) {
            return error;
        }
    }
    return NULL;
}
