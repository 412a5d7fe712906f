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

#include "lib/tm-check.h"

#include <string.h>

#include "openvswitch/dynamic-string.h"
#include "ovsdb-idl.h"
#include "ovsdb-schema/traffic-mirror-idl.h"
#include "packets.h"
#include "smap.h"
#include "util.h"

/* ------------------------------------------------------------------ */
/* Ranges. */

/* Stores in '*min' and '*max' the range of the integer column 'column' as
 * the schema constrains it: of its values if it is a map with integer
 * values, otherwise of its keys. */
void
tm_column_range(const struct ovsdb_idl_column *column,
                int64_t *min, int64_t *max)
{
    const struct ovsdb_base_type *base
        = (column->type.value.type == OVSDB_TYPE_INTEGER
           ? &column->type.value : &column->type.key);

    ovs_assert(base->type == OVSDB_TYPE_INTEGER);
    *min = base->integer.min;
    *max = base->integer.max;
}

/* Returns an InvalidParameterValue error for 'field' unless 'min' <=
 * 'value' <= 'max'. */
struct tm_error *
tm_check_range(const char *field, int64_t value, int64_t min, int64_t max)
{
    if (value < min || value > max) {
        return tm_error_create_field("InvalidParameterValue", field,
                                     "The value %"PRId64" of %s is out of "
                                     "range: it must be between %"PRId64
                                     " and %"PRId64".",
                                     value, field, min, max);
    }
    return NULL;
}

/* Checks that 'value' of parameter 'field' is within the range that the
 * schema gives integer column 'column'. */
struct tm_error *
tm_check_column_range(const char *field,
                      const struct ovsdb_idl_column *column, int64_t value)
{
    int64_t min, max;

    tm_column_range(column, &min, &max);
    return tm_check_range(field, value, min, max);
}

/* Checks a Description (NULL when there is none): its length is that of the
 * description columns of the schema (all alike). */
struct tm_error *
tm_check_description(const char *description)
{
    unsigned int max
        = tmrec_mirror_session_col_description.type.key.string.maxLen;

    if (description && strlen(description) > max) {
        return tm_error_create_field("InvalidParameterValue", "Description",
                                     "The Description is longer than %u "
                                     "characters.", max);
    }
    return NULL;
}

/* Checks the DryRun flag 'dry_run': when it is set, returns the
 * DryRunOperation error that AWS answers to an allowed request (so a
 * caller checks it last, after everything else passed). */
struct tm_error *
tm_check_dry_run(bool dry_run)
{
    if (dry_run) {
        return tm_error_create("DryRunOperation",
                               "Request would have succeeded, but DryRun "
                               "flag is set.");
    }
    return NULL;
}

/* ------------------------------------------------------------------ */
/* Tags. */

/* Returns the most tags a resource may have (the schema's limit on the
 * tags columns, all alike). */
size_t
tm_tags_max(void)
{
    return tmrec_mirror_session_col_tags.type.n_max;
}

/* Checks that 'tags' are valid tags for one resource: at most
 * tm_tags_max(), keys and values of the lengths that the schema allows,
 * keys that do not start with "aws:". */
struct tm_error *
tm_check_tags(const struct smap *tags)
{
    const struct ovsdb_type *type = &tmrec_mirror_session_col_tags.type;
    struct smap_node *node;

    if (smap_count(tags) > tm_tags_max()) {
        return tm_error_create_field("TagLimitExceeded", "Tags",
                                     "A resource can have at most %"PRIuSIZE
                                     " tags.", tm_tags_max());
    }
    SMAP_FOR_EACH (node, tags) {
        size_t key_len = strlen(node->key);

        if (key_len < type->key.string.minLen
            || key_len > type->key.string.maxLen
            || strlen(node->value) > type->value.string.maxLen) {
            return tm_error_create_field("InvalidParameterValue", "Tags",
                                         "Tag keys must have %u to %u "
                                         "characters and values at most "
                                         "%u.", type->key.string.minLen,
                                         type->key.string.maxLen,
                                         type->value.string.maxLen);
        }
        if (!strncmp(node->key, "aws:", 4)) {
            return tm_error_create_field("InvalidParameterValue", "Tags",
                                         "Tag keys starting with 'aws:' "
                                         "are reserved for internal use.");
        }
    }
    return NULL;
}

