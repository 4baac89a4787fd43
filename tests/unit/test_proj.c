/* test_proj.c — geo_proj against PROJ's own command-line tool.
 *
 * The expected VN-2000 coordinates come from `cs2cs EPSG:4326 EPSG:5897`
 * run through popen (package proj-bin), an independent path through PROJ;
 * the round trip WGS 84 -> VN-2000 -> WGS 84 must come back within 1 cm;
 * PROJ's `proj` gives the bare projection, to show the datum shift is on. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "geo_proj.h"

static const geo_lonlat POINTS[] = {
    {105.8542, 21.0285}, /* Hoàn Kiếm lake */
    {105.8355, 21.0277}, /* Văn Miếu */
    {105.8230, 20.9935}, /* Khương Đình */
    {105.7500, 21.0500}, /* west of the city */
    {105.9300, 21.1300}, /* Long Biên, north-east */
};
#define N_POINTS (sizeof POINTS / sizeof POINTS[0])

/* cs2cs with EPSG:4326 takes lat lon and gives easting northing for 5897. */
static int cs2cs(const char *src, const char *dst, double a, double b, double *oa, double *ob)
{
    char cmd[256];
    snprintf(cmd, sizeof cmd, "echo '%.10f %.10f' | cs2cs -f %%.6f %s %s 2>/dev/null", a, b, src, dst);
    FILE *f = popen(cmd, "r");
    if (!f)
        return -1;
    int n = fscanf(f, "%lf %lf", oa, ob);
    int st = pclose(f);
    return n == 2 && st == 0 ? 0 : -1;
}

static int have_cs2cs(void)
{
    double x, y;
    return cs2cs("EPSG:4326", "EPSG:5897", 21.0, 105.8, &x, &y) == 0;
}

static void test_vn2000_matches_cs2cs(void **state)
{
    (void)state;
    if (!have_cs2cs()) {
        print_message("cs2cs not found (Debian package proj-bin): skipping\n");
        skip();
    }
    geo_proj *p = NULL;
    char err[256];
    assert_int_equal(geo_proj_create(&p, err, sizeof err), PC_OK);
    assert_true(geo_proj_vn2000_from_epsg(p));
    assert_non_null(strstr(geo_proj_vn2000_pipeline(p), "helmert"));
    for (size_t i = 0; i < N_POINTS; i++) {
        geo_xy xy, ref;
        assert_int_equal(geo_proj_to_vn2000(p, POINTS[i], &xy), PC_OK);
        assert_int_equal(cs2cs("EPSG:4326", "EPSG:5897", POINTS[i].lat_deg, POINTS[i].lon_deg, &ref.x_m, &ref.y_m), 0);
        assert_true(fabs(xy.x_m - ref.x_m) < 0.01);
        assert_true(fabs(xy.y_m - ref.y_m) < 0.01);
        /* and back, through both tools */
        geo_lonlat back, ref_back;
        assert_int_equal(geo_proj_from_vn2000(p, xy, &back), PC_OK);
        assert_int_equal(cs2cs("EPSG:5897", "EPSG:4326", ref.x_m, ref.y_m, &ref_back.lat_deg, &ref_back.lon_deg), 0);
        geo_frame f;
        geo_frame_init(&f, POINTS[i]);
        geo_xy d = geo_frame_to_xy(&f, back), dref = geo_frame_to_xy(&f, ref_back);
        assert_true(hypot(d.x_m, d.y_m) < 0.01);
        assert_true(hypot(dref.x_m, dref.y_m) < 0.01);
    }
    geo_proj_destroy(p);
}

/* The 7-parameter shift is really applied: a bare transverse Mercator on
 * WGS 84 (no datum shift) lands hundreds of metres away in Hanoi. */
