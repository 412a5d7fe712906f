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

#include "utilities/mirrorctl-output.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "openvswitch/dynamic-string.h"
#include "openvswitch/json.h"
#include "openvswitch/shash.h"
#include "sset.h"
#include "util.h"
#include "utilities/mirrorctl-members.h"
#include "utilities/mirrorctl-query.h"
#include "utilities/mirrorctl-table.h"

/* The output options given before the command names, which each command's
 * own --output and --query override. */
static const char *default_format = "json";
static const char *default_query;

/* Checks that 'format' is an --output format that mirrorctl supports. */
char *
mirrorctl_check_output_format(const char *format)
{
    if (strcmp(format, "json") && strcmp(format, "text")
        && strcmp(format, "table")) {
        return xasprintf("argument --output: invalid choice: '%s' (choose "
                         "from 'json', 'text', 'table')", format);
    }
    return NULL;
}

/* Sets the output options given before the command names: 'format' (NULL
 * for "json") and 'query' (NULL for none). */
void
mirrorctl_output_set_defaults(const char *format, const char *query)
{
    default_format = format ? format : "json";
    default_query = query;
}

/* Takes the output options "--output FORMAT" and "--query EXPRESSION" (or
 * "--output=FORMAT", "--query=EXPRESSION") out of the '*argcp' options in
 * 'argv', in place, and stores them, or the defaults, in '*output'.
 * Returns NULL, or an error message for the user (a bad --query
 * expression gets the AWS CLI's "Bad value for --query" message): nothing
 * must be done then. */
char *
mirrorctl_output_parse(int *argcp, char *argv[],
                       struct mirrorctl_output *output)
{
    int argc = *argcp;
    int n = 0;

    output->format = default_format;
    output->query = default_query;
    for (int i = 0; i < argc; i++) {
        if (!strcmp(argv[i], "--query")) {
            if (i + 1 >= argc) {
                return xstrdup("aws: error: argument --query: expected one "
                               "argument");
            }
            output->query = argv[++i];
        } else if (!strncmp(argv[i], "--query=", 8)) {
            output->query = argv[i] + 8;
        } else if (!strcmp(argv[i], "--output")
                   || !strncmp(argv[i], "--output=", 9)) {
            int n_values = 0;

            if (argv[i][8] == '=') {
                output->format = argv[i] + 9;
            } else {
                while (i + 1 + n_values < argc
                       && strncmp(argv[i + 1 + n_values], "--", 2)) {
                    n_values++;
                }
                if (n_values != 1) {
                    return xstrdup("aws: error: argument --output: expected "
                                   "one argument");
                }
                output->format = argv[++i];
            }
            char *error = mirrorctl_check_output_format(output->format);
            if (error) {
                char *e = xasprintf("aws: error: %s", error);
                free(error);
                return e;
            }
        } else {
            argv[n++] = argv[i];
        }
    }
    *argcp = n;

    if (output->query) {
        struct json *null = json_null_create(), *result;
        char *error = mirrorctl_query(output->query, null, &result);

        json_destroy(null);
        json_destroy(result);
        if (error) {
            return error;
        }
    }
    return NULL;
}

/* Appends 'response' of operation 'title' to 'out' as 'output' says: what
 * its --query picks from it, in its --output format. */
void
mirrorctl_output_print(const struct mirrorctl_output *output,
                       const struct json *response, const char *title,
                       struct ds *out)
{
    struct json *picked = NULL;

    /* The result may share 'response' (json_clone() only takes a
     * reference), so it is released whether or not it is the same. */
    if (output->query) {
        free(mirrorctl_query(output->query, response, &picked));
    }
    mirrorctl_format_response(picked ? picked : response, title,
                              output->format, out);
    json_destroy(picked);
}

/* Returns true if 'j' is a string, a number, a boolean or null. */
static bool
is_scalar(const struct json *j)
{
    return j->type != JSON_OBJECT && j->type != JSON_ARRAY;
}

/* Appends the text form of scalar 'j' to 'out', as the AWS CLI's text
 * output writes it (Python's str()): strings bare, booleans "True" and
 * "False", null "None". */