/* Checks the TagSpecifications of a request for a resource of type
 * 'expected': its ResourceType 'resource_type' (NULL if not given) and its
 * 'tags'. */
struct tm_error *
tm_check_tag_specification(const char *resource_type, const char *expected,
                           const struct smap *tags)
{
    if (resource_type && strcmp(resource_type, expected)) {
        return tm_error_create_field("InvalidParameterValue",
                                     "TagSpecification",
                                     "'%s' is not a valid taggable resource "
                                     "type for this operation (expected "
                                     "'%s').", resource_type, expected);
    }
    return tm_check_tags(tags);
}

/* ------------------------------------------------------------------ */
/* CIDR blocks. */

/* Parses 'text', the value of parameter 'field', as a CIDR block
 * ADDRESS/PREFIX into '*cidr' (host bits cleared).  Returns NULL, or an
 * InvalidParameterValue error.
 *
 * OVS's parsers do the work; around them, this insists on the AWS form:
 * a decimal prefix length always (no bare address, no netmask), and an
 * IPv4 address written the canonical way (OVS's scanner would read
 * "10.0.0.300" as 10.0.0.44). */
struct tm_error *
tm_cidr_parse(const char *field, const char *text, struct tm_cidr *cidr)
{
    const char *slash = text ? strchr(text, '/') : NULL;
    char *error = NULL;

    memset(cidr, 0, sizeof *cidr);
    if (!slash || !slash[1] || slash[strspn(slash + 1, "0123456789") + 1]
        || strspn(text, "0123456789abcdefABCDEF.:") != slash - text) {
        goto error;
    }

    cidr->ipv6 = memchr(text, ':', slash - text) != NULL;
    if (cidr->ipv6) {
        struct in6_addr addr;

        error = ipv6_parse_cidr(text, &addr, &cidr->plen);
        if (error) {
            goto error;
        }
        struct in6_addr mask = ipv6_create_mask(cidr->plen);
        cidr->ip6 = ipv6_addr_bitand(&addr, &mask);
    } else {
        struct ds canonical = DS_EMPTY_INITIALIZER;
        ovs_be32 addr;
        bool ok;

        error = ip_parse_cidr(text, &addr, &cidr->plen);
        if (error) {
            goto error;
        }
        ds_put_format(&canonical, IP_FMT, IP_ARGS(addr));
        ok = canonical.length == slash - text
             && !memcmp(canonical.string, text, canonical.length);
        ds_destroy(&canonical);
        if (!ok) {
            goto error;
        }
        cidr->ip = addr & be32_prefix_mask(cidr->plen);
    }
    return NULL;

error:
    free(error);
    return tm_error_create_field("InvalidParameterValue", field,
                                 "The %s '%s' is not a valid CIDR block.",
                                 field, text ? text : "");
}

/* Appends 'cidr' to 'ds' in canonical form: the network, "/", the prefix
 * length (always given, even for a single address). */
void
tm_cidr_format(const struct tm_cidr *cidr, struct ds *ds)
{
    if (cidr->ipv6) {
        ipv6_format_addr(&cidr->ip6, ds);
    } else {
        ds_put_format(ds, IP_FMT, IP_ARGS(cidr->ip));
    }
    ds_put_format(ds, "/%u", cidr->plen);
}

/* Checks that the SourceCidrBlock 'source' and the DestinationCidrBlock
 * 'destination' (parsed from 'source_text' and 'destination_text') are of
 * the same address family. */
