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

#include "utilities/mirrorctl-query-private.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "openvswitch/dynamic-string.h"
#include "openvswitch/json.h"
#include "openvswitch/shash.h"
#include "util.h"

/* The built-in functions of JMESPath, as the AWS CLI's --query (the Python
 * "jmespath" module) has them.  Where JMESPath would raise an "invalid
 * type" error, these return null. */

/* Returns true if 'json' is a number, and its value in '*d'. */
bool
query_get_number(const struct json *json, double *d)
{
    if (json->type == JSON_INTEGER) {
        *d = json->integer;
        return true;
    } else if (json->type == JSON_REAL) {
        *d = json->real;
        return true;
    }
    return false;
}

/* Returns a number for 'd': an integer if it is one (as Python's int()
 * results are), otherwise a real. */
static struct json *
number_create(double d)
{
    return (d == floor(d) && fabs(d) < 1e18
            ? json_integer_create(d) : json_real_create(d));
}

/* Returns the JMESPath type name of 'json'. */
static const char *
type_name(const struct json *json)
{
    switch (json->type) {
    case JSON_NULL: return "null";
    case JSON_FALSE: case JSON_TRUE: return "boolean";
    case JSON_OBJECT: return "object";
    case JSON_ARRAY: return "array";
    case JSON_INTEGER: case JSON_REAL: return "number";
    case JSON_STRING: return "string";
    case JSON_SERIALIZED_OBJECT: case JSON_N_TYPES: default:
        OVS_NOT_REACHED();
    }
}

/* Returns the number of characters (not bytes) of UTF-8 string 's'. */
static size_t
utf8_length(const char *s)
{
    size_t n = 0;

    for (; *s; s++) {
        n += (*s & 0xc0) != 0x80;
    }
    return n;
}

/* Compares two numbers or two strings, for sorting. */
static int
compare_values(const struct json *a, const struct json *b)
{
    double x, y;

    if (query_get_number(a, &x) && query_get_number(b, &y)) {
        return x < y ? -1 : x > y;
    }
    return strcmp(json_string(a), json_string(b));
}

/* Returns true if every element of array 'a' is a number (if 'string' is
 * false) or a string (if it is true). */
static bool
array_all(const struct json *a, bool string)
{
    for (size_t i = 0; i < a->array.n; i++) {
        double d;

        if (string
            ? a->array.elems[i]->type != JSON_STRING
            : !query_get_number(a->array.elems[i], &d)) {
            return false;
        }
    }
    return true;
}

/* An element to sort with its key. */
struct keyed {
    const struct json *value;
    struct json *key;
    size_t index;               /* Position, to keep the sort stable. */
};

/* qsort() comparator for "struct keyed": by key, then position. */
static int
compare_keyed(const void *a_, const void *b_)
{
    const struct keyed *a = a_, *b = b_;
    int cmp = compare_values(a->key, b->key);

    return cmp ? cmp : a->index < b->index ? -1 : a->index > b->index;
}

/* Returns the elements of array 'a' with their keys: the elements
 * themselves if 'expref' is null, otherwise 'expref' applied to each.
 * Returns NULL if the keys are not all numbers or all strings. */
static struct keyed *
make_keys(const struct json *a, const struct node *expref)
{
    struct keyed *k = xmalloc(a->array.n * sizeof *k + 1);
    size_t n_numbers = 0, n_strings = 0;

    for (size_t i = 0; i < a->array.n; i++) {
        double d;

        k[i].value = a->array.elems[i];
        k[i].key = (expref ? query_evaluate(expref, a->array.elems[i])
                    : json_clone(a->array.elems[i]));
        k[i].index = i;
        n_numbers += query_get_number(k[i].key, &d);
        n_strings += k[i].key->type == JSON_STRING;
    }
    if (n_numbers != a->array.n && n_strings != a->array.n) {
        for (size_t i = 0; i < a->array.n; i++) {
            json_destroy(k[i].key);
        }
        free(k);
        return NULL;
    }
    return k;
}

/* Frees the 'n' keyed elements 'k'. */
static void
free_keys(struct keyed *k, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        json_destroy(k[i].key);
    }
    free(k);
}

