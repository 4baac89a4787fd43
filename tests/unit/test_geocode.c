/* test_geocode.c — house codes, addresses and coordinates to buildings.
 *
 * A hand-made store (wards, a few buildings with known addresses and
 * footprints, an OSM-style address point) checks each rule; the demo city
 * then checks that every spelling of real generated addresses finds the
 * building whose row says so (read back by plain SQL), and that reverse
 * lookup agrees with a brute-force distance scan done in the test. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "demo_city.h"
#include "geo_blob.h"
#include "geo_geocode.h"
#include "geo_store_int.h"
#include "geo_text.h"
#include "geo_write.h"
#include "test_util.h"

typedef struct fixture {
    char path[512];
    geo_store *s;
    geo_geocoder *g;
    pc_arena *a;
    char code[12][GEO_HOUSECODE_LEN + 1];
} fixture;

static const geo_lonlat ORIGIN = {105.8230, 20.9935};

/* A 10 m x 8 m footprint whose south-west corner is (dx_m, dy_m) from ORIGIN. */
static void square(geo_lonlat ring[4], double dx_m, double dy_m)
{
    geo_frame f;
    geo_frame_init(&f, ORIGIN);
    ring[0] = geo_frame_to_lonlat(&f, (geo_xy){dx_m, dy_m});
    ring[1] = geo_frame_to_lonlat(&f, (geo_xy){dx_m + 10, dy_m});
    ring[2] = geo_frame_to_lonlat(&f, (geo_xy){dx_m + 10, dy_m + 8});
    ring[3] = geo_frame_to_lonlat(&f, (geo_xy){dx_m, dy_m + 8});
}

typedef struct bspec {
    const char *number, *ngach, *ngo, *street, *full;
    int64_t ward;
    double dx_m, dy_m;
} bspec;

static const bspec BUILDINGS[] = {
    {"5", "12", "34", "Khương Hạ", "Số 5, ngách 12, ngõ 34, phố Khương Hạ, phường Khương Đình", 10, 0, 0},
    {"5", NULL, "34", "Khương Hạ", "Số 5, ngõ 34, phố Khương Hạ, phường Khương Đình", 10, 20, 0},
    {"5", NULL, NULL, "Khương Hạ", "Số 5, phố Khương Hạ, phường Khương Đình", 10, 40, 0},
    {"34", "12", "5", "Khương Hạ", "Số 34, ngách 12, ngõ 5, phố Khương Hạ, phường Khương Đình", 10, 60, 0},
    {"5", NULL, "34", "Khương Hạ", "Số 5, ngõ 34, phố Khương Hạ, phường Phương Liệt", 11, 80, 0},
    {"120", NULL, NULL, "Giải Phóng", "Số 120, đường Giải Phóng, phường Phương Liệt", 11, 0, 100},
    {"40-42", NULL, NULL, "Hàng Buồm", "Số 40-42, phố Hàng Buồm, phường Văn Miếu - Quốc Tử Giám", 20, 0, 200},
    {"8", NULL, NULL, "Xã Đàn", "Số 8, phố Xã Đàn, phường Văn Miếu - Quốc Tử Giám", 20, 0, 300},
    {"5", NULL, NULL, "Ngõ 27 Phố Cát Linh", "5 Ngõ 27 Phố Cát Linh, Cát Linh, Đống Đa", 0, 0, 400},
    {"24 ngách 30", NULL, NULL, "Phố Văn Miếu", "24 ngách 30 Phố Văn Miếu", 0, 0, 500},
};
#define N_BUILDINGS (sizeof BUILDINGS / sizeof BUILDINGS[0])

