/* fuzz_rules.c — libFuzzer harness for eng_rules_parse (data/dispatch.conf:
 * plan limits and first-alarm rules, read from an operator's file).
 *
 * Any bytes: no crash; an accepted rule set can be applied to any facts
 * (eng_rules_assign) without reading outside its tables. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "plan_rules.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    eng_plan_rules r;
    char err[160];
    if (eng_rules_parse((const char *)data, size, &r, err, sizeof err) == PC_OK) {
        double facts[64];
        for (size_t i = 0; i < sizeof facts / sizeof facts[0]; i++)
            facts[i] = (double)(i * 7 % 23);
        const char *kinds[16];
        int counts[16];
        eng_rules_assign(&r, facts, kinds, counts, 16);
    } else if (!memchr(err, '\0', sizeof err)) {
        abort();
    }
    return 0;
}
