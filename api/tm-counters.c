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

#include "api/tm-counters.h"

#include <string.h>
#include <libxml/xmlwriter.h>

#include "api/http.h"
#include "api/xml.h"
#include "openvswitch/dynamic-string.h"
#include "ovsdb-idl.h"
#include "ovsdb-schema/traffic-mirror-idl.h"
#include "smap.h"
#include "sset.h"
#include "util.h"

/* Session counters, in the order of the response, with their XML names. */
static const struct {
    const char *column_key;
    const char *element;
} session_counters[] = {
    { "packets_in", "packetsIn" },
    { "packets_out", "packetsOut" },
    { "bytes_in", "bytesIn" },
    { "bytes_out", "bytesOut" },
    { "skipped_packets_in", "skippedPacketsIn" },
    { "skipped_packets_out", "skippedPacketsOut" },
    { "skipped_bytes_in", "skippedBytesIn" },
    { "skipped_bytes_out", "skippedBytesOut" },
    { "copied_packets", "copiedPackets" },
    { "copied_bytes", "copiedBytes" },
};

/* Returns true if 'params' ask for DescribeTrafficMirrorCounters. */
bool
api_counters_is_action(const struct smap *params)
{
    const char *action = smap_get(params, "Action");

    return action && !strcmp(action, API_COUNTERS_ACTION);
}

/* Writes element 'name' with integer text 'value'. */
static void
write_int(xmlTextWriterPtr w, const char *name, long long int value)
{
    xmlTextWriterWriteFormatElement(w, BAD_CAST name, "%lld", value);
}

/* Writes the counters of session 's' as one <item>. */
static void
write_session(xmlTextWriterPtr w, const struct tmrec_mirror_session *s)
{
    xmlTextWriterStartElement(w, BAD_CAST "item");
    xmlTextWriterWriteElement(w, BAD_CAST "trafficMirrorSessionId",
                              BAD_CAST s->session_id);
    for (size_t i = 0; i < ARRAY_SIZE(session_counters); i++) {
        for (size_t j = 0; j < s->n_counters; j++) {
            if (!strcmp(s->key_counters[j],
                        session_counters[i].column_key)) {
                write_int(w, session_counters[i].element,
                          s->value_counters[j]);
            }
        }
    }

    xmlTextWriterStartElement(w, BAD_CAST "ruleSet");
    const struct tmrec_mirror_filter *f = s->filter;
    for (int d = 0; f && d < 2; d++) {
        struct tmrec_mirror_filter_rule **rules = d ? f->egress_rules
                                                    : f->ingress_rules;
        size_t n = d ? f->n_egress_rules : f->n_ingress_rules;

        for (size_t i = 0; i < n; i++) {
            const struct tmrec_mirror_filter_rule *r = rules[i];
            long long int hits = 0;

            for (size_t j = 0; j < r->n_hits; j++) {
                hits += r->value_hits[j];
            }
            xmlTextWriterStartElement(w, BAD_CAST "item");
            xmlTextWriterWriteElement(w, BAD_CAST "trafficMirrorFilterRuleId",
                                      BAD_CAST r->rule_id);
            xmlTextWriterWriteElement(w, BAD_CAST "trafficDirection",
                                      BAD_CAST r->traffic_direction);
            write_int(w, "ruleNumber", r->rule_number);
            xmlTextWriterWriteElement(w, BAD_CAST "ruleAction",
                                      BAD_CAST r->rule_action);
            write_int(w, "hits", hits);
            xmlTextWriterEndElement(w);
        }
    }
    xmlTextWriterEndElement(w);
    xmlTextWriterEndElement(w);
}

/* Answers 'http' with AWS error 'code' and 'message' and returns 'code'. */
static const char *
respond_error(struct api_http_request *http, int status, const char *code,
              const char *message, const char *request_id)
{
    api_http_request_respond(http, status, "text/xml",
                             api_xml_error(code, message, request_id));
    return code;
}

/* Answers the DescribeTrafficMirrorCounters request 'http', whose
 * parameters are 'params', from the database that 'idl' mirrors.  Returns
 * NULL on success, otherwise the AWS error code it answered with. */
const char *
api_counters_respond(struct api_http_request *http, struct ovsdb_idl *idl,
                     const struct smap *params, const char *request_id)
{
    struct sset ids = SSET_INITIALIZER(&ids);
    const struct smap_node *node;
    const char *error = NULL;

    SMAP_FOR_EACH (node, params) {
        if (!strncmp(node->key, "TrafficMirrorSessionId.", 23)) {
            sset_add(&ids, node->value);
        } else if (strcmp(node->key, "Action")
                   && strcmp(node->key, "Version")) {
            char *message = xasprintf("The parameter %s is not recognized.",
                                      node->key);
            error = respond_error(http, 400, "UnknownParameter", message,
                                  request_id);
            free(message);
            goto out;
        }
    }
    if (!ovsdb_idl_has_ever_connected(idl)) {
        error = respond_error(http, 503, "Unavailable",
                              "The database is not connected yet.",
                              request_id);
        goto out;
    }

    /* Every id asked for must exist. */
    const struct tmrec_mirror_session *s;
    const char *id;
    SSET_FOR_EACH (id, &ids) {
        bool found = false;
        TMREC_MIRROR_SESSION_FOR_EACH (s, idl) {
            if (!strcmp(s->session_id, id)) {
                found = true;
                break;
            }
        }
        if (!found) {
            char *message = xasprintf("The traffic mirror session '%s' "
                                      "does not exist.", id);
            error = respond_error(http, 400,
                                  "InvalidTrafficMirrorSessionId.NotFound",
                                  message, request_id);
            free(message);
            goto out;
        }
    }

    xmlBufferPtr buf = xmlBufferCreate();
    xmlTextWriterPtr w = xmlNewTextWriterMemory(buf, 0);
    xmlTextWriterStartDocument(w, NULL, "UTF-8", NULL);
    xmlTextWriterStartElement(w, BAD_CAST API_COUNTERS_ACTION "Response");
    xmlTextWriterWriteAttribute(w, BAD_CAST "xmlns",
                                BAD_CAST API_XML_NAMESPACE);
    xmlTextWriterWriteElement(w, BAD_CAST "requestId", BAD_CAST request_id);
    xmlTextWriterStartElement(w, BAD_CAST "trafficMirrorSessionCounterSet");
    TMREC_MIRROR_SESSION_FOR_EACH (s, idl) {
        if (sset_is_empty(&ids) || sset_contains(&ids, s->session_id)) {
            write_session(w, s);
        }
    }
    xmlTextWriterEndDocument(w);
    xmlFreeTextWriter(w);
    api_http_request_respond(http, 200, "text/xml;charset=UTF-8",
                             xstrdup((const char *) xmlBufferContent(buf)));
    xmlBufferFree(buf);

out:
    sset_destroy(&ids);
    return error;
}
