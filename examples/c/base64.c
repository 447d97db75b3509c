/* base64.c - see base64.h. */
#include "base64.h"

#include <stdlib.h>

static const char ALPHABET[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

size_t base64_encoded_length(size_t n)
{
    return (n + 2) / 3 * 4;
}

void base64_encode(const uint8_t *in, size_t n, char *out)
{
    size_t i = 0;
    char *o = out;
    for (; i + 3 <= n; i += 3) { /* whole groups: 3 bytes -> 4 chars */
        uint32_t v = (uint32_t)in[i] << 16 | (uint32_t)in[i + 1] << 8 | in[i + 2];
        *o++ = ALPHABET[v >> 18 & 63];
        *o++ = ALPHABET[v >> 12 & 63];
        *o++ = ALPHABET[v >> 6 & 63];
        *o++ = ALPHABET[v & 63];
    }
    if (n - i == 1) { /* one byte left: 2 chars + "==" */
        uint32_t v = (uint32_t)in[i] << 16;
        *o++ = ALPHABET[v >> 18 & 63];
        *o++ = ALPHABET[v >> 12 & 63];
        *o++ = '=';
        *o++ = '=';
    } else if (n - i == 2) { /* two bytes left: 3 chars + "=" */
        uint32_t v = (uint32_t)in[i] << 16 | (uint32_t)in[i + 1] << 8;
        *o++ = ALPHABET[v >> 18 & 63];
        *o++ = ALPHABET[v >> 12 & 63];
        *o++ = ALPHABET[v >> 6 & 63];
        *o++ = '=';
    }
    *o = '\0';
}

/* The 6-bit value of a base64 character, or -1. */
static int sextet(char c)
{
    if (c >= 'A' && c <= 'Z') return c - 'A';
    if (c >= 'a' && c <= 'z') return c - 'a' + 26;
    if (c >= '0' && c <= '9') return c - '0' + 52;
    if (c == '+') return 62;
    if (c == '/') return 63;
    return -1;
}

bool base64_decode(const char *text, size_t len, uint8_t **out, size_t *out_len)
{
    *out = NULL;
    *out_len = 0;
    /* Strip up to two '=' of padding; after that every char must be in the alphabet. */
    size_t pad = 0;
    while (len > 0 && text[len - 1] == '=' && pad < 2) {
        len--;
        pad++;
    }
    if (len % 4 == 1) return false; /* 6 bits cannot make a byte */
    if (pad > 0 && (len + pad) % 4 != 0) return false; /* padding, if any, must complete the group */

    uint8_t *buf = malloc(len / 4 * 3 + 3); /* never 0 bytes, so never NULL on success */
    if (buf == NULL) return false;
    size_t n = 0;
    uint32_t acc = 0;
    int bits = 0;
    for (size_t i = 0; i < len; i++) {
        int v = sextet(text[i]);
        if (v < 0) {
            free(buf);
            return false;
        }
        acc = (acc << 6 | (uint32_t)v) & 0xFFFFFF;
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            buf[n++] = (uint8_t)(acc >> bits);
        }
    }
    *out = buf;
    *out_len = n;
    return true;
}
