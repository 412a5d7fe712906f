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

#ifndef TM_CHECK_H
#define TM_CHECK_H 1

/* The field and row checks of Traffic Mirroring, in one place.
 *
 * Each check takes plain values, so that it judges a request's parameters
 * and a Traffic_Mirror row alike: libtrafficmirror calls these functions
 * on the parameters of an API request before it writes anything, and
 * mirrord calls the same functions on the rows it finds in the database
 * (a controller may write them directly), so that a row is judged exactly
 * as the request that would have written it.
 *
 * Every check returns NULL when the value passes, otherwise a
 * "struct tm_error" (see lib/tm-error.h) carrying the AWS error code, the
 * parameter at fault (its EC2 API name, e.g. "SourceCidrBlock") and a
 * sentence; the caller formats it in its own way and frees it with
 * tm_error_destroy().
 *
 * Ranges are not written here: where the Traffic_Mirror schema constrains
 * a column, the range comes from the generated IDL's column type (so the
 * schema is the one place that holds it).
 *
 * Summary:
 *
 *   Ranges:      tm_column_range(), tm_check_range(),
 *                tm_check_column_range(), tm_check_description().
 *   CIDR blocks: tm_cidr_parse(), tm_cidr_format(),
 *                tm_check_cidr_families().
 *   Ports:       tm_port_range_from_column(), tm_check_port_range(),
 *                tm_check_ports_protocol().
 *   Rules:       tm_rule_from_row(), tm_check_rule().
 *   Sessions:    tm_check_session_number(), tm_check_source_not_target().
 *   Limits:      tm_limit(), tm_check_interface_has_room(),
 *                tm_check_session_within_limit(), tm_check_filter_has_room().
 */

#include <netinet/in.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lib/tm-error.h"
#include "openvswitch/types.h"

struct ds;
struct ovsdb_idl_column;
struct tmrec_global;
struct tmrec_mirror_filter;
struct tmrec_mirror_filter_rule;
struct tmrec_mirror_session;
struct tmrec_mirror_target;
struct tmrec_network_interface;

/* Ranges. */
void tm_column_range(const struct ovsdb_idl_column *,
                     int64_t *min, int64_t *max);
struct tm_error *tm_check_range(const char *field, int64_t value,
                                int64_t min, int64_t max);
struct tm_error *tm_check_column_range(const char *field,
                                       const struct ovsdb_idl_column *,
                                       int64_t value);
struct tm_error *tm_check_description(const char *description);

/* CIDR blocks.
 *
 * A CIDR block is written ADDRESS/PREFIX, an IPv4 or IPv6 address and a
 * prefix length in decimal.  The parsed form holds the network, that is
 * the address with its host bits cleared. */
struct tm_cidr {
    bool ipv6;                  /* IPv6 (true) or IPv4 (false). */
    ovs_be32 ip;                /* Network, if IPv4. */
    struct in6_addr ip6;        /* Network, if IPv6. */
    unsigned int plen;          /* Prefix length. */
};

struct tm_error *tm_cidr_parse(const char *field, const char *text,
                               struct tm_cidr *);
void tm_cidr_format(const struct tm_cidr *, struct ds *);
struct tm_error *tm_check_cidr_families(const struct tm_cidr *source,
                                        const struct tm_cidr *destination,
                                        const char *source_text,
                                        const char *destination_text);

/* Port ranges: SourcePortRange and DestinationPortRange. */
struct tm_port_range {
    bool set;                   /* False if the request did not give one
                                 * (all ports). */
    int64_t from;               /* FromPort. */
    int64_t to;                 /* ToPort. */
};

struct tm_error *tm_port_range_from_column(const char *field, char **keys,
                                           const int64_t *values, size_t n,
                                           struct tm_port_range *);
struct tm_error *tm_check_port_range(const char *field,
                                     const struct tm_port_range *);
struct tm_error *tm_check_ports_protocol(const struct tm_port_range *source,
                                         const struct tm_port_range *dest,
                                         bool has_protocol,
                                         int64_t protocol);

/* Filter rules: the fields of a rule, as a request gives them or as a
 * Mirror_Filter_Rule row holds them. */
struct tm_rule {
    const char *direction;      /* TrafficDirection: "ingress", "egress". */
    int64_t number;             /* RuleNumber. */
    const char *action;         /* RuleAction: "accept", "reject". */
    bool has_protocol;          /* False: all protocols. */
    int64_t protocol;           /* Protocol. */
    const char *source_cidr;    /* SourceCidrBlock. */
    const char *destination_cidr;       /* DestinationCidrBlock. */
    struct tm_port_range source_ports;      /* SourcePortRange. */
    struct tm_port_range destination_ports; /* DestinationPortRange. */
    const char *description;    /* Description, or NULL. */
};

struct tm_error *tm_rule_from_row(struct tm_rule *,
                                  const struct tmrec_mirror_filter_rule *);
struct tm_error *tm_check_rule(const struct tm_rule *,
                               struct tm_cidr *source,
                               struct tm_cidr *destination);

/* Sessions. */
struct tm_error *tm_check_session_number(
    const struct tmrec_network_interface *,
    const struct tmrec_mirror_session *self, int64_t number);
struct tm_error *tm_check_source_not_target(
    const struct tmrec_network_interface *source,
    const struct tmrec_mirror_target *);

/* Count limits ("quotas"): the Global table's quotas column may lower
 * them; where the schema caps a column's size, that is the hard limit. */
enum tm_limit {
    TM_LIMIT_SESSIONS,                  /* Sessions in the account. */
    TM_LIMIT_SESSIONS_PER_INTERFACE,    /* Sessions per source interface. */
    TM_LIMIT_TARGETS,                   /* Targets in the account. */
    TM_LIMIT_SOURCES_PER_TARGET,        /* Source interfaces per interface
                                         * target. */
    TM_LIMIT_FILTERS,                   /* Filters in the account. */
    TM_LIMIT_RULES_PER_FILTER,          /* Rules per filter and direction. */
    TM_N_LIMITS
};

int64_t tm_limit(const struct tmrec_global *, enum tm_limit);
struct tm_error *tm_check_interface_has_room(
    const struct tmrec_network_interface *, int64_t max);
struct tm_error *tm_check_session_within_limit(
    const struct tmrec_network_interface *,
    const struct tmrec_mirror_session *, int64_t max);
struct tm_error *tm_check_filter_has_room(
    const struct tmrec_mirror_filter *, const char *direction,
    const struct tmrec_mirror_filter_rule *self, int64_t max);

#endif /* lib/tm-check.h */
