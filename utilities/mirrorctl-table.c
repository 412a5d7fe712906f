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

#include "utilities/mirrorctl-table.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "openvswitch/dynamic-string.h"
#include "openvswitch/json.h"
#include "openvswitch/shash.h"
#include "svec.h"
#include "util.h"

/* The AWS CLI's "--output table" layout (its awscli/table.py and
 * TableFormatter), rebuilt here so that scripts and people see the same
 * tables: the answer is cut into sections, one per object or list of
 * objects, each with a centred title, a row of column headers (the keys
 * with scalar values, in key order) and rows of values, nested sections
 * indented by a '|' on each side.  Columns are stretched to the width of
 * the widest section; when that is wider than the terminal (80 columns
 * when the output is not a terminal), sections of one row are turned into
 * two-column "key | value" sections.  Widths count characters, where the
 * AWS CLI counts East Asian wide characters twice. */

/* One section of the table. */
struct section {
    char *title;                /* NULL if none (counts as "None"). */
    int indent;                 /* Nesting level. */
    struct svec headers;
    struct svec *rows;
    size_t n_rows, allocated_rows;
    size_t *widths;             /* Widest cell of each column. */
    size_t n_columns;
};

/* The sections of one table. */
struct table {
    struct section **sections;
    size_t n, allocated;
};

/* Returns the width of UTF-8 string 's' in characters. */
static size_t
text_width(const char *s)
{
    size_t n = 0;

    for (; *s; s++) {
        n += (*s & 0xc0) != 0x80;
    }
    return n;
}

/* Returns the width of the title of 's', as the AWS CLI measures it. */
static size_t
title_width(const struct section *s)
{
    return s->title ? text_width(s->title) : strlen("None");
}

/* Starts a new section titled 'title' (may be NULL) at nesting level
 * 'indent' and returns it. */
static struct section *
new_section(struct table *t, const char *title, int indent)
{
    struct section *s = xzalloc(sizeof *s);

    s->title = nullable_xstrdup(title);
    s->indent = indent;
    svec_init(&s->headers);
    if (t->n >= t->allocated) {
        t->sections = x2nrealloc(t->sections, &t->allocated,
                                 sizeof *t->sections);
    }
    t->sections[t->n++] = s;
    return s;
}

/* Returns the current section of 't', starting an untitled one if there
 * is none yet. */
static struct section *
current(struct table *t)
{
    return t->n ? t->sections[t->n - 1] : new_section(t, NULL, 0);
}

/* Widens the columns of 's' to fit 'cells'. */
static void
update_widths(struct section *s, const struct svec *cells)
{
    if (!s->n_columns) {
        s->n_columns = cells->n;
        s->widths = xcalloc(cells->n + 1, sizeof *s->widths);
    }
    for (size_t i = 0; i < cells->n && i < s->n_columns; i++) {
        s->widths[i] = MAX(s->widths[i], text_width(cells->names[i]));
    }
}

/* Sets the column headers of the current section to 'headers'. */
static void
add_headers(struct table *t, const struct svec *headers)
{
    struct section *s = current(t);

    update_widths(s, headers);
    svec_destroy(&s->headers);
    svec_clone(&s->headers, headers);
}

/* Adds row 'cells' to section 's', taking its strings. */
static void
add_row_to(struct section *s, struct svec *cells)
{
    update_widths(s, cells);
    if (s->n_rows >= s->allocated_rows) {
        s->rows = x2nrealloc(s->rows, &s->allocated_rows, sizeof *s->rows);
    }
    s->rows[s->n_rows++] = *cells;
    svec_init(cells);
}

/* Adds row 'cells' to the current section of 't', taking its strings. */
static void
add_row(struct table *t, struct svec *cells)
{
    add_row_to(current(t), cells);
}

/* Returns true if 'j' is neither an object nor an array. */
static bool
is_scalar(const struct json *j)
{
    return j->type != JSON_OBJECT && j->type != JSON_ARRAY;
}

/* Adds the text of scalar 'j' to 'cells', as Python's str() writes it. */
static void
add_cell(struct svec *cells, const struct json *j)
{
    switch (j->type) {
    case JSON_STRING:
        svec_add(cells, json_string(j));
        break;
    case JSON_TRUE:
        svec_add(cells, "True");
        break;
    case JSON_FALSE:
        svec_add(cells, "False");
        break;
    case JSON_NULL:
        svec_add(cells, "None");
        break;
    default:
        svec_add_nocopy(cells, json_to_string(j, JSSF_SORT));
        break;
    }
}