struct tm_error *
tm_check_cidr_families(const struct tm_cidr *source,
                       const struct tm_cidr *destination,
                       const char *source_text, const char *destination_text)
{
    if (source->ipv6 != destination->ipv6) {
        return tm_error_create_field("InvalidParameterValue",
                                     "DestinationCidrBlock",
                                     "The SourceCidrBlock '%s' and the "
                                     "DestinationCidrBlock '%s' must be of "
                                     "the same address family.",
                                     source_text, destination_text);
    }
    return NULL;
}

/* ------------------------------------------------------------------ */
/* Port ranges. */

/* Reads a port range column of a Mirror_Filter_Rule row ('n' pairs of
 * 'keys', "from" or "to", and 'values') into '*range'.  An empty column is
 * all ports.  Returns NULL, or an InvalidParameterValue error for 'field'
 * if the column holds only one end of the range. */
struct tm_error *
tm_port_range_from_column(const char *field, char **keys,
                          const int64_t *values, size_t n,
                          struct tm_port_range *range)
{
    bool has_from = false, has_to = false;

    memset(range, 0, sizeof *range);
    for (size_t i = 0; i < n; i++) {
        if (!strcmp(keys[i], "from")) {
            range->from = values[i];
            has_from = true;
        } else if (!strcmp(keys[i], "to")) {
            range->to = values[i];
            has_to = true;
        }
    }
    range->set = has_from || has_to;
    if (has_from != has_to) {
        return tm_error_create_field("InvalidParameterValue", field,
                                     "The %s needs both a FromPort and a "
                                     "ToPort.", field);
    }
    return NULL;
}

/* Checks port range 'range' of parameter 'field': both ends within the
 * range of a port column and 'from' <= 'to'. */
struct tm_error *
tm_check_port_range(const char *field, const struct tm_port_range *range)
{
    const struct ovsdb_idl_column *column
        = &tmrec_mirror_filter_rule_col_source_port_range;
    struct tm_error *error;

    if (!range->set) {
        return NULL;
    }
    error = tm_check_column_range(field, column, range->from);
    if (!error) {
        error = tm_check_column_range(field, column, range->to);
    }
    if (!error && range->from > range->to) {
        error = tm_error_create_field("InvalidParameterValue", field,
                                      "The FromPort %"PRId64" of %s is "
                                      "greater than its ToPort %"PRId64".",
                                      range->from, field, range->to);
    }
    return error;
}

/* Checks that port ranges ('source', 'dest') are given only with protocol
 * TCP (6) or UDP (17). */
struct tm_error *
tm_check_ports_protocol(const struct tm_port_range *source,
                        const struct tm_port_range *dest,
                        bool has_protocol, int64_t protocol)
{
    if ((source->set || dest->set)
        && !(has_protocol && (protocol == 6 || protocol == 17))) {
        return tm_error_create_field("InvalidParameterValue",
                                     source->set ? "SourcePortRange"
                                                 : "DestinationPortRange",
                                     "Port ranges are only allowed for the "
                                     "TCP (6) and UDP (17) protocols.");
    }
    return NULL;
}

/* ------------------------------------------------------------------ */
/* Filter rules. */

/* Fills 'rule' with the fields of row 'r'.  Returns NULL, or an error if a
 * port range of 'r' is incomplete (then 'rule' is filled all the same,
 * with the incomplete range as read). */
