/*
 * json.h - a minimal JSON reader (RFC 8259) and a growable string buffer for writing replies.
 *
 * The reader parses one complete JSON text into a tree of json_value nodes. It is strict
 * (no comments, no trailing commas, no NaN), bounds nesting depth, and never reads past the
 * given length, so malformed or hostile input yields an error message, never a crash.
 * Strings are decoded (escapes, \uXXXX with surrogate pairs -> UTF-8) and NUL-terminated;
 * `length` gives their true length in case they contain \u0000.
 */
#ifndef JSON_H
#define JSON_H

#include <stdbool.h>
#include <stddef.h>

typedef enum { JSON_NULL, JSON_BOOL, JSON_NUMBER, JSON_STRING, JSON_ARRAY, JSON_OBJECT } json_type;

typedef struct json_value {
    json_type type;
    bool boolean;               /* JSON_BOOL */
    double number;              /* JSON_NUMBER */
    char *string;               /* JSON_STRING: decoded, NUL-terminated */
    size_t length;              /* JSON_STRING: length in bytes */
    size_t count;               /* JSON_ARRAY / JSON_OBJECT: number of items */
    struct json_value **items;  /* JSON_ARRAY / JSON_OBJECT: the values */
    char **keys;                /* JSON_OBJECT: the member names, parallel to items */
} json_value;

/*
 * Parse `len` bytes of `text`. Returns the tree (free it with json_free) or NULL with a short
 * reason written to `err` (at most err_size bytes, NUL-terminated).
 */
json_value *json_parse(const char *text, size_t len, char *err, size_t err_size);
void json_free(json_value *v);

/* The value of member `key` of an object (the first, if repeated), or NULL. */
const json_value *json_get(const json_value *object, const char *key);

/* Is v a number with an integral value in [min, max]? If so, store it in *out. */
bool json_integer(const json_value *v, double min, double max, double *out);

/* ------------------------------------------------------------------------------------------
 * Writing: a growable, always NUL-terminated string. Running out of memory ends the program
 * (there is no sensible reply to send without memory).
 */
typedef struct {
    char *data;
    size_t len;
    size_t cap;
} strbuf;

void sb_append(strbuf *sb, const char *s, size_t n);
void sb_puts(strbuf *sb, const char *s);
void sb_printf(strbuf *sb, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Append s (n bytes) as a quoted JSON string, escaping what must be escaped. */
void sb_json_string(strbuf *sb, const char *s, size_t n);
void sb_clear(strbuf *sb);
void sb_free(strbuf *sb);

#endif
