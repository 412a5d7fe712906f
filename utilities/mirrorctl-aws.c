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

#include "utilities/mirrorctl-aws.h"

#include <ctype.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "lib/tm-params.h"
#include "openvswitch/dynamic-string.h"
#include "openvswitch/json.h"
#include "openvswitch/util.h"
#include "util.h"

/* Returns the parameter (see lib/tm-params.h) of 'action' whose AWS CLI
 * option is --'name', or NULL if 'action' takes no such option.  DryRun is
 * also --no-'name'. */
static const struct tm_param *
find_option(enum tm_action action, const char *name)
{
    const struct tm_param *p;

    TM_PARAM_FOR_EACH (p) {
        if (p->type != TM_PT_FIELD && tm_param_takes(p, action)
            && (!strcmp(p->cli_name, name)
                || (p->type == TM_PT_BOOL && !strncmp(name, "no-", 3)
                    && !strcmp(p->cli_name, name + 3)))) {
            return p;
        }
    }
    return NULL;
}

/* ------------------------------------------------------------------ */
/* The AWS CLI shorthand syntax: Key=Value,Key2=[a,b],Key3={K=V}. */

/* The deepest nesting of lists and structures that the shorthand parser
 * takes: deeper input is refused with an error rather than exhausting the
 * stack. */
#define SHORTHAND_MAX_DEPTH 64

static struct json *shorthand_value(const char **, int depth,
                                    char **errorp);

/* Returns true if the text at 'p' starts a new "Key=" of a structure, as
 * opposed to one more value of a list such as "Values=a,b". */
static bool
starts_key(const char *p)
{
    if (*p == '[' || *p == '{') {
        return false;
    }
    for (; *p && !strchr(",]}", *p); p++) {
        if (*p == '=') {
            return true;
        }
    }
    return false;
}

/* Parses a scalar at '*pp', up to a delimiter. */
static struct json *
shorthand_scalar(const char **pp)
{
    const char *p = *pp;
    struct ds s = DS_EMPTY_INITIALIZER;

    if (*p == '"' || *p == '\'') {
        char quote = *p++;
        while (*p && *p != quote) {
            if (*p == '\\' && p[1]) {
                p++;
            }
            ds_put_char(&s, *p++);
        }
        if (*p) {
            p++;
        }
    } else {
        while (*p && !strchr(",]}", *p)) {
            if (*p == '\\' && p[1]) {
                p++;
            }
            ds_put_char(&s, *p++);
        }
    }
    *pp = p;
    return json_string_create_nocopy(ds_steal_cstr(&s));
}

/* Parses "Key=Value,..." at '*pp' up to 'end' ('}' or '\0'), 'depth'
 * levels deep in lists and structures. */
static struct json *
shorthand_struct(const char **pp, char end, int depth, char **errorp)
{
    struct json *obj = json_object_create();
    const char *p = *pp;

    while (*p && *p != end) {
        const char *eq = strchr(p, '=');
        struct json *value;
        char *key;

        if (!eq) {
            *errorp = xasprintf("expected \"Key=Value\" at \"%s\"", p);
            goto error;
        }
        key = xmemdup0(p, eq - p);
        p = eq + 1;
        value = shorthand_value(&p, depth, errorp);
        if (!value) {
            free(key);
            goto error;
        }
        /* "Values=a,b,c": more values for the same key. */
        while (*p == ',' && !starts_key(p + 1) && p[1] && p[1] != end) {
            p++;
            if (value->type != JSON_ARRAY) {
                value = json_array_create_1(value);
            }
            struct json *more = shorthand_value(&p, depth, errorp);
            if (!more) {
                json_destroy(value);
                free(key);
                goto error;
            }
            json_array_add(value, more);
        }
        json_object_put_nocopy(obj, key, value);
        if (*p == ',') {
            p++;
        } else if (*p && *p != end) {
            *errorp = xasprintf("unexpected \"%c\" in \"%s\"", *p, *pp);
            goto error;
        }
    }
    if (end && *p == end) {
        p++;
    } else if (end) {
        *errorp = xasprintf("missing \"%c\"", end);
        goto error;
    }
    *pp = p;
    return obj;

error:
    json_destroy(obj);
    return NULL;
}

