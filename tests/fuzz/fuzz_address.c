/* fuzz_address.c — libFuzzer harness for geo_address_parse (Vietnamese
 * addresses: số / ngách / ngõ / phố / phường / quận chains).
 *
 * Any bytes: no crash, every field of the result NUL-terminated within its
 * array, counts within their arrays; the number matchers and the edit
 * distance accept whatever the parser produced. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "geo_address.h"

#define TERMINATED(f) (memchr((f), '\0', sizeof(f)) != NULL)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = malloc(size + 1);
    if (!text)
        return 0;
    memcpy(text, data, size);
    text[size] = '\0';
    geo_address a;
    if (geo_address_parse(text, &a) == PC_OK) {
        if (!TERMINATED(a.number) || !TERMINATED(a.ngach) || !TERMINATED(a.ngo) || !TERMINATED(a.street) ||
            !TERMINATED(a.street_kind) || !TERMINATED(a.ward) || !TERMINATED(a.district) ||
            !TERMINATED(a.alt_number) || a.n_free > GEO_ADDR_MAX_FREE)
            abort();
        for (size_t i = 0; i < a.n_free; i++)
            if (!TERMINATED(a.free[i]))
                abort();
        geo_address_number_match(a.number, a.alt_number);
        geo_address_edit_distance(a.street, a.ward, 3);
    }
    free(text);
    return 0;
}
