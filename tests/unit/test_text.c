/* test_text.c — Vietnamese folding and house codes. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "geo_housecode.h"
#include "geo_text.h"

static void fold_eq(const char *in, const char *want)
{
    char out[256];
    assert_int_equal(geo_text_fold(in, out, sizeof out), PC_OK);
    assert_string_equal(out, want);
}

static void test_fold_vietnamese(void **state)
{
    (void)state;
    fold_eq("Hoàn Kiếm", "hoan kiem");
    fold_eq("HOAN KIEM", "hoan kiem");
    fold_eq("  hoan   kiem ", "hoan kiem");
    fold_eq("Đống Đa", "dong da");
    fold_eq("đường Khương Hạ", "duong khuong ha");
    fold_eq("Ngõ 34 phố Khương Hạ, P. Khương Đình", "ngo 34 pho khuong ha, p. khuong dinh");
    fold_eq("Thượng Thụy Ưng Ơn Ĩ Ũ Ă", "thuong thuy ung on i u a");
    fold_eq("ỳỷỹỵ ÝỲ", "yyyy yy");
    /* decomposed (NFD): base letters followed by combining marks */
    fold_eq("Hoa\xcc\x80n Kie\xcc\x82\xcc\x81m", "hoan kiem");
    /* full set of tone-marked a/e/o/u/i/y */
    fold_eq("ạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữự",
            "aaaaaaaaaaaaeeeeeeeeiioooooooooooouuuuuuu");
}

static void test_fold_errors(void **state)
{
    (void)state;
    char out[8];
    assert_int_equal(geo_text_fold("\xff\xfe", out, sizeof out), PC_EINVAL);
    assert_int_equal(geo_text_fold("\xc3", out, sizeof out), PC_EINVAL);        /* truncated */
    assert_int_equal(geo_text_fold("\xc0\xaf", out, sizeof out), PC_EINVAL);    /* overlong */
    assert_int_equal(geo_text_fold("a very long text", out, sizeof out), PC_ELIMIT);
    assert_int_equal(strlen(out) < sizeof out, 1);
    fold_eq("", "");
    fold_eq("北京", "北京"); /* other scripts are kept */
}

static void test_housecode_make_parse(void **state)
{
    (void)state;
    char code[GEO_HOUSECODE_LEN + 1], canon[GEO_HOUSECODE_LEN + 1];
    assert_int_equal(geo_housecode_make(GEO_HC_OSM_WAY, 123456789, code), PC_OK);
    assert_int_equal(strlen(code), GEO_HOUSECODE_LEN);
    assert_memory_equal(code, "HN-", 3);
    assert_int_equal(geo_housecode_parse(code, canon), PC_OK);
    assert_string_equal(code, canon);
    unsigned ns;
    uint64_t serial;
    assert_int_equal(geo_housecode_decode(code, &ns, &serial), PC_OK);
    assert_int_equal(ns, GEO_HC_OSM_WAY);
    assert_int_equal(serial, 123456789);
    /* lower case, no hyphens, look-alikes */
    char typed[32];
    size_t o = 0;
    for (const char *p = code; *p; p++)
        if (*p != '-')
            typed[o++] = (char)((*p >= 'A' && *p <= 'Z') ? *p - 'A' + 'a' : *p);
    typed[o] = '\0';
    assert_int_equal(geo_housecode_parse(typed, canon), PC_OK);
    assert_string_equal(canon, code);
    assert_int_equal(geo_housecode_make(0, GEO_HOUSECODE_SERIAL_MAX + 1, code), PC_EINVAL);
    assert_int_equal(geo_housecode_parse("HN-12", canon), PC_EINVAL);
    assert_int_equal(geo_housecode_parse("hello", canon), PC_EINVAL);
    assert_int_equal(geo_housecode_parse("", canon), PC_EINVAL);
}

/* Every single substitution and every adjacent swap of a code is detected,
 * over many codes; and the true code is among the neighbours of each typo. */
static void test_housecode_catches_typos(void **state)
{
    (void)state;
    static const char ALPHA[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    char code[GEO_HOUSECODE_LEN + 1], bad[GEO_HOUSECODE_LEN + 1], canon[GEO_HOUSECODE_LEN + 1];
    char near[64][GEO_HOUSECODE_LEN + 1];
    int checked = 0;
    for (uint64_t serial = 1; serial < 3000000; serial += 7919) {
        assert_int_equal(geo_housecode_make(GEO_HC_DEMO, serial, code), PC_OK);
        for (size_t i = 3; i < GEO_HOUSECODE_LEN; i++) {
            if (code[i] == '-')
                continue;
            for (int a = 0; a < 32; a++) {
                if (ALPHA[a] == code[i])
                    continue;
                memcpy(bad, code, sizeof bad);
                bad[i] = ALPHA[a];
                assert_int_equal(geo_housecode_parse(bad, canon), PC_EFORMAT);
                checked++;
            }
        }
        /* swap each pair of neighbouring symbols */
        char sym[11];
        size_t k = 0;
        for (size_t i = 0; i < GEO_HOUSECODE_LEN; i++)
            if (code[i] != '-')
                sym[k++] = code[i];
        for (size_t i = 2; i + 1 < 11; i++) {
            if (sym[i] == sym[i + 1])
                continue;
            char sw[12];
            memcpy(sw, sym, 11);
            sw[11] = '\0';
            char t = sw[i];
            sw[i] = sw[i + 1];
            sw[i + 1] = t;
            pc_rc rc = geo_housecode_parse(sw, canon);
            assert_int_equal(rc, PC_EFORMAT);
            size_t n = geo_housecode_neighbours(canon, near, 64);
            int found = 0;
            for (size_t j = 0; j < n && j < 64; j++)
                found |= strcmp(near[j], code) == 0;
            assert_true(found);
        }
    }
    assert_true(checked > 100000);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fold_vietnamese),
        cmocka_unit_test(test_fold_errors),
        cmocka_unit_test(test_housecode_make_parse),
        cmocka_unit_test(test_housecode_catches_typos),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