static void test_vn2000_datum_shift_applied(void **state)
{
    (void)state;
    if (!have_cs2cs())
        skip();
    geo_proj *p = NULL;
    assert_int_equal(geo_proj_create(&p, NULL, 0), PC_OK);
    geo_xy xy, bare;
    assert_int_equal(geo_proj_to_vn2000(p, POINTS[0], &xy), PC_OK);
    char cmd[256];
    snprintf(cmd, sizeof cmd, "echo '%.10f %.10f' | proj -f %%.6f +proj=tmerc +lon_0=105 +k=0.9999 +x_0=500000"
             " +ellps=WGS84", POINTS[0].lon_deg, POINTS[0].lat_deg);
    FILE *f = popen(cmd, "r");
    assert_non_null(f);
    assert_int_equal(fscanf(f, "%lf %lf", &bare.x_m, &bare.y_m), 2);
    assert_int_equal(pclose(f), 0);
    double shift = hypot(xy.x_m - bare.x_m, xy.y_m - bare.y_m);
    assert_true(shift > 100 && shift < 1000);
    geo_proj_destroy(p);
}

static void test_utm48_matches_cs2cs(void **state)
{
    (void)state;
    if (!have_cs2cs())
        skip();
    geo_proj *p = NULL;
    assert_int_equal(geo_proj_create(&p, NULL, 0), PC_OK);
    for (size_t i = 0; i < N_POINTS; i++) {
        geo_xy xy, ref;
        geo_lonlat back;
        assert_int_equal(geo_proj_to_utm48(p, POINTS[i], &xy), PC_OK);
        assert_int_equal(cs2cs("EPSG:4326", "EPSG:32648", POINTS[i].lat_deg, POINTS[i].lon_deg, &ref.x_m, &ref.y_m), 0);
        assert_true(fabs(xy.x_m - ref.x_m) < 0.01 && fabs(xy.y_m - ref.y_m) < 0.01);
        assert_int_equal(geo_proj_from_utm48(p, xy, &back), PC_OK);
        assert_true(fabs(back.lon_deg - POINTS[i].lon_deg) < 1e-8 && fabs(back.lat_deg - POINTS[i].lat_deg) < 1e-8);
    }
    /* UTM distance agrees with the great circle within 0.1% over 10 km */
    geo_xy a, b;
    geo_lonlat la = {105.80, 21.00}, lb = {105.88, 21.06};
    assert_int_equal(geo_proj_to_utm48(p, la, &a), PC_OK);
    assert_int_equal(geo_proj_to_utm48(p, lb, &b), PC_OK);
    double d = hypot(a.x_m - b.x_m, a.y_m - b.y_m), h = geo_haversine_m(la, lb);
    assert_true(fabs(d - h) / h < 0.003);
    geo_proj_destroy(p);
}

static void test_invalid_input(void **state)
{
    (void)state;
    geo_proj *p = NULL;
    assert_int_equal(geo_proj_create(&p, NULL, 0), PC_OK);
    geo_xy xy;
    geo_lonlat ll;
    assert_int_equal(geo_proj_to_vn2000(p, (geo_lonlat){2.35, 48.85}, &xy), PC_EINVAL); /* Paris */
    assert_int_equal(geo_proj_to_vn2000(p, (geo_lonlat){NAN, 21}, &xy), PC_EINVAL);
    assert_int_equal(geo_proj_from_vn2000(p, (geo_xy){5, 5}, &ll), PC_EINVAL);
    assert_int_equal(geo_proj_from_vn2000(p, (geo_xy){INFINITY, 2300000}, &ll), PC_EINVAL);
    assert_int_equal(geo_proj_from_vn2000(p, (geo_xy){588000, 9e9}, &ll), PC_EINVAL);
    assert_int_equal(geo_proj_to_utm48(p, (geo_lonlat){200, 21}, &xy), PC_EINVAL);
    assert_int_equal(geo_proj_from_utm48(p, (geo_xy){NAN, 0}, &ll), PC_EINVAL);
    geo_proj_destroy(p);
    geo_proj_destroy(NULL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_vn2000_matches_cs2cs),
        cmocka_unit_test(test_vn2000_datum_shift_applied),
        cmocka_unit_test(test_utm48_matches_cs2cs),
        cmocka_unit_test(test_invalid_input),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