static int setup(void **state)
{
    fixture *fx = calloc(1, sizeof *fx);
    test_db_path(fx->path, sizeof fx->path, "geocode");
    char err[256];
    if (geo_store_open(fx->path, GEO_STORE_CREATE, &fx->s, err, sizeof err) != PC_OK)
        return -1;
    geo_lonlat ring[4], area[4] = {{105.80, 20.98}, {105.85, 20.98}, {105.85, 21.01}, {105.80, 21.01}};
    int ok = geo_store_begin(fx->s) == PC_OK;
    ok &= geo_write_admin_unit(fx->s, 1, "TX", "Thanh Xuân", 2, 0, -1, area, 4) == PC_OK;
    ok &= geo_write_admin_unit(fx->s, 2, "DD", "Đống Đa", 2, 0, -1, area, 4) == PC_OK;
    ok &= geo_write_admin_unit(fx->s, 10, "KD", "Khương Đình", 3, 1, -1, area, 4) == PC_OK;
    ok &= geo_write_admin_unit(fx->s, 11, "PL", "Phương Liệt", 3, 1, -1, area, 4) == PC_OK;
    ok &= geo_write_admin_unit(fx->s, 20, "VM", "Văn Miếu - Quốc Tử Giám", 3, 2, -1, area, 4) == PC_OK;
    for (size_t i = 0; i < N_BUILDINGS && ok; i++) {
        const bspec *b = &BUILDINGS[i];
        ok &= geo_housecode_make(GEO_HC_REGISTRY, 1000 + i, fx->code[i]) == PC_OK;
        square(ring, b->dx_m, b->dy_m);
        geo_frame f;
        geo_frame_init(&f, ORIGIN);
        geo_building_rec r = {.house_code = fx->code[i], .admin_unit_id = b->ward, .addr_number = b->number,
                              .addr_ngach = b->ngach, .addr_ngo = b->ngo, .addr_street = b->street,
                              .addr_full = b->full, .type_code = "house", .floors = 3, .basements = -1,
                              .height_m = -1, .footprint_m2 = 80, .apartments = -1, .rooms = -1, .occupants = -1,
                              .vuln_elderly = -1, .vuln_children = -1, .vuln_disabled = -1, .vuln_bedridden = -1,
                              .source = "manual", .ring = ring, .n_ring = 4,
                              .entrance = geo_frame_to_lonlat(&f, (geo_xy){b->dx_m + 5, b->dy_m})};
        int64_t id;
        ok &= geo_write_building(fx->s, &r, &id) == PC_OK;
    }
    /* an imported OSM address node with no building */
    ok &= sqlite3_exec(fx->s->db,
                       "INSERT INTO address_point(id,osm_id,housenumber,street,addr_full,addr_folded,geom)"
                       " VALUES(1,77,'7','Phố Văn Miếu','7 Phố Văn Miếu','7 pho van mieu',"
                       " MakePoint(105.8235,20.9990,4326))",
                       NULL, NULL, NULL) == SQLITE_OK;
    ok &= geo_store_commit(fx->s) == PC_OK;
    ok &= geo_geocoder_create(fx->s, &fx->g) == PC_OK;
    fx->a = pc_arena_create(0);
    *state = fx;
    return ok && fx->a ? 0 : -1;
}

static int teardown(void **state)
{
    fixture *fx = *state;
    pc_arena_destroy(fx->a);
    geo_geocoder_destroy(fx->g);
    geo_store_close(fx->s);
    test_db_remove(fx->path);
    free(fx);
    return 0;
}

static const geo_gc_result *look(fixture *fx, const char *text)
{
    geo_gc_result *r = NULL;
    pc_rc rc = geo_geocode_text(fx->g, text, 10, fx->a, &r);
    if (rc != PC_OK)
        print_error("\"%s\": %s\n", text, pc_rc_str(rc));
    assert_int_equal(rc, PC_OK);
    return r;
}

/* The top candidate is building spec i (house code), with confidence in [lo, hi]. */
static void expect_top(fixture *fx, const char *text, size_t i, double lo, double hi)
{
    const geo_gc_result *r = look(fx, text);
    if (r->n_cands == 0 || strcmp(r->cands[0].house_code ? r->cands[0].house_code : "", fx->code[i]) != 0 ||
        r->cands[0].confidence < lo || r->cands[0].confidence > hi) {
        print_error("\"%s\": want %s in [%.2f,%.2f], got %zu cands, top %s %.3f\n", text, fx->code[i], lo, hi,
                    r->n_cands, r->n_cands ? r->cands[0].house_code : "-", r->n_cands ? r->cands[0].confidence : 0);
        fail();
    }
    for (size_t k = 1; k < r->n_cands; k++)
        assert_true(r->cands[k].confidence <= r->cands[k - 1].confidence);
}

