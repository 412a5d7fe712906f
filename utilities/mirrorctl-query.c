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

#include "utilities/mirrorctl-query.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "openvswitch/dynamic-string.h"
#include "openvswitch/json.h"
#include "openvswitch/shash.h"
#include "util.h"
#include "utilities/mirrorctl-query-private.h"

/* The expression is parsed by a Pratt parser into a tree of "struct node",
 * in the manner of the JMESPath specification's reference grammar, then
 * evaluated against the data. */

/* ------------------------------------------------------------------ */
/* Tokens. */

enum token_type {
    T_EOF,
    T_IDENTIFIER,               /* foo or "foo" ('text'). */
    T_NUMBER,                   /* -12 ('number'). */
    T_LITERAL,                  /* `json` or 'raw' ('json'). */
    T_DOT, T_STAR, T_AT,
    T_LBRACKET, T_RBRACKET, T_FLATTEN, T_FILTER,
    T_LBRACE, T_RBRACE, T_LPAREN, T_RPAREN,
    T_COMMA, T_COLON, T_PIPE, T_OR, T_AND, T_NOT, T_EXPREF,
    T_EQ, T_NE, T_LT, T_LE, T_GT, T_GE,
};

struct token {
    enum token_type type;
    char *text;                 /* T_IDENTIFIER. */
    long long int number;       /* T_NUMBER. */
    struct json *json;          /* T_LITERAL. */
};

/* Returns how strongly token type 'type' binds to what precedes it (0 for
 * tokens that cannot continue an expression). */
static int
binding_power(enum token_type type)
{
    switch (type) {
    case T_PIPE: return 1;
    case T_OR: return 2;
    case T_AND: return 3;
    case T_EQ: case T_NE: case T_LT: case T_LE: case T_GT: case T_GE:
        return 5;
    case T_FLATTEN: return 9;
    case T_STAR: return 20;
    case T_FILTER: return 21;
    case T_DOT: return 40;
    case T_NOT: return 45;
    case T_LBRACE: return 50;
    case T_LBRACKET: return 55;
    case T_LPAREN: return 60;
    default: return 0;
    }
}

/* Tokens bound less strongly than this end a projection. */
#define PROJECTION_STOP 10

/* ------------------------------------------------------------------ */
/* The tree. */

enum node_type {
    N_FIELD, N_CURRENT, N_LITERAL, N_SUBEXPR, N_INDEX, N_PROJECTION,
    N_VALUE_PROJECTION, N_FLATTEN, N_FILTER, N_PIPE, N_OR, N_AND, N_NOT,
    N_COMPARE, N_MULTI_LIST, N_MULTI_HASH, N_FUNCTION, N_SLICE, N_EXPREF,
};

struct node {
    enum node_type type;
    enum token_type op;         /* N_COMPARE. */
    char *name;                 /* N_FIELD, N_FUNCTION. */
    long long int index;        /* N_INDEX. */
    long long int slice[3];     /* N_SLICE: start, stop, step... */
    bool has_slice[3];          /* ...each given or not. */
    struct json *literal;       /* N_LITERAL. */
    struct node *left, *right;  /* Binary nodes; N_FILTER's condition is
                                 * 'cond'. */
    struct node *cond;
    struct node **children;     /* N_MULTI_*, N_FUNCTION arguments. */
    char **keys;                /* N_MULTI_HASH. */
    size_t n_children;
};

/* Returns a new node of 'type' with children 'left' and 'right'. */
static struct node *
node_create(enum node_type type, struct node *left, struct node *right)
{
    struct node *node = xzalloc(sizeof *node);

    node->type = type;
    node->left = left;
    node->right = right;
    return node;
}

/* Frees 'node' and everything under it. */
static void
node_destroy(struct node *node)
{
    if (node) {
        node_destroy(node->left);
        node_destroy(node->right);
        node_destroy(node->cond);
        for (size_t i = 0; i < node->n_children; i++) {
            node_destroy(node->children[i]);
            if (node->keys) {
                free(node->keys[i]);
            }
        }
        free(node->children);
        free(node->keys);
        free(node->name);
        json_destroy(node->literal);
        free(node);
    }
}

