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

#include <arpa/inet.h>
#include <ctype.h>
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

/* Parses the port range in 'keys'/'values' ('n' entries, with keys "from"
 * and "to") of rule 'r' into '*from' and '*to'.  An empty range is all
 * ports.  Returns NULL, or a malloc()'d message if the range is not a
 * complete, ordered pair. */
static char *
parse_port_range(const struct tmrec_mirror_filter_rule *r, const char *which,
                 char **keys, const int64_t *values, size_t n,
                 int64_t *from, int64_t *to)
{
    bool has_from = false, has_to = false;

    *from = 0;
    *to = 65535;
    if (!n) {
        return NULL;
    }
    for (size_t i = 0; i < n; i++) {
        if (!strcmp(keys[i], "from")) {
            *from = values[i];
            has_from = true;
        } else if (!strcmp(keys[i], "to")) {
            *to = values[i];
            has_to = true;
        }
    }
    if (!has_from || !has_to) {
        return xasprintf("rule %s: the %s port range needs both a from "
                         "and a to port", r->rule_id, which);
    }
    if (*from > *to) {
        return xasprintf("rule %s: the %s port range %"PRId64"-%"PRId64
                         " is empty", r->rule_id, which, *from, *to);
    }
    return NULL;
}

/* Appends to 'match' the range FROM-TO of ports as FIELD=FROM-TO, or
 * nothing for all ports. */
static void
put_port_range(struct ds *match, const char *field, int64_t from, int64_t to)
{
    if (from == 0 && to == 65535) {
        return;
    } else if (from == to) {
        ds_put_format(match, ",%s=%"PRId64, field, from);
    } else {
        ds_put_format(match, ",%s=%"PRId64"-%"PRId64, field, from, to);
    }
}

/* Parses CIDR block 'cidr' (the 'which' block of rule 'r'): an IPv4 or
 * IPv6 address, "/" and a prefix length.  Stores its family in '*ipv6' and
 * in '*canonical' the network in canonical form (host bits cleared), or
 * NULL for the whole address space.  Returns NULL, or a malloc()'d message
 * if 'cidr' is not a CIDR block: nothing from the database goes into a
 * match without being parsed. */
static char *
parse_cidr(const struct tmrec_mirror_filter_rule *r, const char *which,
           const char *cidr, bool *ipv6, char **canonical)
{
    const char *slash = strchr(cidr, '/');
    char address[INET6_ADDRSTRLEN];
    uint8_t bytes[16];
    unsigned int plen;
    int n = 0;

    *canonical = NULL;
    *ipv6 = strchr(cidr, ':') != NULL;
    if (!slash || slash - cidr >= sizeof address
        || !ovs_scan(slash + 1, "%u%n", &plen, &n) || slash[1 + n]
        || !isdigit((unsigned char) slash[1])
        || plen > (*ipv6 ? 128 : 32)) {
        goto error;
    }
    memcpy(address, cidr, slash - cidr);
    address[slash - cidr] = '\0';
    if (inet_pton(*ipv6 ? AF_INET6 : AF_INET, address, bytes) != 1) {
        goto error;
    }
    if (!plen) {
        return NULL;
    }

    /* Clear the host bits and format the result. */
    size_t n_bytes = *ipv6 ? 16 : 4;
    for (size_t i = 0; i < n_bytes; i++) {
        unsigned int bits = plen > 8 * i ? MIN(8, plen - 8 * i) : 0;
        bytes[i] &= (uint8_t) (0xff00 >> bits);
    }
    inet_ntop(*ipv6 ? AF_INET6 : AF_INET, bytes, address, sizeof address);
    *canonical = xasprintf("%s/%u", address, plen);
    return NULL;

error:
    return xasprintf("rule %s: the %s CIDR block \"%s\" is not valid",
                     r->rule_id, which, cidr);
}

/* Stores in '*matchp' the ovs-ofctl match that selects what AWS filter rule
 * 'r' matches.  Returns NULL, or a malloc()'d message if 'r' is not a valid
 * AWS rule (then '*matchp' is NULL). */
static char *
rule_match(const struct tmrec_mirror_filter_rule *r, char **matchp)
{
    int64_t proto = r->protocol ? *r->protocol : -1;
    bool tcp_udp = proto == 6 || proto == 17;
    int64_t sp_from, sp_to, dp_from, dp_to;
    struct ds match = DS_EMPTY_INITIALIZER;
    char *src = NULL, *dst = NULL;
    bool ipv6, dst_ipv6;
    char *error;

    *matchp = NULL;
    error = parse_cidr(r, "source", r->source_cidr_block, &ipv6, &src);
    if (!error) {
        error = parse_cidr(r, "destination", r->destination_cidr_block,
                           &dst_ipv6, &dst);
    }
    if (!error && ipv6 != dst_ipv6) {
        error = xasprintf("rule %s mixes IPv4 and IPv6 blocks", r->rule_id);
    }
    if (!error) {
        error = parse_port_range(r, "source", r->key_source_port_range,
                                 r->value_source_port_range,
                                 r->n_source_port_range, &sp_from, &sp_to);
    }
    if (!error) {
        error = parse_port_range(r, "destination",
                                 r->key_destination_port_range,
                                 r->value_destination_port_range,
                                 r->n_destination_port_range,
                                 &dp_from, &dp_to);
    }
    if (!error && !tcp_udp
        && (r->n_source_port_range || r->n_destination_port_range)) {
        error = (proto < 0
                 ? xasprintf("rule %s: port ranges need protocol TCP (6) "
                             "or UDP (17), not all protocols", r->rule_id)
                 : xasprintf("rule %s: port ranges need protocol TCP (6) "
                             "or UDP (17), not %"PRId64, r->rule_id, proto));
    }
    if (error) {
        free(src);
        free(dst);
        return error;
    }

    if (proto == 6) {
        ds_put_cstr(&match, ipv6 ? "tcp6" : "tcp");
    } else if (proto == 17) {
        ds_put_cstr(&match, ipv6 ? "udp6" : "udp");
    } else if (proto >= 0) {
        ds_put_format(&match, "%s,nw_proto=%"PRId64,
                      ipv6 ? "ipv6" : "ip", proto);
    } else {
        ds_put_cstr(&match, ipv6 ? "ipv6" : "ip");
    }
    if (src) {
        ds_put_format(&match, ",%s=%s", ipv6 ? "ipv6_src" : "nw_src", src);
    }
    if (dst) {
        ds_put_format(&match, ",%s=%s", ipv6 ? "ipv6_dst" : "nw_dst", dst);
    }
    if (tcp_udp) {
        put_port_range(&match, "tp_src", sp_from, sp_to);
        put_port_range(&match, "tp_dst", dp_from, dp_to);
    }
    free(src);
    free(dst);
    *matchp = ds_steal_cstr(&match);
    return NULL;
}

/* Checks that rule 'r', listed among 'filter''s rules of direction 'dir',
 * belongs there, and that no rule before it in 'list' (the first 'i' ones)
 * has its number.  Returns NULL, or a malloc()'d message. */
static char *
check_rule_place(const struct tmrec_mirror_filter *filter, const char *dir,
                 struct tmrec_mirror_filter_rule **list, size_t i)
{
    const struct tmrec_mirror_filter_rule *r = list[i];

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
    for (size_t j = 0; j < i; j++) {
        if (list[j]->rule_number == r->rule_number) {
            return xasprintf("rules %s and %s both have %s rule number "
                             "%"PRId64, list[j]->rule_id, r->rule_id, dir,
                             r->rule_number);
        }
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

            error = check_rule_place(filter, directions[d], list, i);
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