struct tm_error *
tm_rule_from_row(struct tm_rule *rule,
                 const struct tmrec_mirror_filter_rule *r)
{
    struct tm_error *error;

    memset(rule, 0, sizeof *rule);
    rule->direction = r->traffic_direction;
    rule->number = r->rule_number;
    rule->action = r->rule_action;
    rule->has_protocol = r->n_protocol > 0;
    rule->protocol = r->n_protocol ? r->protocol[0] : 0;
    rule->source_cidr = r->source_cidr_block;
    rule->destination_cidr = r->destination_cidr_block;
    rule->description = r->description;
    error = tm_port_range_from_column("SourcePortRange",
                                      r->key_source_port_range,
                                      r->value_source_port_range,
                                      r->n_source_port_range,
                                      &rule->source_ports);
    struct tm_error *error2 = tm_port_range_from_column(
        "DestinationPortRange", r->key_destination_port_range,
        r->value_destination_port_range, r->n_destination_port_range,
        &rule->destination_ports);
    if (error) {
        tm_error_destroy(error2);
        return error;
    }
    return error2;
}


/* Refuses CIDR block 'text' of 'field', parsed into 'cidr', if its address
 * has host bits set (10.1.2.3/8): a rule's blocks are networks, refused
 * otherwise by every action that takes one (create and modify, through
 * the API and mirrorctl alike) rather than silently narrowed, so that what
 * Describe shows, and what its cidr-block filters match, is what matches
 * packets. */
static struct tm_error *
check_cidr_network(const char *field, const char *text,
                   const struct tm_cidr *cidr)
{
    struct ds network = DS_EMPTY_INITIALIZER;
    struct tm_error *error = NULL;
    unsigned int plen;
    bool host_bits;
    char *e;

    if (cidr->ipv6) {
        struct in6_addr addr;

        e = ipv6_parse_cidr(text, &addr, &plen);
        host_bits = !e && !ipv6_addr_equals(&addr, &cidr->ip6);
    } else {
        ovs_be32 addr;

        e = ip_parse_cidr(text, &addr, &plen);
        host_bits = !e && addr != cidr->ip;
    }
    free(e);
    if (host_bits) {
        tm_cidr_format(cidr, &network);
        error = tm_error_create_field("InvalidParameterValue", field,
                                      "The %s '%s' has host bits set: give "
                                      "the network, '%s'.", field, text,
                                      ds_cstr(&network));
    }
    ds_destroy(&network);
    return error;
}
/* Checks the fields of 'rule' by themselves (not against other rules): the
 * direction and the action, the rule number and protocol ranges, the CIDR
 * blocks (of one family), the port ranges (only with TCP or UDP) and the
 * description, in that order.  On success, stores the parsed CIDR blocks
 * in '*source' and '*destination' if they are nonnull. */
struct tm_error *
tm_check_rule(const struct tm_rule *rule, struct tm_cidr *source,
              struct tm_cidr *destination)
{
    struct tm_cidr src, dst;
    struct tm_error *error;

    if (strcmp(rule->direction, "ingress")
        && strcmp(rule->direction, "egress")) {
        return tm_error_create_field("InvalidParameterValue",
                                     "TrafficDirection",
                                     "The TrafficDirection '%s' is invalid: "
                                     "it must be 'ingress' or 'egress'.",
                                     rule->direction);
    }
    if (strcmp(rule->action, "accept") && strcmp(rule->action, "reject")) {
        return tm_error_create_field("InvalidParameterValue", "RuleAction",
                                     "The RuleAction '%s' is invalid: it "
                                     "must be 'accept' or 'reject'.",
                                     rule->action);
    }
    error = tm_check_column_range("RuleNumber",
                                  &tmrec_mirror_filter_rule_col_rule_number,
                                  rule->number);
    if (!error && rule->has_protocol) {
        error = tm_check_column_range("Protocol",
                                      &tmrec_mirror_filter_rule_col_protocol,
                                      rule->protocol);
    }
    if (!error) {
        error = tm_cidr_parse("SourceCidrBlock", rule->source_cidr, &src);
    }
    if (!error) {
        error = tm_cidr_parse("DestinationCidrBlock", rule->destination_cidr,
                              &dst);
    }
    if (!error) {
        error = check_cidr_network("SourceCidrBlock", rule->source_cidr,
                                   &src);
    }
    if (!error) {
        error = check_cidr_network("DestinationCidrBlock",
                                   rule->destination_cidr, &dst);
    }
    if (!error) {
        error = tm_check_cidr_families(&src, &dst, rule->source_cidr,
                                       rule->destination_cidr);
    }
    if (!error) {
        error = tm_check_port_range("SourcePortRange", &rule->source_ports);
    }
    if (!error) {
        error = tm_check_port_range("DestinationPortRange",
                                    &rule->destination_ports);
    }
    if (!error) {
        error = tm_check_ports_protocol(&rule->source_ports,
                                        &rule->destination_ports,
                                        rule->has_protocol, rule->protocol);
    }
    if (!error) {
        error = tm_check_description(rule->description);
    }
    if (!error) {
        if (source) {
            *source = src;
        }
        if (destination) {
            *destination = dst;
        }
    }
    return error;
}