/* ------------------------------------------------------------------ */
/* The lexer. */

struct parser {
    const char *p;              /* Next character to read. */
    struct token token;         /* Current token. */
    char *error;                /* First error, if any. */
};

/* Records 'format' as the parse error, unless one is recorded already. */
static void OVS_PRINTF_FORMAT(2, 3)
parse_error(struct parser *parser, const char *format, ...)
{
    if (!parser->error) {
        va_list args;

        va_start(args, format);
        parser->error = xvasprintf(format, args);
        va_end(args);
    }
}

/* Reads characters up to the unescaped 'quote' after 'start' into
 * '*lenp' bytes starting at '*startp'.  Returns false at the end of the
 * string. */
static bool
scan_quoted(struct parser *parser, char quote, const char **startp,
            size_t *lenp)
{
    const char *start = parser->p;
    const char *p = start;

    while (*p && *p != quote) {
        p += (*p == '\\' && p[1]) ? 2 : 1;
    }
    if (!*p) {
        parse_error(parser, "unterminated %c", quote);
        return false;
    }
    *startp = start;
    *lenp = p - start;
    parser->p = p + 1;
    return true;
}

/* Returns the value of the JSON literal in backticks whose 'len' bytes
 * start at 'start' ("\\`" standing for "`").  As the AWS CLI's JMESPath
 * does (JEP 12's deprecated form), text that is not JSON, such as
 * `eni-1`, is taken as a string, with its leading spaces removed.
 * Returns NULL, with an error recorded, if even that fails. */
static struct json *
parse_literal(struct parser *parser, const char *start, size_t len)
{
    struct ds lexeme = DS_EMPTY_INITIALIZER;
    struct json *array, *value = NULL;

    for (size_t i = 0; i < len; i++) {
        if (start[i] == '\\' && i + 1 < len && start[i + 1] == '`') {
            i++;
        }
        ds_put_char(&lexeme, start[i]);
    }

    /* The JSON parser takes only an array or an object at the top level,
     * so the literal goes in an array. */
    char *text = xasprintf("[%s]", ds_cstr(&lexeme));
    array = json_from_string(text);
    free(text);
    if (array->type == JSON_ARRAY && array->array.n == 1) {
        value = json_clone(array->array.elems[0]);
    } else {
        const char *s = ds_cstr(&lexeme);
        char *unescaped;

        s += strspn(s, " \t\n\r");
        if (json_string_unescape(s, strlen(s), &unescaped)) {
            value = json_string_create_nocopy(unescaped);
        } else {
            parse_error(parser, "bad JSON literal `%s`", ds_cstr(&lexeme));
            free(unescaped);
        }
    }
    json_destroy(array);
    ds_destroy(&lexeme);
    return value;
}

