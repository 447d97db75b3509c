/*
 * base64.h - standard base64 (RFC 4648 §4, alphabet A-Z a-z 0-9 + /, '=' padding).
 *
 * The adapter protocol carries every payload (segment data, application data) as base64.
 */
#ifndef BASE64_H
#define BASE64_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Length of the base64 text for n bytes (without the terminating NUL). */
size_t base64_encoded_length(size_t n);

/* Encode n bytes into out, which must hold base64_encoded_length(n) + 1 chars; NUL-terminates. */
void base64_encode(const uint8_t *in, size_t n, char *out);

/*
 * Decode base64 text (len chars) into a newly malloc'd buffer; *out_len gets its length.
 * Padding is optional; whitespace and any character outside the alphabet are errors.
 * Returns false (and sets *out to NULL) on malformed input. An empty string decodes to a
 * zero-length buffer (still non-NULL, so the caller can always free() it).
 */
bool base64_decode(const char *text, size_t len, uint8_t **out, size_t *out_len);

#endif
