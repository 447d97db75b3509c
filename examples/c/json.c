/* json.c - see json.h. */
#include "json.h"

#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Deep enough for any protocol message (they nest 3 levels), shallow enough for the C stack. */
#define MAX_DEPTH 64

/* ------------------------------------------------------------------------------------------
 * Reader: recursive descent over [pos, end). Every function returns NULL/false on error after
 * recording the reason in p->err.
 */
typedef struct {
    const char *pos;
    const char *start;
    const char *end;
    char *err;
    size_t err_size;
    bool failed;
} parser;

static void fail(parser *p, const char *what)
{
    if (p->failed) return; /* keep the first, most precise reason */
    p->failed = true;
    snprintf(p->err, p->err_size, "%s at offset %zu", what, (size_t)(p->pos - p->start));
}

static void *xcalloc(size_t n, size_t size)
{
    void *q = calloc(n, size);
    if (q == NULL) {
        fputs("tcp_endpoint: out of memory\n", stderr);
        exit(1);
    }
    return q;
}

static void *xrealloc(void *old, size_t size)
{
    void *q = realloc(old, size);
    if (q == NULL) {
        fputs("tcp_endpoint: out of memory\n", stderr);
        exit(1);
    }
    return q;
}

static void skip_space(parser *p)
{
    while (p->pos < p->end && (*p->pos == ' ' || *p->pos == '\t' || *p->pos == '\n' || *p->pos == '\r')) p->pos++;
}

static bool literal(parser *p, const char *word)
{
    size_t n = strlen(word);
    if ((size_t)(p->end - p->pos) < n || memcmp(p->pos, word, n) != 0) {
        fail(p, "invalid literal");
        return false;
    }
    p->pos += n;
    return true;
}

static json_value *parse_value(parser *p, int depth);

/* Four hex digits of a \u escape. */
static bool hex4(parser *p, unsigned *out)
{
    if (p->end - p->pos < 4) {
        fail(p, "truncated \\u escape");
        return false;
    }
    unsigned v = 0;
    for (int i = 0; i < 4; i++) {
        char c = p->pos[i];
        v <<= 4;
        if (c >= '0' && c <= '9') v |= (unsigned)(c - '0');
        else if (c >= 'a' && c <= 'f') v |= (unsigned)(c - 'a' + 10);
        else if (c >= 'A' && c <= 'F') v |= (unsigned)(c - 'A' + 10);
        else {
            fail(p, "bad hex digit in \\u escape");
            return false;
        }
    }
    p->pos += 4;
    *out = v;
    return true;
}