/* Reads the next token into parser->token. */
static void
next_token(struct parser *parser)
{
    struct token *t = &parser->token;
    const char *p;

    free(t->text);
    json_destroy(t->json);
    memset(t, 0, sizeof *t);

    while (isspace((unsigned char) *parser->p)) {
        parser->p++;
    }
    p = parser->p;
    if (!*p) {
        t->type = T_EOF;
        return;
    }

    if (isalpha((unsigned char) *p) || *p == '_') {
        const char *start = p;
        while (isalnum((unsigned char) *p) || *p == '_') {
            p++;
        }
        t->type = T_IDENTIFIER;
        t->text = xmemdup0(start, p - start);
        parser->p = p;
        return;
    }
    if (isdigit((unsigned char) *p)
        || (*p == '-' && isdigit((unsigned char) p[1]))) {
        char *end;

        t->type = T_NUMBER;
        t->number = strtoll(p, &end, 10);
        parser->p = end;
        return;
    }

    parser->p = p + 1;
    switch (*p) {
    case '"': case '\'': case '`': {
        const char *start;
        size_t len;

        if (!scan_quoted(parser, *p, &start, &len)) {
            t->type = T_EOF;
            return;
        }
        if (*p == '\'') {
            struct ds s = DS_EMPTY_INITIALIZER;

            for (size_t i = 0; i < len; i++) {
                if (start[i] == '\\' && i + 1 < len && start[i + 1] == '\'') {
                    i++;
                }
                ds_put_char(&s, start[i]);
            }
            t->type = T_LITERAL;
            t->json = json_string_create_nocopy(ds_steal_cstr(&s));
        } else if (*p == '"') {
            char *unescaped;

            if (!json_string_unescape(start, len, &unescaped)) {
                parse_error(parser, "bad quoted identifier: %s", unescaped);
                free(unescaped);
                t->type = T_EOF;
                return;
            }
            t->type = T_IDENTIFIER;
            t->text = unescaped;
        } else {
            t->type = T_LITERAL;
            t->json = parse_literal(parser, start, len);
            if (!t->json) {
                t->type = T_EOF;
            }
        }
        return;
    }
    case '.': t->type = T_DOT; return;
    case '*': t->type = T_STAR; return;
    case '@': t->type = T_AT; return;
    case ']': t->type = T_RBRACKET; return;
    case '{': t->type = T_LBRACE; return;
    case '}': t->type = T_RBRACE; return;
    case '(': t->type = T_LPAREN; return;
    case ')': t->type = T_RPAREN; return;
    case ',': t->type = T_COMMA; return;
    case ':': t->type = T_COLON; return;
    case '[':
        if (*parser->p == ']') {
            parser->p++;
            t->type = T_FLATTEN;
        } else if (*parser->p == '?') {
            parser->p++;
            t->type = T_FILTER;
        } else {
            t->type = T_LBRACKET;
        }
        return;
    case '|':
        if (*parser->p == '|') {
            parser->p++;
            t->type = T_OR;
        } else {
            t->type = T_PIPE;
        }
        return;
    case '&':
        if (*parser->p == '&') {
            parser->p++;
            t->type = T_AND;
        } else {
            t->type = T_EXPREF;
        }
        return;
    case '!':
        if (*parser->p == '=') {
            parser->p++;
            t->type = T_NE;
        } else {
            t->type = T_NOT;
        }
        return;
    case '=':
        if (*parser->p == '=') {
            parser->p++;
            t->type = T_EQ;
            return;
        }
        break;
    case '<': case '>': {
        bool eq = *parser->p == '=';

        parser->p += eq;
        t->type = (*p == '<' ? (eq ? T_LE : T_LT) : (eq ? T_GE : T_GT));
        return;
    }
    }
    parse_error(parser, "unexpected character '%c'", *p);
    t->type = T_EOF;
}

/* Consumes a token of 'type', or records an error naming 'what'. */
static void
expect(struct parser *parser, enum token_type type, const char *what)
{
    if (parser->token.type == type) {
        next_token(parser);
    } else {
        parse_error(parser, "expected %s", what);
    }
}

/* ------------------------------------------------------------------ */
/* The parser. */

static struct node *parse_expression(struct parser *, int rbp);

/* Parses the right-hand side of a projection made with binding power
 * 'bp': what applies to each element. */
static struct node *
parse_projection_rhs(struct parser *parser, int bp)
{
    enum token_type type = parser->token.type;

    if (binding_power(type) < PROJECTION_STOP) {
        return node_create(N_CURRENT, NULL, NULL);
    } else if (type == T_LBRACKET || type == T_FILTER
               || type == T_FLATTEN) {
        return parse_expression(parser, bp);
    } else if (type == T_DOT) {
        next_token(parser);
        return parse_expression(parser, bp);
    }
    parse_error(parser, "unexpected token after a projection");
    return node_create(N_CURRENT, NULL, NULL);
}