/* sort(array) and sort_by(array, &expr): 'a' sorted (stably) by its
 * elements or by 'expref' applied to them. */
static struct json *
sort_by(const struct json *a, const struct node *expref)
{
    struct keyed *k;
    struct json *result;

    if (a->type != JSON_ARRAY || !(k = make_keys(a, expref))) {
        return json_null_create();
    }
    qsort(k, a->array.n, sizeof *k, compare_keyed);
    result = json_array_create_empty();
    for (size_t i = 0; i < a->array.n; i++) {
        json_array_add(result, json_clone(k[i].value));
    }
    free_keys(k, a->array.n);
    return result;
}

/* max(array), min(array), max_by(array, &expr), min_by(array, &expr):
 * the first greatest ('max' true) or least element of 'a', by its value
 * or by 'expref' applied to it; null for an empty array. */
static struct json *
extreme_by(const struct json *a, const struct node *expref, bool max)
{
    struct json *result;
    struct keyed *k;
    size_t best = 0;

    if (a->type != JSON_ARRAY || !(k = make_keys(a, expref))) {
        return json_null_create();
    } else if (!a->array.n) {
        free(k);
        return json_null_create();
    }
    for (size_t i = 1; i < a->array.n; i++) {
        int cmp = compare_values(k[i].key, k[best].key);
        if (max ? cmp > 0 : cmp < 0) {
            best = i;
        }
    }
    result = json_clone(k[best].value);
    free_keys(k, a->array.n);
    return result;
}

/* length(string|array|object). */
static struct json *
fn_length(const struct json *a)
{
    return (a->type == JSON_STRING
            ? json_integer_create(utf8_length(json_string(a)))
            : a->type == JSON_ARRAY ? json_integer_create(a->array.n)
            : a->type == JSON_OBJECT
            ? json_integer_create(shash_count(a->object))
            : json_null_create());
}

/* keys(object) and values(object), in key order. */
static struct json *
fn_keys_values(const struct json *a, bool keys)
{
    if (a->type != JSON_OBJECT) {
        return json_null_create();
    }

    const struct shash_node **nodes = shash_sort(a->object);
    struct json *result = json_array_create_empty();

    for (size_t i = 0; i < shash_count(a->object); i++) {
        json_array_add(result, (keys ? json_string_create(nodes[i]->name)
                                : json_clone(nodes[i]->data)));
    }
    free(nodes);
    return result;
}

/* join(separator, array of strings). */
static struct json *
fn_join(const struct json *sep, const struct json *a)
{
    struct ds s = DS_EMPTY_INITIALIZER;

    if (sep->type != JSON_STRING || a->type != JSON_ARRAY
        || !array_all(a, true)) {
        return json_null_create();
    }
    for (size_t i = 0; i < a->array.n; i++) {
        ds_put_format(&s, "%s%s", i ? json_string(sep) : "",
                      json_string(a->array.elems[i]));
    }
    return json_string_create_nocopy(ds_steal_cstr(&s));
}

/* contains(string|array, value). */
static struct json *
fn_contains(const struct json *a, const struct json *b)
{
    if (a->type == JSON_STRING && b->type == JSON_STRING) {
        return json_boolean_create(strstr(json_string(a), json_string(b))
                                   != NULL);
    } else if (a->type == JSON_ARRAY) {
        for (size_t i = 0; i < a->array.n; i++) {
            if (json_equal(a->array.elems[i], b)) {
                return json_boolean_create(true);
            }
        }
        return json_boolean_create(false);
    }
    return json_null_create();
}

/* starts_with(string, prefix) and ends_with(string, suffix). */
static struct json *
fn_affix(const struct json *a, const struct json *b, bool start)
{
    if (a->type != JSON_STRING || b->type != JSON_STRING) {
        return json_null_create();
    }

    const char *s = json_string(a), *affix = json_string(b);
    size_t n = strlen(s), len = strlen(affix);

    return json_boolean_create(len <= n
                               && !memcmp(start ? s : s + n - len,
                                          affix, len));
}