/* Append code point cp to buf as UTF-8 (buf has room: see parse_string). */
static size_t put_utf8(char *buf, unsigned cp)
{
    if (cp < 0x80) {
        buf[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        buf[0] = (char)(0xC0 | cp >> 6);
        buf[1] = (char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        buf[0] = (char)(0xE0 | cp >> 12);
        buf[1] = (char)(0x80 | (cp >> 6 & 0x3F));
        buf[2] = (char)(0x80 | (cp & 0x3F));
        return 3;
    }
    buf[0] = (char)(0xF0 | cp >> 18);
    buf[1] = (char)(0x80 | (cp >> 12 & 0x3F));
    buf[2] = (char)(0x80 | (cp >> 6 & 0x3F));
    buf[3] = (char)(0x80 | (cp & 0x3F));
    return 4;
}

/*
 * A string, starting at its opening quote. The decoded text is never longer than the source
 * (an escape of n chars decodes to at most n bytes: \uXXXX -> <= 3, a surrogate pair of 12
 * chars -> 4), so a buffer the size of the rest of the input always suffices.
 */
static char *parse_string(parser *p, size_t *out_len)
{
    p->pos++; /* the opening quote */
    const char *close = p->pos;
    /* Find the closing quote first, to size the buffer. */
    while (close < p->end && *close != '"') close += (*close == '\\' && close + 1 < p->end) ? 2 : 1;
    if (close >= p->end) {
        fail(p, "unterminated string");
        return NULL;
    }
    char *buf = xcalloc((size_t)(close - p->pos) + 1, 1);
    size_t n = 0;
    while (p->pos < close) {
        unsigned char c = (unsigned char)*p->pos;
        if (c < 0x20) {
            fail(p, "control character in string");
            goto error;
        }
        if (c != '\\') {
            buf[n++] = (char)c;
            p->pos++;
            continue;
        }
        p->pos++; /* the backslash; the scan above guarantees a char follows */
        char e = *p->pos++;
        switch (e) {
        case '"': buf[n++] = '"'; break;
        case '\\': buf[n++] = '\\'; break;
        case '/': buf[n++] = '/'; break;
        case 'b': buf[n++] = '\b'; break;
        case 'f': buf[n++] = '\f'; break;
        case 'n': buf[n++] = '\n'; break;
        case 'r': buf[n++] = '\r'; break;
        case 't': buf[n++] = '\t'; break;
        case 'u': {
            unsigned cp;
            if (!hex4(p, &cp)) goto error;
            if (cp >= 0xD800 && cp <= 0xDBFF) { /* high surrogate: a low one must follow */
                unsigned lo;
                if (close - p->pos < 6 || p->pos[0] != '\\' || p->pos[1] != 'u') {
                    fail(p, "unpaired surrogate in \\u escape");
                    goto error;
                }
                p->pos += 2;
                if (!hex4(p, &lo)) goto error;
                if (lo < 0xDC00 || lo > 0xDFFF) {
                    fail(p, "unpaired surrogate in \\u escape");
                    goto error;
                }
                cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
            } else if (cp >= 0xDC00 && cp <= 0xDFFF) {
                fail(p, "unpaired surrogate in \\u escape");
                goto error;
            }
            n += put_utf8(buf + n, cp);
            break;
        }
        default:
            p->pos--;
            fail(p, "invalid escape in string");
            goto error;
        }
    }
    p->pos = close + 1; /* past the closing quote */
    buf[n] = '\0';
    *out_len = n;
    return buf;
error:
    free(buf);
    return NULL;
}

/* A number, checked against the JSON grammar, then converted with strtod. */
static json_value *parse_number(parser *p)
{
    const char *s = p->pos;
    const char *q = s;
    if (q < p->end && *q == '-') q++;
    if (q < p->end && *q == '0') q++;
    else if (q < p->end && *q >= '1' && *q <= '9') while (q < p->end && *q >= '0' && *q <= '9') q++;
    else {
        fail(p, "invalid number");
        return NULL;
    }
    if (q < p->end && *q == '.') {
        q++;
        if (q >= p->end || *q < '0' || *q > '9') {
            fail(p, "invalid number");
            return NULL;
        }
        while (q < p->end && *q >= '0' && *q <= '9') q++;
    }
    if (q < p->end && (*q == 'e' || *q == 'E')) {
        q++;
        if (q < p->end && (*q == '+' || *q == '-')) q++;
        if (q >= p->end || *q < '0' || *q > '9') {
            fail(p, "invalid number");
            return NULL;
        }
        while (q < p->end && *q >= '0' && *q <= '9') q++;
    }
    /* strtod needs a NUL-terminated copy: the input line is not ours to modify. */
    char small[64];
    size_t n = (size_t)(q - s);
    char *copy = n < sizeof small ? small : xcalloc(n + 1, 1);
    memcpy(copy, s, n);
    copy[n] = '\0';
    json_value *v = xcalloc(1, sizeof *v);
    v->type = JSON_NUMBER;
    v->number = strtod(copy, NULL); /* "C" locale: we never call setlocale */
    if (copy != small) free(copy);
    p->pos = q;
    return v;
}

/* Append (key, item) to an array or object node. */
static void add_item(json_value *v, char *key, json_value *item)
{
    v->items = xrealloc(v->items, (v->count + 1) * sizeof *v->items);
    if (v->type == JSON_OBJECT) v->keys = xrealloc(v->keys, (v->count + 1) * sizeof *v->keys);
    if (v->type == JSON_OBJECT) v->keys[v->count] = key;
    v->items[v->count++] = item;
}

/* An array or object, starting at its opening bracket. */
static json_value *parse_container(parser *p, int depth, json_type type)
{
    char close = type == JSON_ARRAY ? ']' : '}';
    json_value *v = xcalloc(1, sizeof *v);
    v->type = type;
    p->pos++; /* '[' or '{' */
    skip_space(p);
    if (p->pos < p->end && *p->pos == close) {
        p->pos++;
        return v;
    }
    for (;;) {
        char *key = NULL;
        if (type == JSON_OBJECT) {
            size_t key_len;
            skip_space(p);
            if (p->pos >= p->end || *p->pos != '"') {
                fail(p, "expected a member name");
                goto error;
            }
            if ((key = parse_string(p, &key_len)) == NULL) goto error;
            skip_space(p);
            if (p->pos >= p->end || *p->pos != ':') {
                free(key);
                fail(p, "expected ':'");
                goto error;
            }
            p->pos++;
        }
        json_value *item = parse_value(p, depth + 1);
        if (item == NULL) {
            free(key);
            goto error;
        }
        add_item(v, key, item);
        skip_space(p);
        if (p->pos < p->end && *p->pos == ',') {
            p->pos++;
            continue;
        }
        if (p->pos < p->end && *p->pos == close) {
            p->pos++;
            return v;
        }
        fail(p, type == JSON_ARRAY ? "expected ',' or ']'" : "expected ',' or '}'");
        goto error;
    }
error:
    json_free(v);
    return NULL;
}

static json_value *parse_value(parser *p, int depth)
{
    if (depth > MAX_DEPTH) {
        fail(p, "nested too deeply");
        return NULL;
    }
    skip_space(p);
    if (p->pos >= p->end) {
        fail(p, "unexpected end of input");
        return NULL;
    }
    json_value *v;
    switch (*p->pos) {
    case '{': return parse_container(p, depth, JSON_OBJECT);
    case '[': return parse_container(p, depth, JSON_ARRAY);
    case '"': {
        size_t len;
        char *s = parse_string(p, &len);
        if (s == NULL) return NULL;
        v = xcalloc(1, sizeof *v);
        v->type = JSON_STRING;
        v->string = s;
        v->length = len;
        return v;
    }
    case 't':
    case 'f': {
        bool b = *p->pos == 't';
        if (!literal(p, b ? "true" : "false")) return NULL;
        v = xcalloc(1, sizeof *v);
        v->type = JSON_BOOL;
        v->boolean = b;
        return v;
    }
    case 'n':
        if (!literal(p, "null")) return NULL;
        v = xcalloc(1, sizeof *v);
        v->type = JSON_NULL;
        return v;
    default:
        return parse_number(p);
    }
}

json_value *json_parse(const char *text, size_t len, char *err, size_t err_size)
{
    parser p = { text, text, text + len, err, err_size, false };
    if (err_size > 0) err[0] = '\0';
    json_value *v = parse_value(&p, 0);
    if (v == NULL) return NULL;
    skip_space(&p);
    if (p.pos != p.end) {
        fail(&p, "unexpected text after the JSON value");
        json_free(v);
        return NULL;
    }
    return v;
}

void json_free(json_value *v)
{
    if (v == NULL) return;
    for (size_t i = 0; i < v->count; i++) {
        json_free(v->items[i]);
        if (v->keys != NULL) free(v->keys[i]);
    }
    free(v->items);
    free(v->keys);
    free(v->string);
    free(v);
}

const json_value *json_get(const json_value *object, const char *key)
{
    if (object == NULL || object->type != JSON_OBJECT) return NULL;
    for (size_t i = 0; i < object->count; i++)
        if (strcmp(object->keys[i], key) == 0) return object->items[i];
    return NULL;
}

bool json_integer(const json_value *v, double min, double max, double *out)
{
    if (v == NULL || v->type != JSON_NUMBER) return false;
    double d = v->number;
    if (!isfinite(d) || d != floor(d) || d < min || d > max) return false;
    *out = d;
    return true;
}

/* ------------------------------------------------------------------------------------------
 * Writer.
 */
static void sb_reserve(strbuf *sb, size_t extra)
{
    if (sb->len + extra + 1 <= sb->cap) return;
    size_t cap = sb->cap ? sb->cap : 256;
    while (cap < sb->len + extra + 1) cap *= 2;
    sb->data = xrealloc(sb->data, cap);
    sb->cap = cap;
}

void sb_append(strbuf *sb, const char *s, size_t n)
{
    sb_reserve(sb, n);
    memcpy(sb->data + sb->len, s, n);
    sb->len += n;
    sb->data[sb->len] = '\0';
}

void sb_puts(strbuf *sb, const char *s)
{
    sb_append(sb, s, strlen(s));
}

void sb_printf(strbuf *sb, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n <= 0) return;
    sb_reserve(sb, (size_t)n);
    va_start(ap, fmt);
    vsnprintf(sb->data + sb->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    sb->len += (size_t)n;
}

void sb_json_string(strbuf *sb, const char *s, size_t n)
{
    sb_append(sb, "\"", 1);
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == '"' || c == '\\') {
            char esc[2] = { '\\', (char)c };
            sb_append(sb, esc, 2);
        } else if (c < 0x20 || c == 0x7F) {
            sb_printf(sb, "\\u%04x", c);
        } else {
            /* Bytes >= 0x80 pass through: our strings are ASCII or UTF-8 from the input. */
            sb_append(sb, (const char *)&c, 1);
        }
    }
    sb_append(sb, "\"", 1);
}

void sb_clear(strbuf *sb)
{
    sb->len = 0;
    if (sb->data != NULL) sb->data[0] = '\0';
}

void sb_free(strbuf *sb)
{
    free(sb->data);
    sb->data = NULL;
    sb->len = sb->cap = 0;
}