/* Parses a multi-select list after its '[': "a, b, ...]". */
static struct node *
parse_multi_list(struct parser *parser)
{
    struct node *node = node_create(N_MULTI_LIST, NULL, NULL);
    size_t allocated = 0;

    do {
        if (node->n_children >= allocated) {
            node->children = x2nrealloc(node->children, &allocated,
                                        sizeof *node->children);
        }
        node->children[node->n_children++] = parse_expression(parser, 0);
        if (parser->token.type != T_COMMA) {
            break;
        }
        next_token(parser);
    } while (!parser->error);
    expect(parser, T_RBRACKET, "] after a multi-select list");
    return node;
}

/* Parses a multi-select hash after its '{': "key: a, ...}". */
static struct node *
parse_multi_hash(struct parser *parser)
{
    struct node *node = node_create(N_MULTI_HASH, NULL, NULL);
    size_t allocated = 0;

    do {
        if (parser->token.type != T_IDENTIFIER) {
            parse_error(parser, "expected a key in a multi-select hash");
            break;
        }
        if (node->n_children >= allocated) {
            size_t n = allocated;

            node->children = x2nrealloc(node->children, &allocated,
                                        sizeof *node->children);
            node->keys = xrealloc(node->keys, allocated * sizeof *node->keys);
            memset(&node->keys[n], 0, (allocated - n) * sizeof *node->keys);
        }
        node->keys[node->n_children] = xstrdup(parser->token.text);
        next_token(parser);
        expect(parser, T_COLON, ": in a multi-select hash");
        node->children[node->n_children++] = parse_expression(parser, 0);
        if (parser->token.type != T_COMMA) {
            break;
        }
        next_token(parser);
    } while (!parser->error);
    expect(parser, T_RBRACE, "} after a multi-select hash");
    return node;
}

/* Parses a slice "start:stop:step]" (each part optional) after '[', whose
 * start, if any, is already read into 'node', and returns the projection
 * of the slice of 'node->left'. */
static struct node *
parse_slice(struct parser *parser, struct node *node)
{
    node->type = N_SLICE;
    for (int part = 1; part < 3 && parser->token.type == T_COLON; part++) {
        next_token(parser);
        if (parser->token.type == T_NUMBER) {
            node->slice[part] = parser->token.number;
            node->has_slice[part] = true;
            next_token(parser);
        }
    }
    if (node->has_slice[2] && !node->slice[2]) {
        parse_error(parser, "a slice's step cannot be 0");
    }
    expect(parser, T_RBRACKET, "] after a slice");
    return node_create(N_PROJECTION, node,
                       parse_projection_rhs(parser, binding_power(T_STAR)));
}

/* Parses an index "N]" or a slice "start:stop:step]" after '[' and returns
 * an N_INDEX node, or the projection of an N_SLICE node, applied to
 * 'left'. */
static struct node *
parse_index(struct parser *parser, struct node *left)
{
    struct node *node = node_create(N_INDEX, left, NULL);

    if (parser->token.type == T_NUMBER) {
        node->index = node->slice[0] = parser->token.number;
        node->has_slice[0] = true;
        next_token(parser);
    } else if (parser->token.type != T_COLON) {
        parse_error(parser, "expected an index or a slice");
        return node;
    }
    if (parser->token.type == T_COLON) {
        return parse_slice(parser, node);
    }
    expect(parser, T_RBRACKET, "] after an index");
    return node;
}

/* Parses a filter projection's "condition]" and right-hand side, for the
 * elements of 'left'. */
static struct node *
parse_filter(struct parser *parser, struct node *left)
{
    struct node *node = node_create(N_FILTER, left, NULL);

    node->cond = parse_expression(parser, 0);
    expect(parser, T_RBRACKET, "] after a filter");
    node->right = parse_projection_rhs(parser, binding_power(T_FILTER));
    return node;
}

/* Parses the expression that starts with the current token (its "null
 * denotation"). */