/* Returns true if 'j' is empty, as Python's "not j" says. */
static bool
is_empty(const struct json *j)
{
    switch (j->type) {
    case JSON_NULL: case JSON_FALSE: return true;
    case JSON_OBJECT: return shash_is_empty(j->object);
    case JSON_ARRAY: return !j->array.n;
    case JSON_STRING: return !json_string(j)[0];
    case JSON_INTEGER: return !j->integer;
    case JSON_REAL: return j->real == 0;
    default: return false;
    }
}

/* Adds the keys of object 'j' to 'headers' (scalar values) and 'more'
 * (the others). */
static void
group_keys(const struct json *j, struct svec *headers, struct svec *more)
{
    const struct shash_node *node;

    SHASH_FOR_EACH (node, json_object(j)) {
        svec_add(is_scalar(node->data) ? headers : more, node->name);
    }
}

static bool build_table(struct table *, const char *title,
                        const struct json *, int indent);

/* Adds object 'j': its scalars as one row under their keys (or a "key |
 * value" row if it has only one), then a nested section for each of its
 * other members. */
static void
build_from_object(struct table *t, const struct json *j, int indent)
{
    struct svec headers, more, row;

    svec_init(&headers);
    svec_init(&more);
    svec_init(&row);
    group_keys(j, &headers, &more);
    svec_sort(&headers);
    svec_sort(&more);
    if (headers.n == 1) {
        svec_add(&row, headers.names[0]);
        add_cell(&row, shash_find_data(json_object(j), headers.names[0]));
        add_row(t, &row);
    } else if (headers.n) {
        add_headers(t, &headers);
        for (size_t i = 0; i < headers.n; i++) {
            add_cell(&row, shash_find_data(json_object(j),
                                           headers.names[i]));
        }
        add_row(t, &row);
    }
    for (size_t i = 0; i < more.n; i++) {
        build_table(t, more.names[i],
                    shash_find_data(json_object(j), more.names[i]),
                    indent + 1);
    }
    svec_destroy(&headers);
    svec_destroy(&more);
    svec_destroy(&row);
}

/* Adds list of objects 'j' titled 'title': one row per element under the
 * keys with scalar values in any element, each element's other members in
 * nested sections (and then the next element in a new section). */
static void
build_from_list(struct table *t, const struct json *j, const char *title,
                int indent)
{
    struct svec headers, more;

    svec_init(&headers);
    svec_init(&more);
    for (size_t i = 0; i < j->array.n; i++) {
        if (j->array.elems[i]->type == JSON_OBJECT) {
            group_keys(j->array.elems[i], &headers, &more);
        }
    }
    svec_sort_unique(&headers);
    svec_sort_unique(&more);
    add_headers(t, &headers);
    for (size_t i = 0; i < j->array.n; i++) {
        const struct json *e = j->array.elems[i];
        const struct shash *members = (e->type == JSON_OBJECT
                                       ? json_object(e) : NULL);
        struct svec row;

        if (i && more.n) {
            new_section(t, title, indent);
            add_headers(t, &headers);
        }
        svec_init(&row);
        for (size_t k = 0; k < headers.n; k++) {
            const struct json *v = (members
                                    ? shash_find_data(members,
                                                      headers.names[k])
                                    : NULL);
            if (v) {
                add_cell(&row, v);
            } else {
                svec_add(&row, "");
            }
        }
        add_row(t, &row);
        svec_destroy(&row);
        for (size_t k = 0; members && k < more.n; k++) {
            const struct json *v = shash_find_data(members, more.names[k]);
            if (v) {
                build_table(t, more.names[k], v, indent + 1);
            }
        }
    }
    svec_destroy(&headers);
    svec_destroy(&more);
}

/* Adds 'j' to 't', in a new section titled 'title' unless 'title' is
 * NULL.  Returns false, adding nothing, if 'j' is empty. */
