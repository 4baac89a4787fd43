/* test_plan_rules.c — the dispatch rule table: parsing, refusals with line
 * numbers, and first-alarm suggestions computed by hand. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "plan_rules.h"

static int count_of(const char **kinds, const int *counts, size_t n, const char *kind)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(kinds[i], kind) == 0)
            return counts[i];
    return 0;
}

static void test_default_rules(void **state)
{
    (void)state;
    eng_plan_rules r;
    assert_int_equal(eng_rules_default(&r), PC_OK);
    assert_true(r.hose_reach_m == 120);
    assert_true(r.n_rules >= 5);
    double f[ENG_FACT_COUNT] = {0};
    const char *kinds[16];
    int counts[16];
    /* a 3-floor house the engine reaches, hydrants about: two engines only */
    f[ENG_FACT_FLOORS] = 3, f[ENG_FACT_ENGINE_REACHES] = 1, f[ENG_FACT_WORKING_HYDRANTS] = 2;
    size_t n = eng_rules_assign(&r, f, kinds, counts, 16);
    assert_int_equal(count_of(kinds, counts, n, "engine"), 2);
    assert_int_equal(count_of(kinds, counts, n, "ladder"), 0);
    assert_int_equal(count_of(kinds, counts, n, "rescue"), 0);
    /* an 8-floor mini apartment down a narrow alley with bedridden people and no hydrant */
    f[ENG_FACT_FLOORS] = 8, f[ENG_FACT_HEIGHT_M] = 27.4, f[ENG_FACT_VULNERABLE] = 3, f[ENG_FACT_BEDRIDDEN] = 1;
    f[ENG_FACT_ENGINE_REACHES] = 0, f[ENG_FACT_ENGINE_HOSE_M] = 85, f[ENG_FACT_WORKING_HYDRANTS] = 0;
    n = eng_rules_assign(&r, f, kinds, counts, 16);
    assert_int_equal(count_of(kinds, counts, n, "engine"), 3);
    assert_int_equal(count_of(kinds, counts, n, "ladder"), 1);
    assert_int_equal(count_of(kinds, counts, n, "rescue"), 1);
    assert_int_equal(count_of(kinds, counts, n, "small_engine"), 1);
    assert_int_equal(count_of(kinds, counts, n, "motorbike"), 2);
    assert_int_equal(count_of(kinds, counts, n, "tanker"), 1);
}

static void test_parse_and_refuse(void **state)
{
    (void)state;
    eng_plan_rules r;
    char err[160];
    const char *ok = "[plan]\nhose_reach_m = 90 # shorter hoses\n[first_alarm]\nassign engine 1\n"
                     "assign ladder 2 when height_m > 30\n";
    assert_int_equal(eng_rules_parse(ok, strlen(ok), &r, err, sizeof err), PC_OK);
    assert_true(r.hose_reach_m == 90);
    assert_int_equal(r.n_rules, 2);
    assert_int_equal(r.rules[1].op, ENG_OP_GT);
    static const char *const bad[] = {
        "hose_reach_m = -5\n",          "hose_reach_m = lots\n",     "unknown_key = 1\n",
        "assign engine\n",              "assign engine 2 when colour == 1\n", "assign engine 2 when floors ~ 3\n",
        "assign engine 99\n",           "just words\n",              "units_per_kind = 2.5\n",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        char text[128];
        snprintf(text, sizeof text, "# header\n%s", bad[i]);
        err[0] = '\0';
        assert_int_equal(eng_rules_parse(text, strlen(text), &r, err, sizeof err), PC_EFORMAT);
        assert_non_null(strstr(err, "line 2"));
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_default_rules),
        cmocka_unit_test(test_parse_and_refuse),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
