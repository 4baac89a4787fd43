/* fuzz_housecode.c — libFuzzer harness for geo_housecode_parse/decode.
 *
 * Any bytes: parse must not crash, and what it accepts must be canonical:
 * decode gives (ns, serial), make(ns, serial) gives the same code back, and
 * parsing the canonical code again is a fixed point. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "geo_housecode.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = malloc(size + 1);
    if (!text)
        return 0;
    memcpy(text, data, size);
    text[size] = '\0';
    char code[GEO_HOUSECODE_LEN + 1], again[GEO_HOUSECODE_LEN + 1], made[GEO_HOUSECODE_LEN + 1];
    if (geo_housecode_parse(text, code) == PC_OK) {
        unsigned ns = 0;
        uint64_t serial = 0;
        if (strlen(code) != GEO_HOUSECODE_LEN || geo_housecode_decode(code, &ns, &serial) != PC_OK ||
            geo_housecode_make(ns, serial, made) != PC_OK || strcmp(made, code) != 0 ||
            geo_housecode_parse(code, again) != PC_OK || strcmp(again, code) != 0)
            abort();
        char nb[8][GEO_HOUSECODE_LEN + 1];
        geo_housecode_neighbours(code, nb, 8);
    }
    free(text);
    return 0;
}