/* Parses a value at '*pp', 'depth' levels deep: a list "[...]", a
 * structure "{...}" or a scalar. */
static struct json *
shorthand_value(const char **pp, int depth, char **errorp)
{
    const char *p = *pp;
    struct json *value;

    if ((*p == '[' || *p == '{') && depth >= SHORTHAND_MAX_DEPTH) {
        *errorp = xasprintf("lists and structures nested more than %d "
                            "deep", SHORTHAND_MAX_DEPTH);
        return NULL;
    }
    if (*p == '[') {
        value = json_array_create_empty();
        p++;
        while (*p && *p != ']') {
            struct json *elem = shorthand_value(&p, depth + 1, errorp);
            if (!elem) {
                json_destroy(value);
                return NULL;
            }
            json_array_add(value, elem);
            if (*p == ',') {
                p++;
            } else if (*p && *p != ']') {
                /* An element ends at "," or "]": anything else (such as the
                 * "}" of "[}") is an error, not an empty element. */
                *errorp = xasprintf("unexpected \"%c\" in a list", *p);
                json_destroy(value);
                return NULL;
            }
        }
        if (*p != ']') {
            *errorp = xstrdup("missing \"]\"");
            json_destroy(value);
            return NULL;
        }
        p++;
    } else if (*p == '{') {
        p++;
        value = shorthand_struct(&p, '}', depth + 1, errorp);
        if (!value) {
            return NULL;
        }
    } else {
        value = shorthand_scalar(&p);
    }
    *pp = p;
    return value;
}

/* Parses 'arg', an option value in JSON or in shorthand syntax.  Returns
 * the value, or NULL with an error in '*errorp'. */
static struct json *
parse_structure(const char *arg, char **errorp)
{
    const char *p = arg;
    struct json *json;

    if (arg[0] == '[' || arg[0] == '{') {
        json = json_from_string(arg);
        if (json->type != JSON_STRING) {
            return json;
        }
        json_destroy(json);
    }
    json = shorthand_struct(&p, '\0', 0, errorp);
    if (json && *p) {
        json_destroy(json);
        *errorp = xasprintf("trailing garbage \"%s\"", p);
        return NULL;
    }
    return json;
}

/* ------------------------------------------------------------------ */
/* Options. */

/* Returns the string form of the JSON scalar 'j', or NULL. */
static char *
scalar_string(const struct json *j)
{
    if (j && j->type == JSON_STRING) {
        return xstrdup(j->string);
    } else if (j && j->type == JSON_INTEGER) {
        return xasprintf("%lld", j->integer);
    }
    return NULL;
}

/* Looks up member 'name' of JSON object 'obj' (NULL if 'obj' is not an
 * object or lacks it). */
static const struct json *
member(const struct json *obj, const char *name)
{
    return obj && obj->type == JSON_OBJECT
           ? shash_find_data(json_object(obj), name) : NULL;
}

/* Parses 'arg' as a 64-bit integer into '*value'. */
static char *
parse_int(const char *option, const char *arg, int64_t *value)
{
    long long int x;

    if (!str_to_llong(arg, 10, &x)) {
        return xasprintf("invalid value \"%s\" for --%s: expected an "
                         "integer", arg, option);
    }
    *value = x;
    return NULL;
}

/* Adds 'j' (a string, or a JSON list of strings) to 'svec'. */
static char *
add_strings(const char *option, const struct json *j, struct svec *svec)
{
    if (j->type == JSON_ARRAY) {
        for (size_t i = 0; i < j->array.n; i++) {
            char *error = add_strings(option, j->array.elems[i], svec);
            if (error) {
                return error;
            }
        }
        return NULL;
    }
    char *s = scalar_string(j);
    if (!s) {
        return xasprintf("invalid value for --%s: expected strings", option);
    }
    svec_add_nocopy(svec, s);
    return NULL;
}

/* Parses the values 'args' ('n' of them) of a list option into 'svec':
 * each is a string or a JSON list of strings. */
static char *
parse_list(const char *option, char **args, int n, struct svec *svec)
{
    for (int i = 0; i < n; i++) {
        char *error;

        if (args[i][0] == '[') {
            struct json *j = json_from_string(args[i]);
            error = (j->type == JSON_ARRAY
                     ? add_strings(option, j, svec)
                     : xasprintf("invalid JSON for --%s: %s", option,
                                 j->type == JSON_STRING ? j->string : ""));
            json_destroy(j);
        } else {
            svec_add(svec, args[i]);
            error = NULL;
        }
        if (error) {
            return error;
        }
    }
    return NULL;
}

