/* geo_text.h — Vietnamese text folding for search.
 *
 * Folding makes "Hoàn Kiếm", "hoan kiem" and "HOAN KIEM" equal: diacritics
 * are removed (precomposed or combining), đ/Đ becomes d, ASCII letters are
 * lower-cased, runs of whitespace become one space and the ends are trimmed.
 * Other characters are kept as they are. */
#ifndef GEO_TEXT_H
#define GEO_TEXT_H

#include <stddef.h>

#include "pc_rc.h"

/* Folds the UTF-8 string in into out (always NUL-terminated when out_len > 0).
 * PC_EINVAL if in is not valid UTF-8; PC_ELIMIT if out is too small (out then
 * holds a truncated fold). The folded text is never longer than the input. */
pc_rc geo_text_fold(const char *in, char *out, size_t out_len);

/* Decodes one UTF-8 code point at s (n bytes available). Returns its length
 * (1..4) and stores it in *cp, or 0 for an invalid sequence. */
int geo_utf8_decode(const unsigned char *s, size_t n, unsigned *cp);

#endif
