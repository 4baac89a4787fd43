/* fuzz_text.c — libFuzzer harness for geo_text_fold and geo_utf8_decode.
 *
 * Any bytes: folding into a buffer as large as the input never overflows
 * (the fold is never longer), is idempotent, has no ASCII capitals, no
 * double or edge spaces, and is still valid UTF-8 ("other characters are
 * kept as they are"); folding into a small buffer always NUL-terminates. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "geo_text.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *in = malloc(size + 1), *out = malloc(size + 1), *twice = malloc(size + 1);
    char small[8];
    if (!in || !out || !twice)
        goto cleanup;
    memcpy(in, data, size);
    in[size] = '\0';
    for (size_t i = 0; i < size;) {
        unsigned cp;
        int n = geo_utf8_decode(data + i, size - i, &cp);
        i += n > 0 ? (size_t)n : 1;
    }
    if (geo_text_fold(in, out, size + 1) == PC_OK) {
        if (strlen(out) > strlen(in))
            abort();
        size_t n = strlen(out);
        for (size_t i = 0; i < n; i++)
            if ((out[i] >= 'A' && out[i] <= 'Z') || (out[i] == ' ' && (i == 0 || i + 1 == n || out[i + 1] == ' ')))
                abort();
        for (size_t i = 0; i < n;) {
            unsigned cp;
            int k = geo_utf8_decode((const unsigned char *)out + i, n - i, &cp);
            if (k <= 0)
                abort();
            i += (size_t)k;
        }
        if (geo_text_fold(out, twice, size + 1) != PC_OK || strcmp(out, twice) != 0)
            abort();
    }
    geo_text_fold(in, small, sizeof small);
    if (memchr(small, '\0', sizeof small) == NULL)
        abort();
cleanup:
    free(in), free(out), free(twice);
    return 0;
}