/* Adds one Filters structure 'f' ({Name, Values}) to 'req'. */
static char *
add_filter(const struct json *f, struct tm_request *req)
{
    const struct json *name = member(f, "Name");
    const struct json *values = member(f, "Values");
    struct svec v;
    char *error;

    if (!name || name->type != JSON_STRING || !values) {
        return xstrdup("each --filters entry needs Name and Values");
    }
    svec_init(&v);
    error = add_strings("filters", values, &v);
    if (!error) {
        tm_request_add_filter(req, name->string, &v);
    }
    svec_destroy(&v);
    return error;
}

/* Adds the tag 'tag' ({Key, Value}) of a TagSpecification to 'req'.
 * Returns NULL, or an error if it has no Key. */
static char *
add_spec_tag(const struct json *tag, struct tm_request *req)
{
    char *k = scalar_string(member(tag, "Key"));
    char *v = scalar_string(member(tag, "Value"));

    if (!k) {
        free(v);
        return xstrdup("each tag needs a Key");
    }
    tm_request_add_tag(req, k, v ? v : "");
    free(k);
    free(v);
    return NULL;
}

/* Adds one TagSpecification 'spec' ({ResourceType, Tags}) to 'req'.  Its
 * Tags is a list of tags, or a single Key=...,Value=... tag. */
static char *
add_tag_spec(const struct json *spec, struct tm_request *req)
{
    const struct json *rt = member(spec, "ResourceType");
    const struct json *tags = member(spec, "Tags");

    if (rt) {
        if (rt->type != JSON_STRING) {
            return xstrdup("invalid ResourceType in --tag-specifications");
        }
        free(req->tag_resource_type);
        req->tag_resource_type = xstrdup(rt->string);
    }
    if (!tags) {
        return NULL;
    } else if (tags->type == JSON_OBJECT) {
        return add_spec_tag(tags, req);
    } else if (tags->type != JSON_ARRAY) {
        return xstrdup("invalid Tags in --tag-specifications");
    }
    for (size_t i = 0; i < tags->array.n; i++) {
        char *error = add_spec_tag(tags->array.elems[i], req);
        if (error) {
            return error;
        }
    }
    return NULL;
}

/* Adds one --tags structure 'tag' ({Key, Value}) to 'req': without a
 * Value, its key goes to 'tag_keys'. */
static char *
add_tag(const struct json *tag, struct tm_request *req)
{
    char *k = scalar_string(member(tag, "Key"));
    char *v = scalar_string(member(tag, "Value"));

    if (!k) {
        free(v);
        return xstrdup("each --tags entry needs a Key");
    }
    if (v) {
        tm_request_add_tag(req, k, v);
    } else {
        sset_add(&req->tag_keys, k);
    }
    free(k);
    free(v);
    return NULL;
}

/* Parses the 'n' values 'args' of 'option' (such as "filters"), each a
 * structure or a list of them in AWS shorthand or JSON, calling 'add' on
 * each structure to put it into 'req'.  Returns NULL or an error. */
static char *
parse_structures(const char *option, char **args, int n,
                 char *(*add)(const struct json *, struct tm_request *),
                 struct tm_request *req)
{
    for (int i = 0; i < n; i++) {
        char *error = NULL;
        struct json *j = parse_structure(args[i], &error);

        if (!j) {
            char *e = xasprintf("invalid value for --%s: %s", option, error);
            free(error);
            return e;
        }
        if (j->type == JSON_ARRAY) {
            for (size_t k = 0; !error && k < j->array.n; k++) {
                error = add(j->array.elems[k], req);
            }
        } else {
            error = add(j, req);
        }
        json_destroy(j);
        if (error) {
            return error;
        }
    }
    return NULL;
}