static void test_full_and_abbreviated(void **state)
{
    fixture *fx = *state;
    expect_top(fx, "Số 5, ngách 12, ngõ 34, phố Khương Hạ, phường Khương Đình", 0, 0.99, 1);
    expect_top(fx, "so 5 ngach 12 ngo 34 khuong ha", 0, 0.9, 1);
    expect_top(fx, "SỐ 5 NGÁCH 12 NGÕ 34 PHỐ KHƯƠNG HẠ", 0, 0.9, 1);
    expect_top(fx, "số 5 ng. 12 ng. 34 Khương Hạ, P. Khương Đình", 0, 0.9, 1);
    expect_top(fx, "5/12/34 Khương Hạ", 0, 0.6, 1);     /* the other reading (B3) stays behind */
    expect_top(fx, "34/12/5 Khuong Ha", 3, 0.6, 1);     /* and the other way round */
    expect_top(fx, "số 120 đ. Giải Phóng", 5, 0.99, 1);
    expect_top(fx, "120 Giai Phong, Q. Thanh Xuan", 5, 0.99, 1);
    expect_top(fx, "42 Hàng Buồm", 6, 0.8, 0.95);       /* inside the range 40-42 */
    expect_top(fx, "số 8 Xã Đàn", 7, 0.9, 1);           /* "xã" is not a ward here */
    expect_top(fx, "8 pho xa dan, Dong Da", 7, 0.9, 1);
}

/* Same number and ngõ in two wards: both offered, neither sure, until the
 * ward is named. */
static void test_ambiguity_lowers_confidence(void **state)
{
    fixture *fx = *state;
    const geo_gc_result *r = look(fx, "số 5 ngõ 34 Khương Hạ");
    assert_true(r->n_cands >= 2);
    assert_true(r->cands[0].confidence < 0.75);
    assert_true(fabs(r->cands[0].confidence - r->cands[1].confidence) < 0.01);
    expect_top(fx, "số 5 ngõ 34 Khương Hạ, phường Phương Liệt", 4, 0.95, 1);
    expect_top(fx, "số 5 ngõ 34 Khương Hạ, Khương Đình", 1, 0.9, 0.97); /* "5 ngách 12 ngõ 34" exists too */
    /* no house number: the houses of the alley, none of them likely */
    r = look(fx, "ngõ 34 Khương Hạ");
    assert_true(r->n_cands >= 2);
    assert_true(r->cands[0].confidence < 0.35);
    /* a missing ngách lowers the top */
    r = look(fx, "5 ngõ 34 Khương Hạ phường Khương Đình");
    assert_string_equal(r->cands[0].house_code, fx->code[1]);
    r = look(fx, "5 Khương Hạ");
    assert_true(r->n_cands >= 3);
    assert_string_equal(r->cands[0].house_code, fx->code[2]); /* the one on the street itself */
    assert_true(r->cands[0].confidence < 0.9);
}

static void test_no_street_and_misspelling(void **state)
{
    fixture *fx = *state;
    /* street unknown, area known: found through the ward, with less certainty */
    const geo_gc_result *r = look(fx, "số nhà 5, ngõ 34, Thanh Xuân");
    assert_true(r->n_cands >= 2);
    assert_true(r->cands[0].confidence < 0.6);
    /* one letter off */
    expect_top(fx, "số 120 Giai Phon", 5, 0.5, 0.8);
    /* nothing like it */
    r = look(fx, "số 9 phố Không Có");
    assert_int_equal(r->status, GEO_GC_NO_MATCH);
    assert_int_equal(r->n_cands, 0);
}