static struct node *
parse_prefix(struct parser *parser)
{
    struct token *t = &parser->token;
    struct node *node;

    switch (t->type) {
    case T_IDENTIFIER:
        node = node_create(N_FIELD, NULL, NULL);
        node->name = xstrdup(t->text);
        next_token(parser);
        return node;
    case T_LITERAL:
        node = node_create(N_LITERAL, NULL, NULL);
        node->literal = json_clone(t->json);
        next_token(parser);
        return node;
    case T_AT:
        next_token(parser);
        return node_create(N_CURRENT, NULL, NULL);
    case T_STAR:
        next_token(parser);
        return node_create(N_VALUE_PROJECTION,
                           node_create(N_CURRENT, NULL, NULL),
                           parse_projection_rhs(parser,
                                                binding_power(T_STAR)));
    case T_FLATTEN:
        next_token(parser);
        return node_create(N_PROJECTION,
                           node_create(N_FLATTEN,
                                       node_create(N_CURRENT, NULL, NULL),
                                       NULL),
                           parse_projection_rhs(parser,
                                                binding_power(T_FLATTEN)));
    case T_FILTER:
        next_token(parser);
        return parse_filter(parser, node_create(N_CURRENT, NULL, NULL));
    case T_LBRACKET:
        next_token(parser);
        if (t->type == T_NUMBER || t->type == T_COLON) {
            return parse_index(parser, node_create(N_CURRENT, NULL, NULL));
        } else if (t->type == T_STAR) {
            next_token(parser);
            expect(parser, T_RBRACKET, "] after [*");
            return node_create(N_PROJECTION,
                               node_create(N_CURRENT, NULL, NULL),
                               parse_projection_rhs(parser,
                                                    binding_power(T_STAR)));
        }
        return parse_multi_list(parser);
    case T_LBRACE:
        next_token(parser);
        return parse_multi_hash(parser);
    case T_NOT:
        next_token(parser);
        return node_create(N_NOT, parse_expression(parser,
                                                   binding_power(T_NOT)),
                           NULL);
    case T_LPAREN:
        next_token(parser);
        node = parse_expression(parser, 0);
        expect(parser, T_RPAREN, ")");
        return node;
    case T_EXPREF:
        next_token(parser);
        return node_create(N_EXPREF, parse_expression(parser, 0), NULL);
    default:
        parse_error(parser, "unexpected %s",
                    t->type == T_EOF ? "end of expression" : "token");
        return node_create(N_CURRENT, NULL, NULL);
    }
}

/* Parses the function call arguments "a, b)" after 'name(' and returns the
 * call. */
static struct node *
parse_function(struct parser *parser, struct node *name)
{
    struct node *node = node_create(N_FUNCTION, NULL, NULL);
    size_t allocated = 0;

    node->name = name->name;
    name->name = NULL;
    node_destroy(name);
    while (parser->token.type != T_RPAREN && !parser->error) {
        if (node->n_children >= allocated) {
            node->children = x2nrealloc(node->children, &allocated,
                                        sizeof *node->children);
        }
        node->children[node->n_children++] = parse_expression(parser, 0);
        if (parser->token.type == T_COMMA) {
            next_token(parser);
        } else if (parser->token.type != T_RPAREN) {
            parse_error(parser, "expected , or ) in a function call");
        }
    }
    expect(parser, T_RPAREN, ")");
    return node;
}

/* Continues the expression 'left' with the current token (its "left
 * denotation"). */