/* Parses a port range value 'arg' of 'option' into 'range'. */
static char *
parse_ports(const char *option, const char *arg, struct tm_port_range *range)
{
    char *error = NULL;
    struct json *j = parse_structure(arg, &error);
    const char *names[2] = {"FromPort", "ToPort"};
    int64_t *values[2] = {&range->from, &range->to};

    if (!j) {
        char *e = xasprintf("invalid value for --%s: %s", option, error);
        free(error);
        return e;
    }
    for (int i = 0; i < 2 && !error; i++) {
        char *s = scalar_string(member(j, names[i]));
        if (!s) {
            error = xasprintf("--%s needs FromPort and ToPort", option);
        } else {
            error = parse_int(option, s, values[i]);
        }
        free(s);
    }
    json_destroy(j);
    range->set = !error;
    return error;
}

/* Parses the values 'args' ('n' of them) of option --'name', which gives
 * parameter 'p', into 'req'. */
static char *
parse_option(const struct tm_param *p, const char *name, char **args, int n,
             struct tm_request *req)
{
    char *member = (char *) req + p->offset;

    if (p->type == TM_PT_BOOL) {
        if (n) {
            return xasprintf("--%s takes no value", name);
        }
        *(bool *) member = !strcmp(name, p->cli_name);
        return NULL;
    }
    if (n < 1) {
        return xasprintf("argument --%s: expected one argument", name);
    }
    switch (p->type) {
    case TM_PT_STRING:
    case TM_PT_INT:
    case TM_PT_PORTS:
        if (n > 1) {
            return xasprintf("argument --%s: expected one argument, not %d",
                             name, n);
        }
        if (p->type == TM_PT_STRING) {
            char **string = (char **) member;
            free(*string);
            *string = xstrdup(args[0]);
            return NULL;
        } else if (p->type == TM_PT_INT) {
            *(bool *) ((char *) req + p->has_offset) = true;
            return parse_int(name, args[0], (int64_t *) member);
        }
        return parse_ports(name, args[0], (struct tm_port_range *) member);

    case TM_PT_IDS:
    case TM_PT_SVEC:
        return parse_list(name, args, n, (struct svec *) member);

    case TM_PT_SSET: {
        struct svec v;
        char *error;
        const char *s;
        size_t i;

        svec_init(&v);
        error = parse_list(name, args, n, &v);
        SVEC_FOR_EACH (i, s, &v) {
            sset_add((struct sset *) member, s);
        }
        svec_destroy(&v);
        return error;
    }

    case TM_PT_FILTERS:
        return parse_structures(name, args, n, add_filter, req);

    case TM_PT_TAG_SPECS:
        return parse_structures(name, args, n, add_tag_spec, req);

    case TM_PT_TAGS:
        return parse_structures(name, args, n, add_tag, req);

    case TM_PT_BOOL:
    case TM_PT_FIELD:
    default:
        OVS_NOT_REACHED();
    }
}

/* Parses the AWS CLI options in 'argv' ('argc' of them, after the command
 * name and without --output and --query, which mirrorctl_output_parse()
 * takes) of command 'action' into 'req', which the caller initialized.
 * Returns NULL on success, or an error message that the caller frees. */
char *
mirrorctl_parse_aws_args(enum tm_action action, int argc, char *argv[],
                         struct tm_request *req)
{
    int i = 0;
    while (i < argc) {
        const char *arg = argv[i];
        const char *eq;
        char *name, *inline_value = NULL;
        int n;

        if (strncmp(arg, "--", 2) || !arg[2]) {
            return xasprintf("Unknown options: %s", arg);
        }
        eq = strchr(arg, '=');
        name = eq ? xmemdup0(arg + 2, eq - arg - 2) : xstrdup(arg + 2);
        if (eq) {
            inline_value = CONST_CAST(char *, eq + 1);
        }

        /* The values: "--opt=value", or the arguments up to the next
         * option. */
        for (n = 0; !eq && i + 1 + n < argc
                    && strncmp(argv[i + 1 + n], "--", 2); n++) {
            continue;
        }

        const struct tm_param *p = find_option(action, name);
        if (!p) {
            char *error = xasprintf("Unknown options: %s", arg);
            free(name);
            return error;
        }
        char *error = (eq
                       ? parse_option(p, name, &inline_value, 1, req)
                       : parse_option(p, name, &argv[i + 1], n, req));
        if (error) {
            free(name);
            return error;
        }
        free(name);
        i += 1 + (eq ? 0 : n);
    }
    return NULL;
}