static bool
build_table(struct table *t, const char *title, const struct json *j,
            int indent)
{
    if (is_empty(j)) {
        return false;
    }
    if (title) {
        new_section(t, title, indent);
    }
    if (j->type == JSON_ARRAY) {
        if (j->array.elems[0]->type == JSON_OBJECT) {
            build_from_list(t, j, title, indent);
        } else {
            for (size_t i = 0; i < j->array.n; i++) {
                const struct json *e = j->array.elems[i];
                struct svec row;
                bool scalars = true;

                svec_init(&row);
                if (is_scalar(e)) {
                    add_cell(&row, e);
                } else if (e->type == JSON_ARRAY) {
                    for (size_t k = 0; k < e->array.n && scalars; k++) {
                        scalars = is_scalar(e->array.elems[k]);
                        add_cell(&row, e->array.elems[k]);
                    }
                } else {
                    scalars = false;
                }
                if (scalars) {
                    add_row(t, &row);
                } else {
                    build_table(t, NULL, e, indent);
                }
                svec_destroy(&row);
            }
        }
    } else if (j->type == JSON_OBJECT) {
        build_from_object(t, j, indent);
    }
    return true;
}

/* Returns the widths of the columns of 's', with 'padding' added to each,
 * scaled to add up to 'max_width' if it is nonzero, as the AWS CLI does
 * (rounding half to even, as Python's round()). */
static int *
column_widths(const struct section *s, int padding, int max_width)
{
    int *widths = xmalloc((s->n_columns + 1) * sizeof *widths);
    int total = 0;

    for (size_t i = 0; i < s->n_columns; i++) {
        widths[i] = s->widths[i] + padding;
        total += widths[i];
    }
    if (max_width && s->n_columns) {
        double scale = max_width / (double) total;
        int off_by = -max_width;

        for (size_t i = 0; i < s->n_columns; i++) {
            widths[i] = nearbyint(scale * widths[i]);
            off_by += widths[i];
        }
        while (off_by) {
            for (size_t k = 0; k < s->n_columns && off_by; k++) {
                size_t i = off_by < 0 ? s->n_columns - 1 - k : k;

                widths[i] += off_by > 0 ? -1 : 1;
                off_by += off_by > 0 ? -1 : 1;
            }
        }
    }
    return widths;
}

/* Returns the width that section 's' needs, borders and indentation
 * included. */
static int
section_width(const struct section *s)
{
    int total = 2 + 2 * s->indent;

    for (size_t i = 0; i < s->n_columns; i++) {
        total += s->widths[i] + 4;
    }
    return MAX(total, (int) title_width(s) + 2 + 2 * s->indent);
}

/* Returns the width of the widest section of 't'. */
static int
table_width(const struct table *t)
{
    int width = 0;

    for (size_t i = 0; i < t->n; i++) {
        width = MAX(width, section_width(t->sections[i]));
    }
    return width;
}

/* Turns every section of 't' with one row and headers into a section of
 * "header | value" rows. */
static void
make_vertical(struct table *t)
{
    for (size_t i = 0; i < t->n; i++) {
        struct section *s = t->sections[i];

        if (s->n_rows == 1 && s->headers.n) {
            struct svec old_headers = s->headers;
            struct svec old_row = s->rows[0];

            svec_init(&s->headers);
            s->n_rows = 0;
            free(s->widths);
            s->widths = NULL;
            s->n_columns = 0;
            for (size_t k = 0; k < old_headers.n && k < old_row.n; k++) {
                struct svec row;

                svec_init(&row);
                svec_add(&row, old_headers.names[k]);
                svec_add(&row, old_row.names[k]);
                add_row_to(s, &row);
            }
            svec_destroy(&old_headers);
            svec_destroy(&old_row);
        }
    }
}

/* Appends 'n' copies of 'c' to 'out' (none if 'n' is negative). */
static void
put_repeat(struct ds *out, char c, int n)
{
    for (int i = 0; i < n; i++) {
        ds_put_char(out, c);
    }
}

/* Appends 'text' centred in 'width' columns, after 'left' and before a
 * closing '|'. */
static void
put_centred(struct ds *out, const char *text, int width, const char *left)
{
    int len = text_width(text);
    int start = width / 2 - len / 2 - 1;

    ds_put_format(out, "%s", left);
    put_repeat(out, ' ', start);
    ds_put_cstr(out, text);
    put_repeat(out, ' ', width - 1 - ((int) strlen(left) + start + len));
    ds_put_char(out, '|');
}

/* Appends 'text' aligned left in 'width' columns, after 'left' and before
 * a closing '|'. */