static struct node *
parse_infix(struct parser *parser, struct node *left)
{
    enum token_type type = parser->token.type;
    int bp = binding_power(type);

    next_token(parser);
    switch (type) {
    case T_DOT:
        if (parser->token.type == T_STAR) {
            next_token(parser);
            return node_create(N_VALUE_PROJECTION, left,
                               parse_projection_rhs(parser, bp));
        } else if (parser->token.type == T_LBRACKET) {
            next_token(parser);
            return node_create(N_SUBEXPR, left, parse_multi_list(parser));
        } else if (parser->token.type == T_LBRACE) {
            next_token(parser);
            return node_create(N_SUBEXPR, left, parse_multi_hash(parser));
        } else if (parser->token.type != T_IDENTIFIER) {
            parse_error(parser, "expected an identifier after .");
        }
        return node_create(N_SUBEXPR, left, parse_expression(parser, bp));
    case T_LBRACKET:
        if (parser->token.type == T_STAR) {
            next_token(parser);
            expect(parser, T_RBRACKET, "] after [*");
            return node_create(N_PROJECTION, left,
                               parse_projection_rhs(parser,
                                                    binding_power(T_STAR)));
        }
        return parse_index(parser, left);
    case T_FLATTEN:
        return node_create(N_PROJECTION,
                           node_create(N_FLATTEN, left, NULL),
                           parse_projection_rhs(parser, bp));
    case T_FILTER:
        return parse_filter(parser, left);
    case T_PIPE:
        return node_create(N_PIPE, left, parse_expression(parser, bp));
    case T_OR:
        return node_create(N_OR, left, parse_expression(parser, bp));
    case T_AND:
        return node_create(N_AND, left, parse_expression(parser, bp));
    case T_EQ: case T_NE: case T_LT: case T_LE: case T_GT: case T_GE: {
        struct node *node = node_create(N_COMPARE, left,
                                        parse_expression(parser, bp));
        node->op = type;
        return node;
    }
    case T_LPAREN:
        if (left->type != N_FIELD) {
            parse_error(parser, "only a name can be called");
            return left;
        }
        return parse_function(parser, left);
    default:
        parse_error(parser, "unexpected token");
        return left;
    }
}

/* Parses an expression whose operators bind more strongly than 'rbp'. */
static struct node *
parse_expression(struct parser *parser, int rbp)
{
    struct node *left = parse_prefix(parser);

    while (!parser->error && rbp < binding_power(parser->token.type)) {
        left = parse_infix(parser, left);
    }
    return left;
}

/* ------------------------------------------------------------------ */
/* Evaluation.  Every function returns a new reference. */

static struct json *evaluate(const struct node *, const struct json *);

/* Returns true if 'json' is truthy: not null, false, or empty. */
bool
query_is_true(const struct json *json)
{
    switch (json->type) {
    case JSON_NULL: case JSON_FALSE: return false;
    case JSON_STRING: return json_string(json)[0] != '\0';
    case JSON_ARRAY: return json->array.n > 0;
    case JSON_OBJECT: return !shash_is_empty(json->object);
    default: return true;
    }
}

/* Returns a comparison of 'a' and 'b' with 'op' (null if the ordering
 * comparators meet something other than two numbers or two strings). */
static struct json *
compare(enum token_type op, const struct json *a, const struct json *b)
{
    double x, y;

    if (op == T_EQ || op == T_NE) {
        bool equal;

        if (query_get_number(a, &x) && query_get_number(b, &y)) {
            equal = x == y;
        } else {
            equal = json_equal(a, b);
        }
        return json_boolean_create(op == T_EQ ? equal : !equal);
    }
    if (a->type == JSON_STRING && b->type == JSON_STRING) {
        /* As the AWS CLI's JMESPath does, strings compare too, by code
         * point, which is the order of their UTF-8 bytes. */
        x = strcmp(json_string(a), json_string(b));
        y = 0;
    } else if (!query_get_number(a, &x) || !query_get_number(b, &y)) {
        return json_null_create();
    }
    return json_boolean_create(op == T_LT ? x < y : op == T_LE ? x <= y
                               : op == T_GT ? x > y : x >= y);
}

/* Applies 'node' to each member of 'elements' ('n' of them), collecting the
 * non-null results. */
static struct json *
project(const struct node *node, struct json **elements, size_t n)
{
    struct json *result = json_array_create_empty();

    for (size_t i = 0; i < n; i++) {
        struct json *r = evaluate(node, elements[i]);

        if (r->type != JSON_NULL) {
            json_array_add(result, r);
        } else {
            json_destroy(r);
        }
    }
    return result;
}

/* Returns the slice of array 'a' that 'node' (N_SLICE) gives, as Python
 * slices lists: negative start and stop count from the end, a negative
 * step walks backward. */