static void test_osm_forms(void **state)
{
    fixture *fx = *state;
    /* the ngõ lives in the street spelling "Ngõ 27 Phố Cát Linh" */
    expect_top(fx, "5 ngõ 27 Cát Linh", 8, 0.9, 1);
    /* the ngách lives in the house number "24 ngách 30" */
    expect_top(fx, "24 ngách 30 Văn Miếu", 9, 0.9, 1);
    /* an address node with no building */
    const geo_gc_result *r = look(fx, "7 phố Văn Miếu");
    assert_true(r->n_cands >= 1);
    assert_int_equal(r->cands[0].match, GEO_GC_ADDRESS_POINT);
    assert_int_equal(r->cands[0].address_point_id, 1);
    assert_null(r->cands[0].house_code);
    assert_true(fabs(r->cands[0].pos.lon_deg - 105.8235) < 1e-9);
}

static void test_house_code(void **state)
{
    fixture *fx = *state;
    const geo_gc_result *r = look(fx, fx->code[5]);
    assert_int_equal(r->status, GEO_GC_FOUND);
    assert_int_equal(r->n_cands, 1);
    assert_int_equal(r->cands[0].match, GEO_GC_HOUSE_CODE);
    assert_true(r->cands[0].confidence == 1.0);
    /* typed in lower case with spaces */
    char typed[64];
    snprintf(typed, sizeof typed, "hn %c%c%c%c %c%c%c%c %c", fx->code[5][3] | 0x20, fx->code[5][4] | 0x20,
             fx->code[5][5], fx->code[5][6], fx->code[5][8], fx->code[5][9], fx->code[5][10], fx->code[5][11],
             fx->code[5][13]);
    r = look(fx, typed);
    assert_int_equal(r->status, GEO_GC_FOUND);
    /* one typo: refused, the real code offered among the suggestions */
    char bad[GEO_HOUSECODE_LEN + 1];
    memcpy(bad, fx->code[5], sizeof bad);
    bad[10] = bad[10] == '7' ? '8' : '7';
    r = look(fx, bad);
    assert_int_equal(r->status, GEO_GC_BAD_CHECK);
    assert_int_equal(r->n_cands, 0);
    int offered = 0;
    for (size_t i = 0; i < r->n_suggestions; i++) {
        offered |= strcmp(r->suggestions[i].house_code, fx->code[5]) == 0;
        assert_true(r->suggestions[i].confidence == 0);
    }
    assert_true(offered);
    /* valid but absent */
    char absent[GEO_HOUSECODE_LEN + 1];
    geo_housecode_make(GEO_HC_REGISTRY, 999999, absent);
    r = look(fx, absent);
    assert_int_equal(r->status, GEO_GC_NO_MATCH);
}

static void test_reverse(void **state)
{
    fixture *fx = *state;
    geo_frame f;
    geo_frame_init(&f, ORIGIN);
    geo_gc_result *r = NULL;
    /* inside building 1 (x 20..30, y 0..8) */
    assert_int_equal(geo_geocode_reverse(fx->g, geo_frame_to_lonlat(&f, (geo_xy){25, 4}), 3, fx->a, &r), PC_OK);
    assert_int_equal(r->cands[0].match, GEO_GC_CONTAINS);
    assert_string_equal(r->cands[0].house_code, fx->code[1]);
    assert_true(r->cands[0].confidence == 1.0);
    assert_true(r->n_cands == 3 && r->cands[1].confidence < 0.5);
    /* 3 m north of building 0 (y 0..8): nearest, 3 m away; next is building 1 */
    assert_int_equal(geo_geocode_reverse(fx->g, geo_frame_to_lonlat(&f, (geo_xy){5, 11}), 2, fx->a, &r), PC_OK);
    assert_int_equal(r->cands[0].match, GEO_GC_NEAREST);
    assert_string_equal(r->cands[0].house_code, fx->code[0]);
    assert_true(fabs(r->cands[0].dist_m - 3) < 0.05);
    assert_string_equal(r->cands[1].house_code, fx->code[1]);
    assert_true(fabs(r->cands[1].dist_m - hypot(15, 3)) < 0.05);
    /* far away (150 m east of the last one): the box grows until it finds it */
    assert_int_equal(geo_geocode_reverse(fx->g, geo_frame_to_lonlat(&f, (geo_xy){10 + 150, 504}), 1, fx->a, &r),
                     PC_OK);
    assert_string_equal(r->cands[0].house_code, fx->code[9]);
    assert_true(fabs(r->cands[0].dist_m - 150) < 0.2);
    /* nothing within 2 km */
    assert_int_equal(geo_geocode_reverse(fx->g, (geo_lonlat){105.0, 20.0}, 1, fx->a, &r), PC_OK);
    assert_int_equal(r->status, GEO_GC_NO_MATCH);
    assert_int_equal(geo_geocode_reverse(fx->g, (geo_lonlat){NAN, 21}, 1, fx->a, &r), PC_EINVAL);
    assert_int_equal(geo_geocode_reverse(fx->g, (geo_lonlat){105, 91}, 1, fx->a, &r), PC_EINVAL);
}

