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

#include "mirrord/filter-rules.h"

#include <string.h>

#include "openvswitch/dynamic-string.h"
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

/* Appends to 'match' the port range in 'keys'/'values' ('n' entries with
 * keys "from" and "to") as FIELD=FROM-TO. */
static void
put_port_range(struct ds *match, const char *field, char **keys,
               const int64_t *values, size_t n)
{
    int64_t from = 0, to = 65535;

    if (!n) {
        return;
    }
    for (size_t i = 0; i < n; i++) {
        if (!strcmp(keys[i], "from")) {
            from = values[i];
        } else if (!strcmp(keys[i], "to")) {
            to = values[i];
        }
    }
    if (from == to) {
        ds_put_format(match, ",%s=%"PRId64, field, from);
    } else {
        ds_put_format(match, ",%s=%"PRId64"-%"PRId64, field, from, to);
    }
}

/* Returns true if 'cidr' covers the whole address space of its family. */
static bool
cidr_is_any(const char *cidr)
{
    const char *slash = strchr(cidr, '/');
    return slash && !strcmp(slash, "/0");
}

/* Returns the ovs-ofctl match that selects what AWS filter rule 'r'
 * matches. */
static char *
rule_match(const struct tmrec_mirror_filter_rule *r)
{
    bool ipv6 = strchr(r->source_cidr_block, ':') != NULL;
    int64_t proto = r->protocol ? *r->protocol : -1;
    struct ds match = DS_EMPTY_INITIALIZER;

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

    if (!cidr_is_any(r->source_cidr_block)) {
        ds_put_format(&match, ",%s=%s", ipv6 ? "ipv6_src" : "nw_src",
                      r->source_cidr_block);
    }
    if (!cidr_is_any(r->destination_cidr_block)) {
        ds_put_format(&match, ",%s=%s", ipv6 ? "ipv6_dst" : "nw_dst",
                      r->destination_cidr_block);
    }
    if (proto == 6 || proto == 17) {
        put_port_range(&match, "tp_src", r->key_source_port_range,
                       r->value_source_port_range,
                       r->n_source_port_range);
        put_port_range(&match, "tp_dst", r->key_destination_port_range,
                       r->value_destination_port_range,
                       r->n_destination_port_range);
    }
    return ds_steal_cstr(&match);
}

/* Appends to 'rules' the Mirror_Rules that implement 'filter', given the
 * platform addresses in 'global' (which may be NULL for the defaults).
 * Returns NULL, or a malloc()'d message if a rule of 'filter' cannot be
 * expressed (then 'rules' must not be used). */
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

        for (size_t i = 0; i < n; i++) {
            const struct tmrec_mirror_filter_rule *r = list[i];

            if (!strchr(r->source_cidr_block, ':')
                != !strchr(r->destination_cidr_block, ':')) {
                return xasprintf("rule %s mixes IPv4 and IPv6 blocks",
                                 r->rule_id);
            }
            add_rule(rules, MIRRORD_RULE_NUMBER(r->rule_number),
                     directions[d],
                     !strcmp(r->rule_action, "accept") ? "accept" : "reject",
                     rule_match(r));
        }
    }
    return NULL;
}