/* ------------------------------------------------------------------ */
/* Sessions. */

/* Checks session number 'number' for a session of interface 'ni' other
 * than 'self' (NULL for a new session): within the schema's range and not
 * used by another session that 'ni' lists and that names 'ni'. */
struct tm_error *
tm_check_session_number(const struct tmrec_network_interface *ni,
                        const struct tmrec_mirror_session *self,
                        int64_t number)
{
    struct tm_error *error = tm_check_column_range(
        "SessionNumber", &tmrec_mirror_session_col_session_number, number);

    if (error) {
        return error;
    }
    for (size_t i = 0; i < ni->n_sessions; i++) {
        const struct tmrec_mirror_session *s = ni->sessions[i];
        if (s != self && s->session_number == number) {
            return tm_error_create_field("InvalidParameterValue",
                                         "SessionNumber",
                                         "The session number %"PRId64" is "
                                         "already in use on the network "
                                         "interface '%s' by '%s'.", number,
                                         ni->interface_id, s->session_id);
        }
    }
    return NULL;
}

/* Checks that target 't' of a session does not mirror to its own source
 * interface 'source'. */
struct tm_error *
tm_check_source_not_target(const struct tmrec_network_interface *source,
                           const struct tmrec_mirror_target *t)
{
    if (!strcmp(t->type, "network-interface")
        && t->network_interface == source) {
        return tm_error_create_field("InvalidParameterValue",
                                     "TrafficMirrorTargetId",
                                     "The network interface '%s' cannot be "
                                     "both the source and the target of a "
                                     "session.", source->interface_id);
    }
    return NULL;
}

/* Checks that the traffic mirror 'what' ("target" or "filter") 'id' may
 * be deleted: 'user', the first session that uses it, is NULL. */
struct tm_error *
tm_check_not_in_use(const char *what, const char *id,
                    const struct tmrec_mirror_session *user)
{
    if (user) {
        return tm_error_create("DependencyViolation",
                               "The traffic mirror %s '%s' is in use by the "
                               "traffic mirror session '%s'.",
                               what, id, user->session_id);
    }
    return NULL;
}

/* ------------------------------------------------------------------ */
/* Count limits. */

/* A limit: its key in the Global quotas column, its default, and the
 * column whose size the schema caps, if that caps the limit. */
struct tm_limit_def {
    const char *key;
    int64_t dflt;
    const struct ovsdb_idl_column *cap;
};

/* Returns the definition of 'limit'. */
static struct tm_limit_def
tm_limit_def(enum tm_limit limit)
{
    switch (limit) {
    case TM_LIMIT_SESSIONS:
        return (struct tm_limit_def) { "sessions", 10000, NULL };
    case TM_LIMIT_SESSIONS_PER_INTERFACE:
        return (struct tm_limit_def) {
            "sessions_per_interface", INT64_MAX,
            &tmrec_network_interface_col_sessions };
    case TM_LIMIT_TARGETS:
        return (struct tm_limit_def) { "targets", 10000, NULL };
    case TM_LIMIT_SOURCES_PER_TARGET:
        return (struct tm_limit_def) {
            "sources_per_interface_target", 10, NULL };
    case TM_LIMIT_FILTERS:
        return (struct tm_limit_def) { "filters", 10000, NULL };
    case TM_LIMIT_RULES_PER_FILTER:
        return (struct tm_limit_def) {
            "rules_per_filter", INT64_MAX,
            &tmrec_mirror_filter_col_ingress_rules };
    case TM_N_LIMITS:
    default:
        OVS_NOT_REACHED();
    }
}

