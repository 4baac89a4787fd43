/* test_address.c — the Vietnamese address parser on real-world spellings.
 *
 * Each row is an address as people type it over the demo city's streets
 * and wards (with and without diacritics, any case, abbreviations, with and
 * without commas) and the parts a person reads in it. "*" in the free
 * column means: this name has no keyword; the geocoder resolves it. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "geo_address.h"

typedef struct row {
    const char *in;
    const char *number, *ngach, *ngo, *street, *ward, *district, *free0;
} row;

/* number, ngách, ngõ, street, ward, district, first free name */
static const row ROWS[] = {
    {"số 5 ngách 12 ngõ 34 phố Khương Hạ", "5", "12", "34", "khuong ha", "", "", ""},
    {"Số 5, ngách 12, ngõ 34, phố Khương Hạ, phường Khương Đình", "5", "12", "34", "khuong ha", "khuong dinh", "", ""},
    {"so 5 ngach 12 ngo 34 pho khuong ha", "5", "12", "34", "khuong ha", "", "", ""},
    {"SỐ 5 NGÁCH 12 NGÕ 34 PHỐ KHƯƠNG HẠ", "5", "12", "34", "khuong ha", "", "", ""},
    {"SO 5 NGACH 12 NGO 34 PHO KHUONG HA", "5", "12", "34", "khuong ha", "", "", ""},
    {"5/12/34 Khương Hạ", "5", "12", "34", "", "", "", "khuong ha"},
    {"5/12/34 khuong ha", "5", "12", "34", "", "", "", "khuong ha"},
    {"số 5/12/34 phố Khương Hạ", "5", "12", "34", "khuong ha", "", "", ""},
    {"ng. 34 Khuong Ha, P. Khương Đình", "", "", "34", "", "khuong dinh", "", "khuong ha"},
    {"Ng.34 Khương Hạ, P.Khương Đình", "", "", "34", "", "khuong dinh", "", "khuong ha"},
    {"số nhà 5, ngõ 34, Thanh Xuân", "5", "", "34", "", "", "", "thanh xuan"},
    {"so nha 5 ngo 34 thanh xuan", "5", "", "34", "", "", "", "thanh xuan"},
    {"5 ngõ 34 Khương Hạ", "5", "", "34", "", "", "", "khuong ha"},
    {"số 5 ng. 12 ng. 34 Khương Hạ", "5", "12", "34", "", "", "", "khuong ha"},
    {"số 5 ngõ 34/12 Khương Hạ", "5", "12", "34", "", "", "", "khuong ha"},
    {"số 5 ngách 34/12 Khương Hạ", "5", "12", "34", "", "", "", "khuong ha"},
    {"số 5 ngách 12/34 ngõ 34 Khương Hạ", "5", "12", "34", "", "", "", "khuong ha"},
    {"Số 5, Ngõ 34, Khương Hạ, Q. Thanh Xuân", "5", "", "34", "", "", "thanh xuan", "khuong ha"},
    {"Số 5, Ngõ 34, Khương Hạ, Quận Thanh Xuân, Hà Nội", "5", "", "34", "", "", "thanh xuan", "khuong ha"},
    {"5 ngo 34 khuong ha quan thanh xuan ha noi", "5", "", "34", "", "", "thanh xuan", "khuong ha"},
    {"hẻm 34 Khương Hạ", "", "", "34", "", "", "", "khuong ha"},
    {"số 5 hẻm 34 đường Khương Hạ", "5", "", "34", "khuong ha", "", "", ""},
    {"5 kiệt 34 Khương Hạ", "5", "", "34", "", "", "", "khuong ha"},
    {"5 kiet 34 khuong ha", "5", "", "34", "", "", "", "khuong ha"},
    {"5 hem 34 khuong ha", "5", "", "34", "", "", "", "khuong ha"},
    {"đ. Giải Phóng", "", "", "", "giai phong", "", "", ""},
    {"số 120 đ. Giải Phóng, Q. Hoàng Mai", "120", "", "", "giai phong", "", "hoang mai", ""},
    {"120 đường Giải Phóng", "120", "", "", "giai phong", "", "", ""},
    {"120 duong giai phong", "120", "", "", "giai phong", "", "", ""},
    {"120 Đường Giải Phóng Phường Phương Liệt", "120", "", "", "giai phong", "phuong liet", "", ""},
    {"120 Giải Phóng, p. Phương Liệt, q. Thanh Xuân", "120", "", "", "", "phuong liet", "thanh xuan", "giai phong"},
    {"số 12 phố Hàng Bạc, phường Hoàn Kiếm", "12", "", "", "hang bac", "hoan kiem", "", ""},
    {"12 Hang Bac Hoan Kiem", "12", "", "", "", "", "", "hang bac hoan kiem"},
    {"12 hàng bạc", "12", "", "", "", "", "", "hang bac"},
    {"12 HÀNG BẠC, HOÀN KIẾM, HÀ NỘI", "12", "", "", "", "", "", "hang bac"},
    {"sn 12 Hàng Đào", "12", "", "", "", "", "", "hang dao"},
    {"SN12 Hàng Đào", "12", "", "", "", "", "", "hang dao"},
    {"No. 12 Hang Dao", "12", "", "", "", "", "", "hang dao"},
    {"nhà 12 Hàng Gai", "12", "", "", "", "", "", "hang gai"},
    {"nhà số 12 phố Hàng Gai", "12", "", "", "hang gai", "", "", ""},
    {"12A Hàng Bông", "12a", "", "", "", "", "", "hang bong"},
    {"40-42 Hàng Buồm", "40-42", "", "", "", "", "", "hang buom"},
    {"ngõ34 Khương Hạ", "", "", "34", "", "", "", "khuong ha"},
    {"số5 ngõ34 Khương Hạ", "5", "", "34", "", "", "", "khuong ha"},
    {"ngõ 34 phố Khương Hạ phường Khương Đình quận Thanh Xuân", "", "", "34", "khuong ha", "khuong dinh",
     "thanh xuan", ""},
    {"Phố Xã Đàn", "", "", "", "xa dan", "", "", ""},
    {"số 8 phố Xã Đàn", "8", "", "", "xa dan", "", "", ""},
    {"phường Phương Liệt", "", "", "", "", "phuong liet", "", ""},
    {"P. Văn Miếu - Quốc Tử Giám", "", "", "", "", "van mieu quoc tu giam", "", ""},
    {"7 Lê Duẩn, phường Văn Miếu - Quốc Tử Giám", "7", "", "", "", "van mieu quoc tu giam", "", "le duan"},
    {"số 3 ngõ Thông Phong", "3", "", "", "ngo thong phong", "", "", ""},
    {"7 ngách 2 ngõ 15 Tôn Đức Thắng, Đống Đa", "7", "2", "15", "", "", "", "ton duc thang"},
    {"7, ngách 2, ngõ 15, Tôn Đức Thắng, Đống Đa", "7", "2", "15", "", "", "", "ton duc thang"},
    {"Nhà 7 ngõ 15 Tôn Đức Thắng", "7", "", "15", "", "", "", "ton duc thang"},
    {"số 21 Kim Mã, Ba Đình, Hà Nội", "21", "", "", "", "", "", "kim ma"},
    {"21 kim ma ba dinh", "21", "", "", "", "", "", "kim ma ba dinh"},
    {"Số 9 ngõ 100 Trường Chinh, Thanh Xuân", "9", "", "100", "", "", "", "truong chinh"},
    {"9/100 Trường Chinh", "9", "", "100", "", "", "", "truong chinh"},
    {"số 2 ngh. 14 ng. 100 Trường Chinh", "2", "14", "100", "", "", "", "truong chinh"},
    {"2 ngách 14, ngõ 100 Trường Chinh, P. Phương Liệt, Q. Thanh Xuân, TP. Hà Nội", "2", "14", "100", "",
     "phuong liet", "thanh xuan", "truong chinh"},
    {"  số   5 ,ngõ 34 ,,  Khương  Hạ  ", "5", "", "34", "", "", "", "khuong ha"},
    {"số 5; ngõ 34; Khương Hạ", "5", "", "34", "", "", "", "khuong ha"},
    {"Số 5 (ngõ 34) Khương Hạ", "5", "", "34", "", "", "", "khuong ha"},
    {"5 ngõ 34 Khương Hạ 100000", "5", "", "34", "", "", "", "khuong ha"},
    {"số 15 Láng Hạ, Đống Đa", "15", "", "", "", "", "", "lang ha"},
    {"15 Lang Ha, phuong Lang, quan Dong Da", "15", "", "", "", "lang", "dong da", "lang ha"},
    {"số 3 phố Huế", "3", "", "", "hue", "", "", ""},
    {"số 3 Phố Phố Huế", "3", "", "", "pho hue", "", "", ""},
    {"Phường 12, Quận 3", "", "", "", "", "12", "3", ""},
    {"27 Quán Thánh", "27", "", "", "", "", "thanh", ""},
    {"Số 6 ngõ 1 Nguyễn Trãi, Thanh Xuân, HN", "6", "", "1", "", "", "", "nguyen trai"},
    {"số 6 ngõ 1 nguyễn trãi thanh xuân hn", "6", "", "1", "", "", "", "nguyen trai thanh xuan"},
    /* decomposed (NFD) Vietnamese as some keyboards send it */
    {"so\xcc\x81 5 ngo\xcc\x83 34 Kh\xc6\xb0\xc6\xa1ng Ha\xcc\xa3", "5", "", "34", "", "", "", "khuong ha"},
};

