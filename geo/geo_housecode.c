/* geo_housecode.c — house codes: Crockford base32 payload + a GF(32) check symbol. */
#include "geo_housecode.h"

#include <string.h>

static const char ALPHABET[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
#define N_SYMBOLS 32
#define N_CHARS 11 /* "HN" + 8 payload + check */

/* Value of a Crockford symbol (with look-alikes), or -1. */
static int symbol_value(char c)
{
    if (c >= 'a' && c <= 'z')
        c = (char)(c - 'a' + 'A');
    if (c == 'O')
        c = '0';
    if (c == 'I' || c == 'L')
        c = '1';
    const char *p = c ? strchr(ALPHABET, c) : NULL;
    return p ? (int)(p - ALPHABET) : -1;
}

/* Multiplication in GF(32) with the primitive polynomial x^5 + x^2 + 1. */
static int gf32_mul(int a, int b)
{
    int r = 0;
    while (b) {
        if (b & 1)
            r ^= a;
        b >>= 1;
        a <<= 1;
        if (a & 32)
            a ^= 0x25;
    }
    return r;
}

/* The check value: c = sum over i of alpha^(n-i) * v[i] in GF(32), alpha = x,
 * so that the code's weighted sum with c's weight 1 is zero. A single wrong
 * symbol changes the sum by alpha^k * e (never 0 in a field); swapping two
 * symbols a, b changes it by (a+b)(alpha^j + alpha^k), never 0 for j != k
 * below 31: every substitution and every transposition is caught. */
static int check_value(const int *v, int n)
{
    int sum = 0, w = 1;
    for (int i = n - 1; i >= 0; i--) {
        w = gf32_mul(w, 2);
        sum ^= gf32_mul(w, v[i]);
    }
    return sum;
}

static void format_code(const int *v, char *out)
{
    /* v: 11 values; HN-XXXX-XXXX-C */
    int o = 0;
    for (int i = 0; i < N_CHARS; i++) {
        if (i == 2 || i == 6 || i == 10)
            out[o++] = '-';
        out[o++] = ALPHABET[v[i]];
    }
    out[o] = '\0';
}

pc_rc geo_housecode_make(unsigned ns, uint64_t serial, char *out)
{
    if (ns > 31 || serial > GEO_HOUSECODE_SERIAL_MAX)
        return PC_EINVAL;
    uint64_t payload = ((uint64_t)ns << 35) | serial;
    int v[N_CHARS];
    v[0] = symbol_value('H');
    v[1] = symbol_value('N');
    for (int i = 0; i < 8; i++)
        v[2 + i] = (int)((payload >> (5 * (7 - i))) & 31);
    v[10] = check_value(v, 10);
    format_code(v, out);
    return PC_OK;
}

/* Reads the 11 symbol values out of text; -1 on a bad shape. */
static int read_values(const char *text, int *v)
{
    int n = 0;
    for (const char *p = text; *p; p++) {
        if (*p == '-' || *p == ' ' || *p == '\t')
            continue;
        int x = symbol_value(*p);
        if (x < 0 || n == N_CHARS)
            return -1;
        v[n++] = x;
    }
    if (n != N_CHARS || v[0] != symbol_value('H') || v[1] != symbol_value('N'))
        return -1;
    return 0;
}

pc_rc geo_housecode_parse(const char *text, char *out)
{
    int v[N_CHARS];
    out[0] = '\0';
    if (!text || strlen(text) > 64 || read_values(text, v) != 0)
        return PC_EINVAL;
    format_code(v, out);
    return check_value(v, 10) == v[10] ? PC_OK : PC_EFORMAT;
}

static size_t add_if_valid(int *v, char (*out)[GEO_HOUSECODE_LEN + 1], size_t max, size_t n)
{
    if (check_value(v, 10) != v[10])
        return n;
    char code[GEO_HOUSECODE_LEN + 1];
    format_code(v, code);
    for (size_t i = 0; i < n && i < max; i++)
        if (strcmp(out[i], code) == 0)
            return n;
    if (n < max)
        memcpy(out[n], code, sizeof code);
    return n + 1;
}

size_t geo_housecode_neighbours(const char *code, char (*out)[GEO_HOUSECODE_LEN + 1], size_t max)
{
    int v[N_CHARS];
    size_t n = 0;
    if (read_values(code, v) != 0)
        return 0;
    /* one symbol replaced (the province prefix is fixed) */
    for (int i = 2; i < N_CHARS; i++) {
        int keep = v[i];
        for (int x = 0; x < N_SYMBOLS; x++) {
            if (x == keep)
                continue;
            v[i] = x;
            n = add_if_valid(v, out, max, n);
        }
        v[i] = keep;
    }
    /* two neighbours swapped */
    for (int i = 2; i + 1 < N_CHARS; i++) {
        if (v[i] == v[i + 1])
            continue;
        int t = v[i];
        v[i] = v[i + 1], v[i + 1] = t;
        n = add_if_valid(v, out, max, n);
        v[i + 1] = v[i], v[i] = t;
    }
    return n;
}

pc_rc geo_housecode_decode(const char *code, unsigned *ns, uint64_t *serial)
{
    int v[N_CHARS];
    if (read_values(code, v) != 0 || check_value(v, 10) != v[10])
        return PC_EINVAL;
    uint64_t payload = 0;
    for (int i = 2; i < 10; i++)
        payload = (payload << 5) | (uint64_t)v[i];
    *ns = (unsigned)(payload >> 35);
    *serial = payload & GEO_HOUSECODE_SERIAL_MAX;
    return PC_OK;
}