static struct json *
slice(const struct node *node, const struct json *a)
{
    long long int n = a->array.n;
    long long int step = node->has_slice[2] ? node->slice[2] : 1;
    long long int lo = step < 0 ? -1 : 0, hi = step < 0 ? n - 1 : n;
    long long int start = step < 0 ? hi : lo, stop = step < 0 ? lo : hi;
    struct json *result = json_array_create_empty();

    for (int part = 0; part < 2; part++) {
        if (node->has_slice[part]) {
            long long int x = node->slice[part];

            x = x < 0 ? MAX(x + n, lo) : MIN(x, hi);
            *(part ? &stop : &start) = x;
        }
    }
    for (long long int i = start; step > 0 ? i < stop : i > stop; i += step) {
        json_array_add(result, json_clone(a->array.elems[i]));
    }
    return result;
}

/* Calls the function of 'node' (N_FUNCTION) on 'data'. */
static struct json *
call_function(const struct node *node, const struct json *data)
{
    struct query_arg *args = xcalloc(node->n_children + 1, sizeof *args);
    struct json *result;

    for (size_t i = 0; i < node->n_children; i++) {
        const struct node *child = node->children[i];

        if (child->type == N_EXPREF) {
            args[i].expref = child->left;
        } else {
            args[i].value = query_evaluate(child, data);
        }
    }
    result = query_call_function(node->name, args, node->n_children);
    for (size_t i = 0; i < node->n_children; i++) {
        json_destroy(args[i].value);
    }
    free(args);
    return result;
}

/* Evaluates 'node' against 'data'. */
static struct json *
evaluate(const struct node *node, const struct json *data)
{
    struct json *left, *result;

    switch (node->type) {
    case N_FIELD: {
        struct json *value = (data->type == JSON_OBJECT
                              ? shash_find_data(data->object, node->name)
                              : NULL);
        return value ? json_clone(value) : json_null_create();
    }
    case N_CURRENT:
        return json_clone(data);
    case N_LITERAL:
        return json_clone(node->literal);
    case N_SUBEXPR:
    case N_PIPE:
        left = evaluate(node->left, data);
        result = evaluate(node->right, left);
        json_destroy(left);
        return result;
    case N_INDEX:
        left = evaluate(node->left, data);
        result = NULL;
        if (left->type == JSON_ARRAY) {
            long long int n = left->array.n;
            long long int i = node->index < 0 ? n + node->index : node->index;
            if (i >= 0 && i < n) {
                result = json_clone(left->array.elems[i]);
            }
        }
        json_destroy(left);
        return result ? result : json_null_create();
    case N_PROJECTION:
        left = evaluate(node->left, data);
        result = (left->type == JSON_ARRAY
                  ? project(node->right, left->array.elems, left->array.n)
                  : json_null_create());
        json_destroy(left);
        return result;
    case N_VALUE_PROJECTION:
        left = evaluate(node->left, data);
        if (left->type == JSON_OBJECT) {
            const struct shash_node **nodes = shash_sort(left->object);
            size_t n = shash_count(left->object);
            struct json **values = xmalloc(n * sizeof *values + 1);

            for (size_t i = 0; i < n; i++) {
                values[i] = nodes[i]->data;
            }
            result = project(node->right, values, n);
            free(values);
            free(nodes);
        } else {
            result = json_null_create();
        }
        json_destroy(left);
        return result;
    case N_FLATTEN:
        left = evaluate(node->left, data);
        if (left->type == JSON_ARRAY) {
            result = json_array_create_empty();
            for (size_t i = 0; i < left->array.n; i++) {
                const struct json *e = left->array.elems[i];

                if (e->type == JSON_ARRAY) {
                    for (size_t j = 0; j < e->array.n; j++) {
                        json_array_add(result, json_clone(e->array.elems[j]));
                    }
                } else {
                    json_array_add(result, json_clone(e));
                }
            }
        } else {
            result = json_null_create();
        }
        json_destroy(left);
        return result;
    case N_FILTER:
        left = evaluate(node->left, data);
        if (left->type == JSON_ARRAY) {
            result = json_array_create_empty();
            for (size_t i = 0; i < left->array.n; i++) {
                struct json *c = evaluate(node->cond, left->array.elems[i]);

                if (query_is_true(c)) {
                    struct json *r = evaluate(node->right,
                                              left->array.elems[i]);
                    if (r->type != JSON_NULL) {
                        json_array_add(result, r);
                    } else {
                        json_destroy(r);
                    }
                }
                json_destroy(c);
            }
        } else {
            result = json_null_create();
        }
        json_destroy(left);
        return result;
    case N_OR:
    case N_AND:
        left = evaluate(node->left, data);
        if (query_is_true(left) == (node->type == N_OR)) {
            return left;
        }
        json_destroy(left);
        return evaluate(node->right, data);
    case N_NOT:
        left = evaluate(node->left, data);
        result = json_boolean_create(!query_is_true(left));
        json_destroy(left);
        return result;
    case N_COMPARE: {
        struct json *right = evaluate(node->right, data);

        left = evaluate(node->left, data);
        result = compare(node->op, left, right);
        json_destroy(left);
        json_destroy(right);
        return result;
    }
    case N_MULTI_LIST:
    case N_MULTI_HASH:
        if (data->type == JSON_NULL) {
            return json_null_create();
        }
        result = (node->type == N_MULTI_LIST ? json_array_create_empty()
                  : json_object_create());
        for (size_t i = 0; i < node->n_children; i++) {
            struct json *r = evaluate(node->children[i], data);

            if (node->type == N_MULTI_LIST) {
                json_array_add(result, r);
            } else {
                json_object_put(result, node->keys[i], r);
            }
        }
        return result;
    case N_FUNCTION:
        return call_function(node, data);
    case N_SLICE:
        left = evaluate(node->left, data);
        result = (left->type == JSON_ARRAY ? slice(node, left)
                  : json_null_create());
        json_destroy(left);
        return result;
    case N_EXPREF:
        /* An expression reference means something only as a function's
         * argument. */
        return json_null_create();
    }
    OVS_NOT_REACHED();
}