/* to_number(value): numbers as they are, strings that are numbers as
 * numbers (reals if they have a '.', as Python's float(), otherwise
 * integers, as its int()), anything else null. */
static struct json *
fn_to_number(const struct json *a)
{
    double d;

    if (query_get_number(a, &d)) {
        return json_clone(a);
    } else if (a->type == JSON_STRING && json_string(a)[0]) {
        const char *s = json_string(a);
        char *end;

        if (strchr(s, '.')) {
            d = strtod(s, &end);
            if (!*end) {
                return json_real_create(d);
            }
        } else {
            long long int i = strtoll(s, &end, 10);
            if (!*end) {
                return json_integer_create(i);
            }
        }
    }
    return json_null_create();
}

/* abs(), ceil() and floor() of a number, and avg() and sum() of an array
 * of numbers, as 'name' says. */
static struct json *
fn_arithmetic(const char *name, const struct json *a)
{
    double d = 0;

    if (!strcmp(name, "avg") || !strcmp(name, "sum")) {
        double total = 0;

        if (a->type != JSON_ARRAY || !array_all(a, false)) {
            return json_null_create();
        }
        for (size_t i = 0; i < a->array.n; i++) {
            query_get_number(a->array.elems[i], &d);
            total += d;
        }
        if (name[0] == 's') {
            return number_create(total);
        }
        return (a->array.n ? json_real_create(total / a->array.n)
                : json_null_create());
    } else if (!query_get_number(a, &d)) {
        return json_null_create();
    } else if (!strcmp(name, "abs")) {
        return a->type == JSON_REAL ? json_real_create(fabs(d))
                                    : json_integer_create(llabs(a->integer));
    }
    return number_create(name[0] == 'c' ? ceil(d) : floor(d));
}

/* reverse(string|array). */
static struct json *
fn_reverse(const struct json *a)
{
    if (a->type == JSON_ARRAY) {
        struct json *result = json_array_create_empty();

        for (size_t i = a->array.n; i-- > 0;) {
            json_array_add(result, json_clone(a->array.elems[i]));
        }
        return result;
    } else if (a->type == JSON_STRING) {
        const char *s = json_string(a);
        size_t n = strlen(s);
        char *r = xmalloc(n + 1);

        /* Reverses the characters, keeping each UTF-8 sequence whole. */
        for (size_t i = 0; i < n;) {
            size_t len = 1;

            while (i + len < n && (s[i + len] & 0xc0) == 0x80) {
                len++;
            }
            memcpy(r + n - i - len, s + i, len);
            i += len;
        }
        r[n] = '\0';
        return json_string_create_nocopy(r);
    }
    return json_null_create();
}

/* merge(object...): the members of all, later ones winning. */
static struct json *
fn_merge(const struct query_arg *args, size_t n)
{
    struct json *result = json_object_create();

    for (size_t i = 0; i < n; i++) {
        const struct json *o = args[i].value;
        const struct shash_node *node;

        if (!o || o->type != JSON_OBJECT) {
            json_destroy(result);
            return json_null_create();
        }
        SHASH_FOR_EACH (node, o->object) {
            json_object_put(result, node->name, json_clone(node->data));
        }
    }
    return result;
}

/* map(&expr, array): 'expref' applied to each element, nulls kept. */
static struct json *
fn_map(const struct node *expref, const struct json *a)
{
    struct json *result;

    if (!expref || a->type != JSON_ARRAY) {
        return json_null_create();
    }
    result = json_array_create_empty();
    for (size_t i = 0; i < a->array.n; i++) {
        json_array_add(result, query_evaluate(expref, a->array.elems[i]));
    }
    return result;
}

/* The functions, with how many arguments each takes ('max_args' -1 for
 * any number from 'min_args') and which one is an expression reference
 * (-1 for none). */
struct function {
    const char *name;
    size_t min_args;
    int max_args;
    int expref;
};