static void
put_scalar(const struct json *j, struct ds *out)
{
    switch (j->type) {
    case JSON_STRING:
        ds_put_cstr(out, j->string);
        break;
    case JSON_TRUE:
        ds_put_cstr(out, "True");
        break;
    case JSON_FALSE:
        ds_put_cstr(out, "False");
        break;
    case JSON_NULL:
        ds_put_cstr(out, "None");
        break;
    default:
        json_to_ds(j, JSSF_SORT, out);
        break;
    }
}

/* Appends 'name' in upper case to 'out'. */
static void
put_upper(const char *name, struct ds *out)
{
    for (const char *p = name; *p; p++) {
        ds_put_char(out, toupper((unsigned char) *p));
    }
}

static void format_text(const struct json *, const char *name,
                        const struct sset *columns, struct ds *);

/* Appends the scalars 'elems' ('n' of them) of a list named 'name' (NULL
 * at the top) in the AWS CLI's text form: one "NAME<tab>value" line
 * each, or, for a list with no name, one line of tab-separated values. */
static void
format_text_scalars(struct json **elems, size_t n, const char *name,
                    struct ds *out)
{
    for (size_t i = 0; i < n; i++) {
        if (name) {
            put_upper(name, out);
            ds_put_char(out, '\t');
        } else if (i) {
            ds_put_char(out, '\t');
        }
        put_scalar(elems[i], out);
        if (name) {
            ds_put_char(out, '\n');
        }
    }
    if (!name && n) {
        ds_put_char(out, '\n');
    }
}

/* Appends list 'j' named 'name' in the AWS CLI's text form.  When some
 * elements are objects, every object prints a column for every key that
 * has a scalar value in some element, empty where it has none, so that
 * "cut -f N" picks the same field on every line.  Otherwise its scalars
 * come first, then its nested lists. */
static void
format_text_list(const struct json *j, const char *name, struct ds *out)
{
    bool any_object = false, any_array = false;

    for (size_t i = 0; i < j->array.n; i++) {
        any_object |= j->array.elems[i]->type == JSON_OBJECT;
        any_array |= j->array.elems[i]->type == JSON_ARRAY;
    }
    if (any_object) {
        struct sset columns = SSET_INITIALIZER(&columns);

        for (size_t i = 0; i < j->array.n; i++) {
            const struct json *e = j->array.elems[i];
            const struct shash_node *node;

            if (e->type == JSON_OBJECT) {
                SHASH_FOR_EACH (node, json_object(e)) {
                    if (is_scalar(node->data)) {
                        sset_add(&columns, node->name);
                    }
                }
            }
        }
        for (size_t i = 0; i < j->array.n; i++) {
            format_text(j->array.elems[i], name, &columns, out);
        }
        sset_destroy(&columns);
    } else if (any_array) {
        struct json **scalars = xmalloc(j->array.n * sizeof *scalars);
        size_t n = 0;

        for (size_t i = 0; i < j->array.n; i++) {
            if (is_scalar(j->array.elems[i])) {
                scalars[n++] = j->array.elems[i];
            }
        }
        format_text_scalars(scalars, n, name, out);
        free(scalars);
        for (size_t i = 0; i < j->array.n; i++) {
            if (!is_scalar(j->array.elems[i])) {
                format_text(j->array.elems[i], name, NULL, out);
            }
        }
    } else {
        format_text_scalars(j->array.elems, j->array.n, name, out);
    }
}

/* Appends object 'j' named 'name' in the AWS CLI's text form: one line
 * with its name in upper case and its scalar members in key order, or the
 * members named in 'columns' if nonnull (empty where 'j' has none); then
 * each of its other members, in key order. */