static void test_spellings(void **state)
{
    (void)state;
    size_t n = sizeof ROWS / sizeof ROWS[0];
    assert_true(n >= 60);
    int failures = 0;
    for (size_t i = 0; i < n; i++) {
        const row *r = &ROWS[i];
        geo_address a;
        pc_rc rc = geo_address_parse(r->in, &a);
        const char *free0 = a.n_free ? a.free[0] : "";
        if (rc != PC_OK || strcmp(a.number, r->number) || strcmp(a.ngach, r->ngach) || strcmp(a.ngo, r->ngo) ||
            strcmp(a.street, r->street) || strcmp(a.ward, r->ward) || strcmp(a.district, r->district) ||
            strcmp(free0, r->free0)) {
            print_error("row %zu \"%s\": rc=%d number=%s ngach=%s ngo=%s street=%s ward=%s district=%s free0=%s\n", i,
                        r->in, rc, a.number, a.ngach, a.ngo, a.street, a.ward, a.district, free0);
            failures++;
        }
    }
    assert_int_equal(failures, 0);
}

/* The slash chain has two readings; the parser keeps the other one. */
static void test_slash_alternative(void **state)
{
    (void)state;
    geo_address a;
    assert_int_equal(geo_address_parse("5/12/34 Khương Hạ", &a), PC_OK);
    assert_true(a.has_alt);
    assert_string_equal(a.alt_ngo, "5");
    assert_string_equal(a.alt_ngach, "12");
    assert_string_equal(a.alt_number, "34");
    assert_int_equal(geo_address_parse("số 5 ngõ 34 Khương Hạ", &a), PC_OK);
    assert_false(a.has_alt);
    assert_int_equal(geo_address_parse("5 ngõ 34 Khương Hạ, phường Khương Đình", &a), PC_OK);
    assert_int_equal(a.n_ignored, 0);
    assert_string_equal(a.ward_kind, "phuong");
    /* stray extra numbers are counted, not silently dropped */
    assert_int_equal(geo_address_parse("5 ngõ 34 Khương Hạ 77", &a), PC_OK);
    assert_int_equal(a.n_ignored, 1);
}