static void
put_left(struct ds *out, const char *text, int width, const char *left)
{
    int len = text_width(text);
    int pad = width - (len + 2 + (int) strlen(left) + 1) >= 0 ? 2 : 0;

    ds_put_format(out, "%s", left);
    put_repeat(out, ' ', pad);
    ds_put_cstr(out, text);
    put_repeat(out, ' ', width - (int) strlen(left) - pad - len - 1);
    ds_put_char(out, '|');
}

/* Appends the start of a line of a section nested 'indent' deep. */
static void
line_start(struct ds *out, int indent)
{
    put_repeat(out, '|', indent);
}

/* Ends a line of a section nested 'indent' deep. */
static void
line_end(struct ds *out, int indent)
{
    put_repeat(out, '|', indent);
    ds_put_char(out, '\n');
}

/* Appends a "+----+---+" line for columns of 'widths' ('n' of them). */
static void
put_line_break(struct ds *out, const int *widths, size_t n, int indent)
{
    line_start(out, indent);
    for (size_t i = 0; i < n; i++) {
        if (!i) {
            ds_put_char(out, '+');
            put_repeat(out, '-', widths[i] - 2);
        } else {
            put_repeat(out, '-', widths[i] - 1);
        }
        ds_put_char(out, '+');
    }
    line_end(out, indent);
}

/* Appends section 's' to 'out', in a table 'max_width' wide. */
static void
render_section(const struct section *s, int max_width, struct ds *out)
{
    int width = max_width - 2 * s->indent;
    int *widths = column_widths(s, 4, width);

    if (s->title && s->title[0]) {
        line_start(out, s->indent);
        put_centred(out, s->title, width, "|");
        line_end(out, s->indent);
        if (!s->headers.n && !s->n_rows) {
            line_start(out, s->indent);
            ds_put_char(out, '+');
            put_repeat(out, '-', width - 2);
            ds_put_char(out, '+');
            line_end(out, s->indent);
        }
    }
    if (s->headers.n) {
        put_line_break(out, widths, s->n_columns, s->indent);
        line_start(out, s->indent);
        for (size_t i = 0; i < s->headers.n && i < s->n_columns; i++) {
            put_centred(out, s->headers.names[i], widths[i], i ? "" : "|");
        }
        line_end(out, s->indent);
    }
    if (s->n_rows && s->n_columns) {
        put_line_break(out, widths, s->n_columns, s->indent);
        for (size_t r = 0; r < s->n_rows; r++) {
            line_start(out, s->indent);
            for (size_t i = 0; i < s->rows[r].n && i < s->n_columns; i++) {
                put_left(out, s->rows[r].names[i], widths[i], i ? "" : "|");
            }
            line_end(out, s->indent);
        }
        put_line_break(out, widths, s->n_columns, s->indent);
    }
    free(widths);
}

/* Frees table 't'. */
static void
table_destroy(struct table *t)
{
    for (size_t i = 0; i < t->n; i++) {
        struct section *s = t->sections[i];

        free(s->title);
        svec_destroy(&s->headers);
        for (size_t r = 0; r < s->n_rows; r++) {
            svec_destroy(&s->rows[r]);
        }
        free(s->rows);
        free(s->widths);
        free(s);
    }
    free(t->sections);
}

/* Returns the width of the terminal on standard output, or 80 if it is not
 * a terminal, as the AWS CLI determines it. */
int
mirrorctl_terminal_width(void)
{
    struct winsize ws;

    if (!ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws)) {
        return ws.ws_col;
    }
    return 80;
}

/* Appends 'j', the answer of operation 'title' (e.g.
 * "DescribeTrafficMirrorSessions"), to 'out' as the AWS CLI's "--output
 * table" prints it for a terminal 'terminal_width' columns wide.  An
 * empty answer prints nothing. */
void
mirrorctl_format_table(const struct json *j, const char *title,
                       int terminal_width, struct ds *out)
{
    struct table t = { .sections = NULL };
    int width;

    if (build_table(&t, title, j, 0)) {
        width = table_width(&t);
        if (width > terminal_width) {
            make_vertical(&t);
            width = table_width(&t);
        }
        put_repeat(out, '-', width);
        ds_put_char(out, '\n');
        for (size_t i = 0; i < t.n; i++) {
            render_section(t.sections[i], width, out);
        }
    }
    table_destroy(&t);
}