static void
format_text_object(const struct json *j, const char *name,
                   const struct sset *columns, struct ds *out)
{
    const struct shash_node **nodes = shash_sort(json_object(j));
    size_t n = shash_count(json_object(j));
    struct ds line = DS_EMPTY_INITIALIZER;
    size_t n_values = 0;

    if (columns) {
        const char **names = sset_sort(columns);

        for (size_t i = 0; i < sset_count(columns); i++) {
            const struct json *m = shash_find_data(json_object(j), names[i]);

            if (n_values++) {
                ds_put_char(&line, '\t');
            }
            if (m && is_scalar(m)) {
                put_scalar(m, &line);
            } else if (m) {
                json_to_ds(m, JSSF_SORT, &line);
            }
        }
        free(names);
    } else {
        for (size_t i = 0; i < n; i++) {
            if (is_scalar(nodes[i]->data)) {
                if (n_values++) {
                    ds_put_char(&line, '\t');
                }
                put_scalar(nodes[i]->data, &line);
            }
        }
    }
    if (n_values) {
        if (name) {
            put_upper(name, out);
            ds_put_char(out, '\t');
        }
        ds_put_format(out, "%s\n", ds_cstr(&line));
    }
    ds_destroy(&line);

    for (size_t i = 0; i < n; i++) {
        bool in_line = (columns ? sset_contains(columns, nodes[i]->name)
                        : is_scalar(nodes[i]->data));
        if (!in_line) {
            format_text(nodes[i]->data, nodes[i]->name, NULL, out);
        }
    }
    free(nodes);
}

/* Appends the AWS CLI "text" form of 'j', named 'name' (NULL at the top),
 * to 'out'.  'columns', if nonnull, are the scalar keys of the list 'j'
 * is in (see format_text_list()). */
static void
format_text(const struct json *j, const char *name,
            const struct sset *columns, struct ds *out)
{
    if (j->type == JSON_ARRAY) {
        format_text_list(j, name, out);
    } else if (j->type == JSON_OBJECT) {
        format_text_object(j, name, columns, out);
    } else {
        put_scalar(j, out);
        ds_put_char(out, '\n');
    }
}

/* Appends 'n' copies of 'c' to 'out'. */
static void
put_repeat(struct ds *out, char c, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        ds_put_char(out, c);
    }
}

/* Appends 'j' to 'out' as the AWS CLI prints JSON: members in the API
 * model's order (see mirrorctl-members.c), indented by 4 spaces per level
 * ('level' is the current level). */
static void
format_json(const struct json *j, int level, struct ds *out)
{
    if (j->type == JSON_OBJECT) {
        const struct shash_node **nodes = mirrorctl_members_sort(j);
        size_t n = shash_count(json_object(j));

        if (!n) {
            ds_put_cstr(out, "{}");
            free(nodes);
            return;
        }
        ds_put_cstr(out, "{\n");
        for (size_t i = 0; i < n; i++) {
            put_repeat(out, ' ', 4 * (level + 1));
            json_string_escape(nodes[i]->name, out);
            ds_put_cstr(out, ": ");
            format_json(nodes[i]->data, level + 1, out);
            ds_put_cstr(out, i + 1 < n ? ",\n" : "\n");
        }
        put_repeat(out, ' ', 4 * level);
        ds_put_char(out, '}');
        free(nodes);
    } else if (j->type == JSON_ARRAY) {
        if (!j->array.n) {
            ds_put_cstr(out, "[]");
            return;
        }
        ds_put_cstr(out, "[\n");
        for (size_t i = 0; i < j->array.n; i++) {
            put_repeat(out, ' ', 4 * (level + 1));
            format_json(j->array.elems[i], level + 1, out);
            ds_put_cstr(out, i + 1 < j->array.n ? ",\n" : "\n");
        }
        put_repeat(out, ' ', 4 * level);
        ds_put_char(out, ']');
    } else {
        json_to_ds(j, 0, out);
    }
}

/* Appends 'response' of operation 'title' (e.g. "DescribeLoadBalancers")
 * to 'out' in 'format' ("json", "text" or "table"). */
void
mirrorctl_format_response(const struct json *response, const char *title,
                          const char *format, struct ds *out)
{
    if (!strcmp(format, "text")) {
        format_text(response, NULL, NULL, out);
    } else if (!strcmp(format, "table")) {
        mirrorctl_format_table(response, title, mirrorctl_terminal_width(),
                               out);
    } else {
        format_json(response, 0, out);
        ds_put_char(out, '\n');
    }
}