/* Returns the value of 'limit': the quota that 'global' (which may be NULL)
 * sets, else the default, and never more than the schema allows. */
int64_t
tm_limit(const struct tmrec_global *global, enum tm_limit limit)
{
    struct tm_limit_def def = tm_limit_def(limit);
    int64_t value = def.dflt;

    for (size_t i = 0; global && i < global->n_quotas; i++) {
        if (!strcmp(global->key_quotas[i], def.key)) {
            value = global->value_quotas[i];
            break;
        }
    }
    if (def.cap) {
        value = MIN(value, def.cap->type.n_max);
    }
    return value;
}

/* Returns the error for a source interface 'ni' that has reached its limit
 * of 'max' sessions. */
static struct tm_error *
sessions_per_interface_error(const struct tmrec_network_interface *ni,
                             int64_t max)
{
    return tm_error_create_field(
        "TrafficMirrorSessionsPerInterfaceLimitExceeded",
        "NetworkInterfaceId",
        "The network interface '%s' already has the maximum of %"PRId64
        " traffic mirror sessions.", ni->interface_id, max);
}

/* Checks that interface 'ni' may take one more session, 'max' being its
 * limit (see tm_limit()). */
struct tm_error *
tm_check_interface_has_room(const struct tmrec_network_interface *ni,
                            int64_t max)
{
    return (ni->n_sessions >= max
            ? sessions_per_interface_error(ni, max) : NULL);
}

/* Checks that session 's', listed by interface 'ni', is within the limit
 * of 'max' sessions of 'ni': a row that a controller wrote past the limit
 * is judged as the request that would have created it, the sessions with
 * the lowest session numbers being the ones that fit. */
struct tm_error *
tm_check_session_within_limit(const struct tmrec_network_interface *ni,
                              const struct tmrec_mirror_session *s,
                              int64_t max)
{
    int64_t n_before = 0;

    for (size_t i = 0; i < ni->n_sessions; i++) {
        const struct tmrec_mirror_session *other = ni->sessions[i];

        if (other != s
            && (other->session_number < s->session_number
                || (other->session_number == s->session_number
                    && strcmp(other->session_id, s->session_id) < 0))) {
            n_before++;
        }
    }
    return n_before >= max ? sessions_per_interface_error(ni, max) : NULL;
}

/* Checks that filter 'f' may hold one more rule in 'direction' ('self', a
 * rule moving there, is not counted; NULL for a new rule), 'max' being
 * its limit (see tm_limit()). */
struct tm_error *
tm_check_filter_has_room(const struct tmrec_mirror_filter *f,
                         const char *direction,
                         const struct tmrec_mirror_filter_rule *self,
                         int64_t max)
{
    bool ingress = !strcmp(direction, "ingress");
    struct tmrec_mirror_filter_rule **rules
        = ingress ? f->ingress_rules : f->egress_rules;
    size_t n_rules = ingress ? f->n_ingress_rules : f->n_egress_rules;
    int64_t n = 0;

    for (size_t i = 0; i < n_rules; i++) {
        n += rules[i] != self;
    }
    if (n >= max) {
        return tm_error_create_field("TrafficMirrorFilterRuleLimitExceeded",
                                     "TrafficMirrorFilterId",
                                     "The filter '%s' already has the "
                                     "maximum of %"PRId64" %s rules.",
                                     f->filter_id, max, direction);
    }
    return NULL;
}