static void test_invalid_input(void **state)
{
    fixture *fx = *state;
    geo_gc_result *r = NULL;
    assert_int_equal(geo_geocode_text(fx->g, "", 5, fx->a, &r), PC_EINVAL);
    assert_int_equal(geo_geocode_text(fx->g, "s\xc3\x28 5", 5, fx->a, &r), PC_EINVAL);
    assert_null(r);
    char big[GEO_ADDRESS_MAX_LEN + 2];
    memset(big, '5', sizeof big - 1);
    big[sizeof big - 1] = '\0';
    assert_int_equal(geo_geocode_text(fx->g, big, 5, fx->a, &r), PC_ELIMIT);
    assert_int_equal(geo_geocode_house_code(fx->g, "Khương Hạ", 5, fx->a, &r), PC_EINVAL);
    /* SQL metacharacters are only data */
    r = NULL;
    assert_int_equal(geo_geocode_text(fx->g, "5' OR 1=1 -- Khương Hạ", 5, fx->a, &r), PC_OK);
    assert_true(r->n_cands == 0 || r->cands[0].confidence < 0.9);
}

/* --- demo city ---------------------------------------------------------- */

static void test_demo_city(void **state)
{
    (void)state;
    char path[512], err[256];
    test_db_path(path, sizeof path, "geocode-demo");
    geo_store *s = NULL;
    assert_int_equal(geo_store_open(path, GEO_STORE_CREATE, &s, err, sizeof err), PC_OK);
    demo_params p = {.scale = 1, .seed = 42, .quiet = 1};
    demo_stats ds;
    assert_int_equal(demo_city_generate(s, &p, &ds, err, sizeof err), PC_OK);
    geo_geocoder *g = NULL;
    pc_arena *a = pc_arena_create(0);
    assert_int_equal(geo_geocoder_create(s, &g), PC_OK);
    /* buildings with a ngách, read back with plain SQL */
    sqlite3_stmt *st = NULL;
    assert_int_equal(sqlite3_prepare_v2(s->db,
                                        "SELECT b.house_code,b.addr_number,b.addr_ngach,b.addr_ngo,b.addr_street,"
                                        "u.name,b.addr_full FROM building b JOIN admin_unit u ON u.id=b.admin_unit_id"
                                        " WHERE b.addr_ngach IS NOT NULL ORDER BY b.id LIMIT 25",
                                        -1, &st, NULL),
                     SQLITE_OK);
    int n = 0, top = 0;
    while (sqlite3_step(st) == SQLITE_ROW) {
        const char *code = (const char *)sqlite3_column_text(st, 0), *num = (const char *)sqlite3_column_text(st, 1);
        const char *ngach = (const char *)sqlite3_column_text(st, 2), *ngo = (const char *)sqlite3_column_text(st, 3);
        const char *street = (const char *)sqlite3_column_text(st, 4), *ward = (const char *)sqlite3_column_text(st, 5);
        char forms[4][400];
        snprintf(forms[0], sizeof forms[0], "%s", (const char *)sqlite3_column_text(st, 6));
        snprintf(forms[1], sizeof forms[1], "%s/%s/%s %s, P. %s", num, ngach, ngo, street, ward);
        snprintf(forms[2], sizeof forms[2], "so %s ngach %s ngo %s %s phuong %s", num, ngach, ngo, street, ward);
        forms[2][0] = 's';
        char folded[400];
        assert_int_equal(geo_text_fold(forms[2], folded, sizeof folded), PC_OK);
        snprintf(forms[2], sizeof forms[2], "%s", folded);
        snprintf(forms[3], sizeof forms[3], "số %s ng. %s ng. %s %s", num, ngach, ngo, street);
        for (int k = 0; k < 4; k++) {
            geo_gc_result *r = NULL;
            pc_arena_reset(a);
            assert_int_equal(geo_geocode_text(g, forms[k], 5, a, &r), PC_OK);
            n++;
            if (r->n_cands && strcmp(r->cands[0].house_code, code) == 0)
                top++;
            else
                print_error("demo: \"%s\" -> %s\n", forms[k], r->n_cands ? r->cands[0].house_code : "nothing");
            /* with the ward named, the answer is unique and sure */
            if (k <= 2 && r->n_cands)
                assert_true(r->cands[0].confidence > 0.95);
        }
    }
    sqlite3_finalize(st);
    assert_true(n >= 80);
    assert_int_equal(top, n);
    /* reverse: the entrance of a building is inside or next to it; compare
     * with a brute-force nearest scan over all footprints */
    geo_gc_result *r = NULL;
    assert_int_equal(sqlite3_prepare_v2(s->db,
                                        "SELECT ST_X(ST_Centroid(footprint)),ST_Y(ST_Centroid(footprint)),house_code"
                                        " FROM building ORDER BY id LIMIT 20",
                                        -1, &st, NULL),
                     SQLITE_OK);
    while (sqlite3_step(st) == SQLITE_ROW) {
        geo_lonlat c = {sqlite3_column_double(st, 0), sqlite3_column_double(st, 1)};
        pc_arena_reset(a);
        assert_int_equal(geo_geocode_reverse(g, c, 1, a, &r), PC_OK);
        assert_string_equal(r->cands[0].house_code, (const char *)sqlite3_column_text(st, 2));
        assert_int_equal(r->cands[0].match, GEO_GC_CONTAINS);
    }
    sqlite3_finalize(st);
    /* a point in a street: nearest by the index equals nearest by a full scan */
    geo_lonlat q = {0, 0};
    assert_int_equal(sqlite3_prepare_v2(s->db, "SELECT ST_X(geom),ST_Y(geom) FROM hydrant ORDER BY id LIMIT 1", -1,
                                        &st, NULL),
                     SQLITE_OK);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    q = (geo_lonlat){sqlite3_column_double(st, 0), sqlite3_column_double(st, 1)};
    sqlite3_finalize(st);
    pc_arena_reset(a);
    assert_int_equal(geo_geocode_reverse(g, q, 1, a, &r), PC_OK);
    assert_int_equal(sqlite3_prepare_v2(s->db,
                                        "SELECT house_code,ST_Distance(footprint,MakePoint(?1,?2,4326),1) AS d"
                                        " FROM building ORDER BY d LIMIT 1",
                                        -1, &st, NULL),
                     SQLITE_OK);
    sqlite3_bind_double(st, 1, q.lon_deg);
    sqlite3_bind_double(st, 2, q.lat_deg);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    double d_ref = sqlite3_column_double(st, 1);
    if (r->cands[0].match == GEO_GC_NEAREST)
        assert_true(fabs(r->cands[0].dist_m - d_ref) < 0.05 + 0.002 * d_ref);
    if (strcmp(r->cands[0].house_code, (const char *)sqlite3_column_text(st, 0)) != 0)
        assert_true(fabs(r->cands[0].dist_m - d_ref) < 0.05); /* a tie */
    sqlite3_finalize(st);
    pc_arena_destroy(a);
    geo_geocoder_destroy(g);
    geo_store_close(s);
    test_db_remove(path);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_full_and_abbreviated),
        cmocka_unit_test(test_ambiguity_lowers_confidence),
        cmocka_unit_test(test_no_street_and_misspelling),
        cmocka_unit_test(test_osm_forms),
        cmocka_unit_test(test_house_code),
        cmocka_unit_test(test_reverse),
        cmocka_unit_test(test_invalid_input),
        cmocka_unit_test(test_demo_city),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