static const struct function functions[] = {
    { "abs", 1, 1, -1 }, { "avg", 1, 1, -1 }, { "ceil", 1, 1, -1 },
    { "contains", 2, 2, -1 }, { "ends_with", 2, 2, -1 },
    { "floor", 1, 1, -1 }, { "join", 2, 2, -1 }, { "keys", 1, 1, -1 },
    { "length", 1, 1, -1 }, { "map", 2, 2, 0 }, { "max", 1, 1, -1 },
    { "max_by", 2, 2, 1 }, { "merge", 1, -1, -1 }, { "min", 1, 1, -1 },
    { "min_by", 2, 2, 1 }, { "not_null", 1, -1, -1 },
    { "reverse", 1, 1, -1 }, { "sort", 1, 1, -1 }, { "sort_by", 2, 2, 1 },
    { "starts_with", 2, 2, -1 }, { "sum", 1, 1, -1 },
    { "to_array", 1, 1, -1 }, { "to_number", 1, 1, -1 },
    { "to_string", 1, 1, -1 }, { "type", 1, 1, -1 }, { "values", 1, 1, -1 },
};

/* Returns the function called 'name', or NULL. */
static const struct function *
find_function(const char *name)
{
    for (size_t i = 0; i < ARRAY_SIZE(functions); i++) {
        if (!strcmp(functions[i].name, name)) {
            return &functions[i];
        }
    }
    return NULL;
}

/* Returns true if JMESPath has a function called 'name'. */
bool
query_function_exists(const char *name)
{
    return find_function(name) != NULL;
}

/* Calls the function 'name' with arguments 'args' ('n' of them).  A wrong
 * number or type of arguments gives null, where JMESPath would give an
 * error. */
struct json *
query_call_function(const char *name, const struct query_arg *args,
                    size_t n)
{
    const struct function *f = find_function(name);

    if (!f || n < f->min_args
        || (f->max_args >= 0 && n > (size_t) f->max_args)) {
        return json_null_create();
    }
    for (size_t i = 0; i < n; i++) {
        if ((f->expref >= 0 && i == (size_t) f->expref)
            != (args[i].expref != NULL)) {
            return json_null_create();
        }
    }

    const struct json *a = args[0].value;
    const struct json *b = n > 1 ? args[1].value : NULL;
    const struct node *by = n > 1 ? args[1].expref : NULL;

    if (!strcmp(name, "length")) {
        return fn_length(a);
    } else if (!strcmp(name, "keys") || !strcmp(name, "values")) {
        return fn_keys_values(a, name[0] == 'k');
    } else if (!strcmp(name, "sort") || !strcmp(name, "sort_by")) {
        return sort_by(a, by);
    } else if (!strcmp(name, "max") || !strcmp(name, "max_by")
               || !strcmp(name, "min") || !strcmp(name, "min_by")) {
        return extreme_by(a, by, name[1] == 'a');
    } else if (!strcmp(name, "join")) {
        return fn_join(a, b);
    } else if (!strcmp(name, "contains")) {
        return fn_contains(a, b);
    } else if (!strcmp(name, "starts_with") || !strcmp(name, "ends_with")) {
        return fn_affix(a, b, name[0] == 's');
    } else if (!strcmp(name, "to_string")) {
        return (a->type == JSON_STRING ? json_clone(a)
                : json_string_create_nocopy(json_to_string(a, JSSF_SORT)));
    } else if (!strcmp(name, "to_number")) {
        return fn_to_number(a);
    } else if (!strcmp(name, "to_array")) {
        if (a->type == JSON_ARRAY) {
            return json_clone(a);
        }
        struct json *array = json_array_create_empty();
        json_array_add(array, json_clone(a));
        return array;
    } else if (!strcmp(name, "type")) {
        return json_string_create(type_name(a));
    } else if (!strcmp(name, "reverse")) {
        return fn_reverse(a);
    } else if (!strcmp(name, "merge")) {
        return fn_merge(args, n);
    } else if (!strcmp(name, "not_null")) {
        for (size_t i = 0; i < n; i++) {
            if (args[i].value->type != JSON_NULL) {
                return json_clone(args[i].value);
            }
        }
        return json_null_create();
    } else if (!strcmp(name, "map")) {
        return fn_map(args[0].expref, b);
    }
    return fn_arithmetic(name, a);
}
