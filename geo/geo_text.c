/* geo_text.c — Vietnamese diacritic folding.
 *
 * Vietnamese letters live in Latin-1 (à, â, ê, ô ...), Latin Extended-A
 * (ă, đ, ĩ, ũ), Latin Extended-B (ơ, ư) and Latin Extended Additional
 * (U+1EA0–U+1EF9, the tone-marked vowels, which come in runs per base
 * letter). Text typed on some keyboards is decomposed (NFD): a base letter
 * followed by combining marks U+0300–U+036F, which are simply dropped. */
#include "geo_text.h"

#include <string.h>

int geo_utf8_decode(const unsigned char *s, size_t n, unsigned *cp)
{
    if (n == 0)
        return 0;
    unsigned c = s[0];
    if (c < 0x80) {
        *cp = c;
        return 1;
    }
    int len;
    unsigned min;
    if ((c & 0xE0) == 0xC0) {
        len = 2, c &= 0x1F, min = 0x80;
    } else if ((c & 0xF0) == 0xE0) {
        len = 3, c &= 0x0F, min = 0x800;
    } else if ((c & 0xF8) == 0xF0) {
        len = 4, c &= 0x07, min = 0x10000;
    } else {
        return 0;
    }
    if ((size_t)len > n)
        return 0;
    for (int i = 1; i < len; i++) {
        if ((s[i] & 0xC0) != 0x80)
            return 0;
        c = (c << 6) | (s[i] & 0x3F);
    }
    if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
        return 0;
    *cp = c;
    return len;
}

/* The ASCII base letter of a Latin code point, or 0 if it has none. */
static char fold_latin(unsigned cp)
{
    if (cp < 0x80)
        return (cp >= 'A' && cp <= 'Z') ? (char)(cp - 'A' + 'a') : (char)cp;
    if (cp >= 0xC0 && cp <= 0xFF) {
        static const char latin1[] = "aaaaaaaceeeeiiiidnooooo/ouuuuyts" /* C0-DF */
                                     "aaaaaaaceeeeiiiidnooooo/ouuuuyty";  /* E0-FF */
        char c = latin1[cp - 0xC0];
        return (c == '/' || c == 't' || c == 's') ? 0 : c;
    }
    if (cp >= 0x1EA0 && cp <= 0x1EF9) {
        if (cp <= 0x1EB7) return 'a';
        if (cp <= 0x1EC7) return 'e';
        if (cp <= 0x1ECB) return 'i';
        if (cp <= 0x1EE3) return 'o';
        if (cp <= 0x1EF1) return 'u';
        return 'y';
    }
    switch (cp) {
    case 0x0102: case 0x0103: case 0x0100: case 0x0101: return 'a';
    case 0x0110: case 0x0111: case 0x0189: return 'd';
    case 0x0128: case 0x0129: case 0x012A: case 0x012B: return 'i';
    case 0x0168: case 0x0169: case 0x016A: case 0x016B: return 'u';
    case 0x01A0: case 0x01A1: return 'o';
    case 0x01AF: case 0x01B0: return 'u';
    default: return 0;
    }
}

static int is_space_cp(unsigned cp)
{
    return cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' || cp == '\f' || cp == '\v' || cp == 0xA0 ||
           cp == 0x3000 || (cp >= 0x2000 && cp <= 0x200A);
}

pc_rc geo_text_fold(const char *in, char *out, size_t out_len)
{
    const unsigned char *s = (const unsigned char *)in;
    size_t n = strlen(in), i = 0, o = 0;
    int pending_space = 0;
    pc_rc rc = PC_OK;
    if (out_len == 0)
        return PC_ELIMIT;
    while (i < n) {
        unsigned cp;
        int len = geo_utf8_decode(s + i, n - i, &cp);
        if (len == 0) {
            rc = PC_EINVAL;
            break;
        }
        const unsigned char *src = s + i;
        i += (size_t)len;
        if (cp >= 0x0300 && cp <= 0x036F)
            continue; /* combining mark */
        if (is_space_cp(cp)) {
            pending_space = o > 0;
            continue;
        }
        char base = fold_latin(cp);
        size_t need = (base ? 1 : (size_t)len) + (size_t)pending_space;
        if (o + need >= out_len) {
            rc = PC_ELIMIT;
            break;
        }
        if (pending_space)
            out[o++] = ' ';
        pending_space = 0;
        if (base) {
            out[o++] = base;
        } else {
            memcpy(out + o, src, (size_t)len);
            o += (size_t)len;
        }
    }
    out[o] = '\0';
    return rc;
}
