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

#include "api/xml.h"

#include <ctype.h>
#include <string.h>
#include <libxml/chvalid.h>
#include <libxml/xmlstring.h>
#include <libxml/xmlwriter.h>

#include "openvswitch/dynamic-string.h"
#include "openvswitch/json.h"
#include "openvswitch/shash.h"
#include "util.h"

/* Returns the XML element name of JSON member 'name': lowerCamelCase, and
 * for a list ('is_list') the singular with "Set" ("TrafficMirrorSessions"
 * becomes "trafficMirrorSessionSet"). */
static char *
element_name(const char *name, bool is_list)
{
    struct ds s = DS_EMPTY_INITIALIZER;
    size_t len = strlen(name);

    if (is_list && len > 1 && name[len - 1] == 's') {
        len--;
    }
    ds_put_buffer(&s, name, len);
    if (s.length) {
        s.string[0] = tolower((unsigned char) s.string[0]);
    }
    if (is_list) {
        ds_put_cstr(&s, "Set");
    }
    return ds_steal_cstr(&s);
}

/* Returns the length of the UTF-8 sequence at 's' (NUL-terminated) if it
 * encodes a character that XML allows (libxml2's xmlGetUTF8Char() and
 * xmlIsCharQ()), in its shortest form, otherwise 0. */
static size_t
xml_char_len(const unsigned char *s)
{
    int len = 0;
    int c;

    while (len < 4 && s[len]) {
        len++;
    }
    c = xmlGetUTF8Char(s, &len);

    if (c < 0 || !xmlIsCharQ(c)
        || len != (c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4)) {
        return 0;
    }
    return len;
}

/* Writes 's' as text, with every byte that is not part of a character
 * allowed in XML (invalid UTF-8, control characters) replaced by U+FFFD,
 * so that the document stays well-formed whatever a request contained. */
static void
write_text(xmlTextWriterPtr w, const char *s)
{
    const unsigned char *p = (const unsigned char *) s;
    struct ds text = DS_EMPTY_INITIALIZER;

    while (*p) {
        size_t n = xml_char_len(p);
        if (n) {
            ds_put_buffer(&text, (const char *) p, n);
            p += n;
        } else {
            ds_put_cstr(&text, "\xef\xbf\xbd");
            p++;
        }
    }
    xmlTextWriterWriteString(w, BAD_CAST ds_cstr(&text));
    ds_destroy(&text);
}

/* Writes element 'name' with text 's' (see write_text()). */
static void
write_text_element(xmlTextWriterPtr w, const char *name, const char *s)
{
    xmlTextWriterStartElement(w, BAD_CAST name);
    write_text(w, s);
    xmlTextWriterEndElement(w);
}

static void write_members(xmlTextWriterPtr, const struct json *object);

/* Writes the content of JSON value 'value' (the text of a scalar, the
 * members of an object, the <item>s of a list). */
static void
write_value(xmlTextWriterPtr w, const struct json *value)
{
    switch (value->type) {
    case JSON_OBJECT:
        write_members(w, value);
        break;
    case JSON_ARRAY:
        for (size_t i = 0; i < value->array.n; i++) {
            xmlTextWriterStartElement(w, BAD_CAST "item");
            write_value(w, value->array.elems[i]);
            xmlTextWriterEndElement(w);
        }
        break;
    case JSON_STRING:
        write_text(w, json_string(value));
        break;
    case JSON_INTEGER:
    case JSON_REAL:
    case JSON_TRUE:
    case JSON_FALSE: {
        char *s = json_to_string(value, 0);
        xmlTextWriterWriteString(w, BAD_CAST s);
        free(s);
        break;
    }
    case JSON_NULL:
    case JSON_N_TYPES:
    default:
        break;
    }
}

/* Writes the members of JSON 'object' as elements, in name order. */
static void
write_members(xmlTextWriterPtr w, const struct json *object)
{
    const struct shash_node **nodes = shash_sort(json_object(object));
    size_t n = shash_count(json_object(object));

    for (size_t i = 0; i < n; i++) {
        const struct json *value = nodes[i]->data;
        char *name;

        if (value->type == JSON_NULL) {
            continue;
        }
        name = element_name(nodes[i]->name, value->type == JSON_ARRAY);
        xmlTextWriterStartElement(w, BAD_CAST name);
        write_value(w, value);
        xmlTextWriterEndElement(w);
        free(name);
    }
    free(nodes);
}

/* Starts an XML document in a new buffer: returns the writer and stores
 * the buffer into '*bufp'. */
static xmlTextWriterPtr
start_document(xmlBufferPtr *bufp)
{
    xmlBufferPtr buf = xmlBufferCreate();
    xmlTextWriterPtr w = xmlNewTextWriterMemory(buf, 0);

    if (!w) {
        out_of_memory();
    }
    xmlTextWriterStartDocument(w, NULL, "UTF-8", NULL);
    *bufp = buf;
    return w;
}

/* Ends the document of 'w' and returns the text of 'buf' (for the caller to
 * free), freeing both. */
static char *
finish_document(xmlTextWriterPtr w, xmlBufferPtr buf)
{
    char *s;

    xmlTextWriterEndDocument(w);
    xmlFreeTextWriter(w);
    s = xstrdup((const char *) xmlBufferContent(buf));
    xmlBufferFree(buf);
    return s;
}

/* Returns the XML response (for the caller to free) of 'action' whose
 * libtrafficmirror JSON response is 'response', for request 'request_id'. */
char *
api_xml_response(enum tm_action action, const struct json *response,
                 const char *request_id)
{
    xmlBufferPtr buf;
    xmlTextWriterPtr w = start_document(&buf);
    char *root = xasprintf("%sResponse", tm_action_name(action));

    xmlTextWriterStartElementNS(w, NULL, BAD_CAST root,
                                BAD_CAST API_XML_NAMESPACE);
    xmlTextWriterWriteElement(w, BAD_CAST "requestId", BAD_CAST request_id);
    if (response && response->type == JSON_OBJECT) {
        write_members(w, response);
    }
    xmlTextWriterEndElement(w);
    free(root);
    return finish_document(w, buf);
}

/* Returns the XML error response (for the caller to free) with AWS error
 * 'code' and 'message', for request 'request_id'. */
char *
api_xml_error(const char *code, const char *message, const char *request_id)
{
    xmlBufferPtr buf;
    xmlTextWriterPtr w = start_document(&buf);

    xmlTextWriterStartElement(w, BAD_CAST "Response");
    xmlTextWriterStartElement(w, BAD_CAST "Errors");
    xmlTextWriterStartElement(w, BAD_CAST "Error");
    write_text_element(w, "Code", code);
    write_text_element(w, "Message", message);
    xmlTextWriterEndElement(w);
    xmlTextWriterEndElement(w);
    xmlTextWriterWriteElement(w, BAD_CAST "RequestID", BAD_CAST request_id);
    xmlTextWriterEndElement(w);
    return finish_document(w, buf);
}