/* Evaluates 'node' against 'data', for the functions that take expression
 * references. */
struct json *
query_evaluate(const struct node *node, const struct json *data)
{
    return evaluate(node, data);
}

/* Returns true if 'node' or a node under it calls a function that does not
 * exist, naming it in '*error'. */
static bool
check_functions(const struct node *node, char **error)
{
    if (!node) {
        return false;
    }
    if (node->type == N_FUNCTION) {
        if (!query_function_exists(node->name)) {
            *error = xasprintf("unknown function %s()", node->name);
            return true;
        }
    }
    for (size_t i = 0; i < node->n_children; i++) {
        if (check_functions(node->children[i], error)) {
            return true;
        }
    }
    return (check_functions(node->left, error)
            || check_functions(node->right, error)
            || check_functions(node->cond, error));
}

/* Evaluates the JMESPath 'expression' against 'data' and stores the result
 * in '*resultp' (the caller must json_destroy() it).  Returns NULL if
 * successful, otherwise a malloc()'d message explaining why 'expression' is
 * not valid (and '*resultp' is NULL). */
char *
mirrorctl_query(const char *expression, const struct json *data,
                struct json **resultp)
{
    struct parser parser = { .p = expression };
    struct node *tree;
    char *error;

    *resultp = NULL;
    next_token(&parser);
    tree = parse_expression(&parser, 0);
    if (!parser.error && parser.token.type != T_EOF) {
        parse_error(&parser, "unexpected token");
    }
    if (!parser.error) {
        check_functions(tree, &parser.error);
    }
    if (parser.error) {
        error = xasprintf("Bad value for --query %s: %s (at offset %d)",
                          expression, parser.error,
                          (int) (parser.p - expression));
        free(parser.error);
    } else {
        *resultp = evaluate(tree, data);
        error = NULL;
    }
    node_destroy(tree);
    free(parser.token.text);
    json_destroy(parser.token.json);
    return error;
}
