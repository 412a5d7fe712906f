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

#ifndef TM_PARAMS_H
#define TM_PARAMS_H 1

/* The parameters of the Traffic Mirroring actions, in one table.
 *
 * Each entry names a parameter as the EC2 Query API spells it
 * ("PacketLength") and as the AWS CLI does ("packet-length"), says how it is
 * parsed and where it goes in "struct tm_request", the range of an integer
 * (from the generated IDL's column type where the schema constrains the
 * column), which actions take it, and its other roles: a name that
 * RemoveFields may give, a Filters name of Describe actions (matching the
 * member of the described resource named as the API names the parameter),
 * a part of the ClientToken fingerprint.
 *
 * The API parser (api/query.c), mirrorctl's option parser
 * (utilities/mirrorctl-aws.c), the ClientToken fingerprints, the Describe
 * filters and the RemoveFields checks are driven by it, so that adding an
 * optional parameter to an action is one line here plus its handler.
 *
 * Entries of type TM_PT_FIELD are not request parameters but members of
 * described resources (e.g. OwnerId) that Describe actions filter on. */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lib/tm-request.h"

struct ovsdb_idl_column;

/* How a parameter is written and where it goes. */
enum tm_param_type {
    TM_PT_STRING,       /* One string, into a "char *" member. */
    TM_PT_INT,          /* One integer, into an int64_t member with a
                         * "has_" flag. */
    TM_PT_BOOL,         /* DryRun: API "true"/"false", CLI flag. */
    TM_PT_IDS,          /* API Name.N, CLI list: identifiers, into 'ids'. */
    TM_PT_SVEC,         /* API Name.N, CLI list: into a "struct svec". */
    TM_PT_SSET,         /* API Name.N, CLI list: into a "struct sset". */
    TM_PT_PORTS,        /* API Name.FromPort and Name.ToPort, CLI
                         * FromPort=...,ToPort=...: a tm_port_range. */
    TM_PT_FILTERS,      /* Filter.N.Name, Filter.N.Value.M. */
    TM_PT_TAG_SPECS,    /* TagSpecification.N.ResourceType and .Tag.M. */
    TM_PT_TAGS,         /* Tag.N.Key and Tag.N.Value. */
    TM_PT_FIELD,        /* Not a parameter: a Describe filter only. */
};

/* A set of actions, one bit per "enum tm_action". */
#define TM_ACTION_BIT(ACTION) (UINT32_C(1) << (ACTION))

/* A parameter. */
struct tm_param {
    const char *api_name;       /* EC2 Query API name, e.g. "PacketLength"
                                 * (for lists without ".N"). */
    const char *cli_name;       /* AWS CLI option without "--", e.g.
                                 * "packet-length"; also the RemoveFields
                                 * and Filters name. */
    enum tm_param_type type;
    size_t offset;              /* Member of struct tm_request. */
    size_t has_offset;          /* TM_PT_INT: its "has_" flag. */

    /* TM_PT_INT: the range, from 'column' if nonnull, else 'min'..'max'. */
    const struct ovsdb_idl_column *column;
    int64_t min, max;

    uint32_t actions;           /* Actions that take it. */
    uint32_t remove_in;         /* Actions whose RemoveFields may name it. */
    uint32_t filter_in;         /* Describe actions that filter on it. */
    bool fingerprint;           /* Part of the ClientToken fingerprint. */
};

extern const struct tm_param tm_params[];
extern const size_t tm_n_params;

#define TM_PARAM_FOR_EACH(P)                    \
    for ((P) = tm_params;                       \
         (P) < &tm_params[tm_n_params]; (P)++)

bool tm_param_takes(const struct tm_param *, enum tm_action);
bool tm_param_is_set(const struct tm_param *, const struct tm_request *);
void tm_param_range(const struct tm_param *, int64_t *min, int64_t *max);
const struct tm_param *tm_param_find_cli(const char *cli_name);

struct tm_error *tm_params_check(enum tm_action, const struct tm_request *);
bool tm_params_is_filter(enum tm_action, const char *name,
                         const char **memberp);

#endif /* lib/tm-params.h */