static void test_invalid(void **state)
{
    (void)state;
    geo_address a;
    assert_int_equal(geo_address_parse(NULL, &a), PC_EINVAL);
    assert_int_equal(geo_address_parse("", &a), PC_EINVAL);
    assert_int_equal(geo_address_parse(" , ;; ", &a), PC_EINVAL);
    assert_int_equal(geo_address_parse("Hà Nội, Việt Nam", &a), PC_EINVAL);
    assert_int_equal(geo_address_parse("s\xff\xfe 5", &a), PC_EINVAL); /* not UTF-8 */
    assert_int_equal(geo_address_parse("ng\xc3 5", &a), PC_EINVAL);    /* truncated sequence */
    char big[GEO_ADDRESS_MAX_LEN + 10];
    memset(big, 'a', sizeof big - 1);
    big[sizeof big - 1] = '\0';
    assert_int_equal(geo_address_parse(big, &a), PC_ELIMIT);
    char many[GEO_ADDRESS_MAX_LEN];
    size_t k = 0;
    while (k + 3 < sizeof many)
        many[k++] = 'a', many[k++] = ' ', many[k++] = 'b';
    many[k] = '\0';
    assert_int_equal(geo_address_parse(many, &a), PC_ELIMIT); /* more than 128 tokens */
    assert_string_equal(a.number, "");
}

static void test_helpers(void **state)
{
    (void)state;
    char k[64];
    geo_address_name_key("van mieu - quoc tu giam", k, sizeof k);
    assert_string_equal(k, "van mieu quoc tu giam");
    geo_address_name_key("  a,,b  ", k, sizeof k);
    assert_string_equal(k, "a b");
    geo_address_name_key("abcdef", k, 4);
    assert_string_equal(k, "abc");
    assert_int_equal(geo_address_number_match("5", "5"), 100);
    assert_int_equal(geo_address_number_match("42", "40-42"), 90);
    assert_int_equal(geo_address_number_match("41", "40-42"), 90);
    assert_int_equal(geo_address_number_match("58", "56-58-60"), 90);
    assert_int_equal(geo_address_number_match("5", "5a"), 60);
    assert_int_equal(geo_address_number_match("5b", "5a"), 60);
    assert_int_equal(geo_address_number_match("5", "50"), 0);
    assert_int_equal(geo_address_number_match("5", "15"), 0);
    assert_int_equal(geo_address_number_match("44", "40-42"), 0);
    assert_int_equal(geo_address_number_match("", "5"), 0);
    assert_int_equal(geo_address_edit_distance("khuong ha", "khuong ha", 2), 0);
    assert_int_equal(geo_address_edit_distance("kuong ha", "khuong ha", 2), 1);
    assert_int_equal(geo_address_edit_distance("khong ho", "khuong ha", 2), 2);
    assert_int_equal(geo_address_edit_distance("abc", "xyz", 2), 3);
    assert_int_equal(geo_address_edit_distance("a", "abcdef", 2), 3);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_spellings),
        cmocka_unit_test(test_slash_alternative),
        cmocka_unit_test(test_invalid),
        cmocka_unit_test(test_helpers),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
