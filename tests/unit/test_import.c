/* test_import.c — the OSM and administrative-boundary importers against the
 * real extracts of ../shared/osm (PCCC_OSM_DIR) and a small fixture written
 * to /tmp.
 *
 * Counts are checked against what osmium reports for the same files
 * (23,817 highway ways in hanoi-roads.osm.pbf; 497 buildings and 7 water
 * bodies in van-mieu.osm), lengths against SpatiaLite's own geodesic
 * ST_Length, and ward assignment against a plain ST_Contains join. Tests
 * that need the shared extracts skip with a message when they are absent.
 * Every file of tests/fuzz/readosm-crashes/ (inputs that crash readosm
 * 1.1.0) must be refused by the check pass with one clear line and leave the
 * store as it was; the fuzz seeds must import. */
#include <dirent.h>
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "geo_admin_import.h"
#include "geo_osm_int.h"
#include "geo_store_int.h"
#include "test_util.h"

static char g_osm[512];

static int have_osm(const char *file)
{
    char p[700];
    snprintf(p, sizeof p, "%s/%s", g_osm, file);
    if (access(p, R_OK) == 0)
        return 1;
    printf("# skipped: %s not found (set PCCC_OSM_DIR to the shared OSM extracts)\n", p);
    return 0;
}

static const char *osm_path(const char *file)
{
    static char p[700];
    snprintf(p, sizeof p, "%s/%s", g_osm, file);
    return p;
}

/* One integer (or real, rounded) from a SQL query. */
static double q1(geo_store *s, const char *sql)
{
    sqlite3_stmt *st = NULL;
    assert_int_equal(sqlite3_prepare_v2(s->db, sql, -1, &st, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    double v = sqlite3_column_double(st, 0);
    sqlite3_finalize(st);
    return v;
}

static geo_store *fresh(char *path, size_t n, const char *name)
{
    test_db_path(path, n, name);
    geo_store *s = NULL;
    char err[256];
    assert_int_equal(geo_store_open(path, GEO_STORE_CREATE, &s, err, sizeof err), PC_OK);
    return s;
}

static void import_ok(geo_store *s, const char *path, geo_osm_stats *st)
{
    geo_osm_options o = {.quiet = 1};
    char err[512];
    pc_rc rc = geo_osm_import(s, path, &o, st, err, sizeof err);
    if (rc != PC_OK)
        fail_msg("import %s: %s", path, err);
}

/* A fingerprint of the rows an import writes: counts and id sums. */
static void fingerprint(geo_store *s, double out[8])
{
    out[0] = q1(s, "SELECT count(*) + coalesce(sum(id),0) FROM road_edge");
    out[1] = q1(s, "SELECT count(*) + coalesce(sum(id),0) FROM road_node");
    out[2] = q1(s, "SELECT count(*) + coalesce(sum(id),0) FROM building");
    out[3] = q1(s, "SELECT count(*) + coalesce(sum(id),0) FROM water_source");
    out[4] = q1(s, "SELECT count(*) + coalesce(sum(id),0) FROM address_point");
    out[5] = q1(s, "SELECT coalesce(sum(length_m),0) FROM road_edge");
    out[6] = q1(s, "SELECT count(*) FROM idx_road_edge_geom");
    out[7] = q1(s, "SELECT count(*) FROM sqlite_master WHERE type='trigger'");
}

/* --- configuration and tags (no data needed) ------------------------------ */

static void classify(const geo_osm_config *c, const char *const *kv, size_t n, geo_osm_road_attr *a)
{
    const char *k[16], *v[16];
    for (size_t i = 0; i < n; i++)
        k[i] = kv[2 * i], v[i] = kv[2 * i + 1];
    geo_osm_road_classify(c, k, v, n, a);
}

static void test_config_and_widths(void **state)
{
    (void)state;
    geo_osm_config *def = NULL, *file = NULL;
    char err[256], path[700];
    assert_int_equal(geo_osm_config_default(&def), PC_OK);
    snprintf(path, sizeof path, "%s/data/osm/roads.conf", PCCC_SOURCE_DIR);
    assert_int_equal(geo_osm_config_load(path, &file, err, sizeof err), PC_OK);
    assert_true(geo_osm_config_equal(def, file)); /* built-in = data/osm/roads.conf */
    geo_osm_road_attr a;
    const char *ngo[] = {"highway", "residential", "name", "Ngõ 5 Hàng Bột"};
    classify(def, ngo, 2, &a);
    assert_true(a.import && a.motor && a.foot && !a.width_tagged);
    assert_true(fabs(a.width_m - 3.0) < 1e-9);
    const char *ngach[] = {"highway", "residential", "name", "ngách 12/34 Khương Hạ"};
    classify(def, ngach, 2, &a);
    assert_true(fabs(a.width_m - 2.2) < 1e-9);
    const char *pho[] = {"highway", "residential", "name", "Phố Hàng Bột"};
    classify(def, pho, 2, &a);
    assert_true(fabs(a.width_m - 7.0) < 1e-9);
    const char *tagged[] = {"highway", "residential", "name", "Ngõ 5", "width", "2,5 m"};
    classify(def, tagged, 3, &a);
    assert_true(a.width_tagged && fabs(a.width_m - 2.5) < 1e-9);
    const char *lanes[] = {"highway", "primary_link", "lanes", "2"};
    classify(def, lanes, 2, &a);
    assert_true(!a.width_tagged && fabs(a.width_m - 6.5) < 1e-9);
    const char *foot[] = {"highway", "footway", "name", "Ngách 3"};
    classify(def, foot, 2, &a);
    assert_true(!a.motor && a.foot && fabs(a.width_m - 1.5) < 1e-9);
    const char *closed[] = {"highway", "service", "access", "no"};
    classify(def, closed, 2, &a);
    assert_true(a.import && !a.motor && !a.foot);
    const char *nomv[] = {"highway", "residential", "motor_vehicle", "no", "emergency", "yes"};
    classify(def, nomv, 2, &a);
    assert_false(a.motor);
    classify(def, nomv, 3, &a);
    assert_true(a.motor);
    const char *proposed[] = {"highway", "proposed"};
    classify(def, proposed, 1, &a);
    assert_true(a.import && !a.motor && !a.foot);
    assert_true(fabs(osm_parse_length_m("14'6\"") - 4.4196) < 1e-3);
    assert_true(fabs(osm_parse_speed_kmh("30 mph") - 48.28) < 0.01);
    assert_true(osm_parse_length_m("default") < 0);
    /* a broken config is refused with the line */
    FILE *f = fopen("/tmp/pccc-test-bad-roads.conf", "w");
    assert_non_null(f);
    fputs("[residential]\nwidth_m = wide\n", f);
    fclose(f);
    geo_osm_config *bad = NULL;
    assert_int_equal(geo_osm_config_load("/tmp/pccc-test-bad-roads.conf", &bad, err, sizeof err), PC_EFORMAT);
    assert_null(bad);
    assert_non_null(strstr(err, ":2:"));
    unlink("/tmp/pccc-test-bad-roads.conf");
    geo_osm_config_free(def);
    geo_osm_config_free(file);
}

/* --- a small fixture: graph split, oneway=-1, fire resources --------------- */

static const char FIXTURE[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<osm version=\"0.6\">\n"
    /* ways before nodes, as Overpass often answers */
    " <way id=\"100\"><nd ref=\"1\"/><nd ref=\"2\"/><nd ref=\"3\"/>"
    "<tag k=\"highway\" v=\"residential\"/><tag k=\"name\" v=\"Ngõ 5 Thử\"/><tag k=\"oneway\" v=\"-1\"/></way>\n"
    " <way id=\"101\"><nd ref=\"4\"/><nd ref=\"2\"/><nd ref=\"5\"/>"
    "<tag k=\"highway\" v=\"footway\"/><tag k=\"width\" v=\"1.2\"/></way>\n"
    " <way id=\"102\"><nd ref=\"20\"/><nd ref=\"21\"/><nd ref=\"22\"/><nd ref=\"23\"/><nd ref=\"20\"/>"
    "<tag k=\"building\" v=\"apartments\"/><tag k=\"building:levels\" v=\"7\"/><tag k=\"building:flats\" v=\"20\"/></way>\n"
    " <node id=\"1\" lat=\"21.0300\" lon=\"105.8300\"/>\n <node id=\"2\" lat=\"21.0300\" lon=\"105.8310\"/>\n"
    " <node id=\"3\" lat=\"21.0300\" lon=\"105.8320\"/>\n <node id=\"4\" lat=\"21.0290\" lon=\"105.8310\"/>\n"
    " <node id=\"5\" lat=\"21.0310\" lon=\"105.8310\"/>\n"
    " <node id=\"20\" lat=\"21.0320\" lon=\"105.8300\"/>\n <node id=\"21\" lat=\"21.0320\" lon=\"105.8302\"/>\n"
    " <node id=\"22\" lat=\"21.0322\" lon=\"105.8302\"/>\n <node id=\"23\" lat=\"21.0322\" lon=\"105.8300\"/>\n"
    " <node id=\"24\" lat=\"21.0321\" lon=\"105.8301\"><tag k=\"addr:housenumber\" v=\"7\"/>"
    "<tag k=\"addr:street\" v=\"Ngõ 5 Thử\"/></node>\n"
    " <node id=\"10\" lat=\"21.0295\" lon=\"105.8305\"><tag k=\"emergency\" v=\"fire_hydrant\"/>"
    "<tag k=\"fire_hydrant:type\" v=\"underground\"/><tag k=\"fire_hydrant:diameter\" v=\"100\"/></node>\n"
    " <node id=\"11\" lat=\"21.0305\" lon=\"105.8315\"><tag k=\"amenity\" v=\"fire_station\"/>"
    "<tag k=\"name\" v=\"Đội PCCC Thử\"/></node>\n"
    " <node id=\"12\" lat=\"21.0306\" lon=\"105.8316\"><tag k=\"emergency\" v=\"water_tank\"/>"
    "<tag k=\"water_tank:volume\" v=\"50\"/></node>\n"
    "</osm>\n";

static void write_text(const char *path, const char *text, size_t len)
{
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(text, 1, len, f), len);
    fclose(f);
}

static void test_fixture_graph_and_resources(void **state)
{
    (void)state;
    char db[512], osm[256];
    snprintf(osm, sizeof osm, "/tmp/pccc-test-%d-fixture.osm", (int)getpid());
    write_text(osm, FIXTURE, sizeof FIXTURE - 1);
    geo_store *s = fresh(db, sizeof db, "import-fixture");
    geo_osm_stats st;
    import_ok(s, osm, &st);
    /* both ways cut at the shared node 2: four edges over five nodes */
    assert_int_equal(st.highway_ways, 2);
    assert_int_equal(q1(s, "SELECT count(*) FROM road_edge"), 4);
    assert_int_equal(q1(s, "SELECT count(*) FROM road_node"), 5);
    /* oneway=-1 turned around: the first edge runs from node 3 to node 2 */
    assert_int_equal(q1(s, "SELECT n.osm_id FROM road_edge e JOIN road_node n ON n.id=e.node_from"
                           " WHERE e.osm_way_id=100 AND e.way_seq=0"), 3);
    assert_int_equal(q1(s, "SELECT min(oneway) FROM road_edge WHERE osm_way_id=100"), 1);
    assert_int_equal(q1(s, "SELECT count(*) FROM road_edge WHERE osm_way_id=100 AND width_m=3.0"
                           " AND width_source='estimated' AND name_folded='ngo 5 thu'"), 2);
    assert_int_equal(q1(s, "SELECT count(*) FROM road_edge WHERE osm_way_id=101 AND width_m=1.2"
                           " AND width_source='tagged' AND motor=0 AND foot=1"), 2);
    /* 0.001 degree of longitude at 21.03 N is about 103.8 m */
    assert_true(fabs(q1(s, "SELECT length_m FROM road_edge WHERE osm_way_id=100 AND way_seq=0") - 103.86) < 0.5);
    assert_int_equal(q1(s, "SELECT count(*) FROM building WHERE osm_id=102 AND type_code='apartment' AND floors=7"
                           " AND apartments=20 AND source='osm' AND house_code LIKE 'HN-%'"), 1);
    assert_int_equal(q1(s, "SELECT count(*) FROM address_point p JOIN building b ON b.id=p.building_id"
                           " WHERE p.osm_id=24 AND b.osm_id=102 AND b.addr_number='7'"), 1);
    assert_int_equal(q1(s, "SELECT count(*) FROM hydrant WHERE code='OSM-N10' AND status='unknown'"
                           " AND kind='underground' AND diameter_mm=100"), 1);
    assert_int_equal(q1(s, "SELECT count(*) FROM station WHERE code='OSM-N11' AND name='Đội PCCC Thử'"), 1);
    assert_int_equal(q1(s, "SELECT count(*) FROM draft_point d JOIN water_source w ON w.id=d.water_source_id"
                           " WHERE d.osm_id=12 AND w.kind='tank' AND w.capacity_m3=50"), 1);
    /* officers record the hydrant and the building's people; a re-import keeps them */
    assert_int_equal(sqlite3_exec(s->db,
                                  "UPDATE hydrant SET status='working',flow_lpm=900,last_checked_on='2026-01-05';"
                                  "UPDATE building SET occupants=31,vuln_elderly=2",
                                  NULL, NULL, NULL),
                     SQLITE_OK);
    double before[8], after[8];
    fingerprint(s, before);
    import_ok(s, osm, &st);
    fingerprint(s, after);
    assert_memory_equal(before, after, sizeof before);
    assert_int_equal(q1(s, "SELECT count(*) FROM hydrant WHERE status='working' AND flow_lpm=900"
                           " AND last_checked_on='2026-01-05'"), 1);
    assert_int_equal(q1(s, "SELECT count(*) FROM building WHERE occupants=31 AND vuln_elderly=2"), 1);
    assert_int_equal(q1(s, "SELECT count(*) FROM water_source"), 1);
    geo_store_close(s);
    test_db_remove(db);
    unlink(osm);
}

/* --- files readosm 1.1.0 crashes on, and the fuzz seeds ---------------------- */

/* The files of dir ending in suffix, sorted (caller frees each and the array). */
static size_t list_dir(const char *dir, const char *suffix, char ***out)
{
    DIR *d = opendir(dir);
    assert_non_null(d);
    char **v = NULL;
    size_t n = 0;
    for (struct dirent *e; (e = readdir(d));) {
        size_t len = strlen(e->d_name), sl = strlen(suffix);
        if (len <= sl || strcmp(e->d_name + len - sl, suffix) != 0)
            continue;
        v = realloc(v, (n + 1) * sizeof *v);
        assert_non_null(v);
        v[n] = malloc(strlen(dir) + len + 2);
        assert_non_null(v[n]);
        sprintf(v[n++], "%s/%s", dir, e->d_name);
    }
    closedir(d);
    for (size_t i = 1; i < n; i++) /* insertion sort: a handful of names */
        for (size_t j = i; j > 0 && strcmp(v[j - 1], v[j]) > 0; j--) {
            char *t = v[j];
            v[j] = v[j - 1], v[j - 1] = t;
        }
    *out = v;
    return n;
}

static void free_list(char **v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(v[i]);
    free(v);
}

/* The store is byte for byte unchanged: fingerprint and a hash of every row
 * an import writes. */
static void snapshot(geo_store *s, double out[10])
{
    fingerprint(s, out);
    out[8] = q1(s, "SELECT coalesce(sum(length(name) + osm_id + floors),0) FROM building");
    out[9] = q1(s, "SELECT coalesce(sum(oneway + motor + foot + width_m + osm_way_id),0) FROM road_edge");
}

static void test_readosm_crashes(void **state)
{
    (void)state;
    char db[512], osm[256], dir[700], err[512];
    snprintf(dir, sizeof dir, "%s/tests/fuzz/readosm-crashes", PCCC_SOURCE_DIR);
    snprintf(osm, sizeof osm, "/tmp/pccc-test-%d-base.osm", (int)getpid());
    write_text(osm, FIXTURE, sizeof FIXTURE - 1);
    geo_store *s = fresh(db, sizeof db, "import-crashes");
    geo_osm_stats st;
    import_ok(s, osm, &st); /* something for a failed import to leave alone */
    double before[10], after[10];
    snapshot(s, before);
    char **files[2];
    size_t n[2] = {list_dir(dir, ".osm", &files[0]), list_dir(dir, ".osm.pbf", &files[1])};
    assert_true(n[0] >= 3 && n[1] >= 10);
    geo_osm_options o = {.quiet = 1};
    for (int k = 0; k < 2; k++)
        for (size_t i = 0; i < n[k]; i++) {
            memset(err, 'x', sizeof err);
            pc_rc rc = geo_osm_import(s, files[k][i], &o, &st, err, sizeof err);
            if (rc != PC_EFORMAT)
                fail_msg("%s: %s, expected a refusal (PC_EFORMAT): %.200s", files[k][i], pc_rc_str(rc), err);
            /* one line that names the file and the place: XML line or PBF block */
            assert_non_null(memchr(err, '\0', sizeof err));
            assert_null(strchr(err, '\n'));
            assert_int_equal(strncmp(err, files[k][i], strlen(files[k][i])), 0);
            assert_non_null(strstr(err, k == 0 ? ": line " : ": broken PBF, block 2 at byte "));
            assert_int_equal(st.nodes_read + st.ways_read + st.relations_read, 0); /* readosm never ran */
            snapshot(s, after);
            assert_memory_equal(before, after, sizeof before);
        }
    /* the messages say what is wrong */
    snprintf(osm, sizeof osm, "%s/tag-without-v.osm", dir);
    assert_int_equal(geo_osm_check(osm, err, sizeof err), PC_EFORMAT);
    assert_non_null(strstr(err, "line 3: <tag> without v"));
    snprintf(osm, sizeof osm, "%s/member-without-role.osm", dir);
    assert_int_equal(geo_osm_check(osm, err, sizeof err), PC_EFORMAT);
    assert_non_null(strstr(err, "line 3: <member> without role"));
    snprintf(osm, sizeof osm, "%s/string-index.osm.pbf", dir);
    assert_int_equal(geo_osm_check(osm, err, sizeof err), PC_EFORMAT);
    assert_non_null(strstr(err, "way 900: string index 1000 is past the block's string table (13 strings)"));
    snprintf(osm, sizeof osm, "%s/negative-block-size.osm.pbf", dir);
    assert_int_equal(geo_osm_check(osm, err, sizeof err), PC_EFORMAT);
    assert_non_null(strstr(err, "declares a block of -16 bytes"));
    free_list(files[0], n[0]);
    free_list(files[1], n[1]);
    geo_store_close(s);
    test_db_remove(db);
    snprintf(osm, sizeof osm, "/tmp/pccc-test-%d-base.osm", (int)getpid());
    unlink(osm);
}

/* Hand-made broken files the check refuses before readosm sees them, each
 * with its line. */
static void test_check_xml_rules(void **state)
{
    (void)state;
    static const struct {
        const char *body, *says;
    } cases[] = {
        {"<gpx/>", "line 1: the root element is <gpx>"},
        {"<osm>\n<node id='1' lat='21.03' lon='105.85'><tag k='a' v='b'/></node>\n<way id='x'/></osm>",
         "line 3: <way> without a numeric id"},
        {"<osm>\n<node id='1' lat='21.03'/></osm>", "line 2: node 1: lat or lon missing"},
        {"<osm>\n<node id='1' lat='21.03' lon='205.85'/></osm>", "line 2: node 1: position outside WGS 84"},
        {"<osm>\n<way id='2'>\n<nd/></way></osm>", "line 3: <nd> without a numeric ref"},
        {"<osm>\n<relation id='3'><member type='area' ref='1' role=''/></relation></osm>",
         "line 2: <member> without a type node, way or relation"},
        {"<osm>\n<node id='1' lat='21.03' lon='105.85'>\n<tag k='a' v='b'>", "broken or truncated OSM XML at line 3"},
        {"", "broken or truncated OSM XML at line 1"},
    };
    char path[256], err[512];
    snprintf(path, sizeof path, "/tmp/pccc-test-%d-rule.osm", (int)getpid());
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        write_text(path, cases[i].body, strlen(cases[i].body));
        assert_int_equal(geo_osm_check(path, err, sizeof err), PC_EFORMAT);
        if (!strstr(err, cases[i].says))
            fail_msg("case %zu: \"%s\" does not say \"%s\"", i, err, cases[i].says);
    }
    write_text(path, FIXTURE, sizeof FIXTURE - 1);
    assert_int_equal(geo_osm_check(path, err, sizeof err), PC_OK);
    assert_string_equal(err, "");
    unlink(path);
    assert_int_equal(geo_osm_check("/tmp", err, sizeof err), PC_EFORMAT); /* no .osm suffix */
    assert_int_equal(geo_osm_check("/tmp/pccc-no-such-file.osm.pbf", err, sizeof err), PC_ENOTFOUND);
    assert_int_equal(geo_osm_check("/tmp/.osm", err, sizeof err), PC_ENOTFOUND);
}

/* The fuzz seeds (valid small files) import, and the zlib encoding of each
 * PBF seed reads as its raw encoding does (same counts) and writes the same
 * rows (re-importing it over the raw one changes nothing). */
static void test_fuzz_seeds_import(void **state)
{
    (void)state;
    char dir[700], db[512], err[512];
    char **files;
    geo_osm_options o = {.quiet = 1};
    geo_osm_stats st, raw_st = {0};
    snprintf(dir, sizeof dir, "%s/tests/fuzz/corpus/osm_xml", PCCC_SOURCE_DIR);
    size_t n = list_dir(dir, ".osm", &files);
    assert_true(n >= 4);
    geo_store *s = fresh(db, sizeof db, "import-seed");
    for (size_t i = 0; i < n; i++) {
        pc_rc rc = geo_osm_import(s, files[i], &o, &st, err, sizeof err);
        if (strstr(files[i], "/broken.osm") || strstr(files[i], "/readosm-")) /* broken seeds */
            assert_int_equal(rc, PC_EFORMAT);
        else if (rc != PC_OK)
            fail_msg("%s: %s", files[i], err);
    }
    free_list(files, n);
    snprintf(dir, sizeof dir, "%s/tests/fuzz/corpus/osm_pbf", PCCC_SOURCE_DIR);
    n = list_dir(dir, "-raw.osm.pbf", &files);
    assert_true(n >= 3);
    for (size_t i = 0; i < n; i++) {
        double fp[2][10];
        for (int z = 0; z < 2; z++) {
            char path[800];
            snprintf(path, sizeof path, "%.*s%s", (int)(strlen(files[i]) - strlen("-raw.osm.pbf")), files[i],
                     z ? "-zlib.osm.pbf" : "-raw.osm.pbf");
            import_ok(s, path, &st);
            assert_true(st.nodes_read > 0 && st.ways_read > 0);
            snapshot(s, fp[z]);
            if (!z)
                raw_st = st;
        }
        assert_memory_equal(fp[0], fp[1], sizeof fp[0]);
        assert_true(st.nodes_read == raw_st.nodes_read && st.ways_read == raw_st.ways_read &&
                    st.relations_read == raw_st.relations_read && st.road_edges == raw_st.road_edges &&
                    st.buildings == raw_st.buildings && st.hydrants == raw_st.hydrants &&
                    st.water_sources == raw_st.water_sources && st.stations == raw_st.stations);
    }
    free_list(files, n);
    geo_store_close(s);
    test_db_remove(db);
}

/* --- real extracts ---------------------------------------------------------- */

static void test_hanoi_roads(void **state)
{
    (void)state;
    if (!have_osm("hanoi-roads.osm.pbf"))
        return;
    char db[512];
    geo_store *s = fresh(db, sizeof db, "import-hanoi");
    geo_osm_stats st;
    import_ok(s, osm_path("hanoi-roads.osm.pbf"), &st);
    /* osmium: 23,817 highway ways, all imported (unusable classes with motor=foot=0) */
    assert_int_equal(q1(s, "SELECT count(DISTINCT osm_way_id) FROM road_edge"), 23817);
    assert_int_equal(st.highway_ways, 23817);
    assert_int_equal(q1(s, "SELECT count(*) FROM road_edge"), st.road_edges);
    /* a known alley: Ngõ Núi Trúc (way 11008423), untagged width, estimated as a residential ngõ */
    assert_int_equal(q1(s, "SELECT count(*) FROM road_edge WHERE osm_way_id=11008423 AND name='Ngõ Núi Trúc'"
                           " AND class='residential' AND width_m=3.0 AND width_source='estimated'"
                           " AND name_folded='ngo nui truc'"), 8);
    /* lengths: our haversine sums against SpatiaLite's geodesic length (ellipsoid) */
    double ours = q1(s, "SELECT sum(length_m) FROM road_edge");
    double theirs = q1(s, "SELECT sum(ST_Length(geom,1)) FROM road_edge");
    assert_true(fabs(ours - theirs) / theirs < 0.005);
    /* every edge starts at its node_from and ends at its node_to */
    assert_int_equal(q1(s, "SELECT count(*) FROM road_edge e JOIN road_node a ON a.id=e.node_from"
                           " JOIN road_node b ON b.id=e.node_to WHERE ST_X(StartPoint(e.geom))<>ST_X(a.geom)"
                           " OR ST_Y(StartPoint(e.geom))<>ST_Y(a.geom) OR ST_X(EndPoint(e.geom))<>ST_X(b.geom)"
                           " OR ST_Y(EndPoint(e.geom))<>ST_Y(b.geom)"), 0);
    /* the spatial index holds every edge, and finds one by its box */
    assert_int_equal(q1(s, "SELECT count(*) FROM idx_road_edge_geom"), st.road_edges);
    assert_int_equal(q1(s, "SELECT count(*) FROM road_edge WHERE osm_way_id=11008423 AND id IN (SELECT pkid FROM"
                           " idx_road_edge_geom WHERE xmin<=105.85 AND xmax>=105.80 AND ymin<=21.05 AND ymax>=21.0)"),
                     8);
    /* SpatiaLite's triggers are back: a wrong geometry type is refused */
    assert_int_not_equal(sqlite3_exec(s->db, "UPDATE road_edge SET geom=MakePoint(105.8,21.0,4326) WHERE id=1",
                                      NULL, NULL, NULL),
                         SQLITE_OK);
    double before[8], after[8];
    fingerprint(s, before);
    import_ok(s, osm_path("hanoi-roads.osm.pbf"), &st);
    fingerprint(s, after);
    assert_memory_equal(before, after, sizeof before); /* same counts, same ids */
    /* a truncated PBF is refused and changes nothing */
    char trunc[256];
    snprintf(trunc, sizeof trunc, "/tmp/pccc-test-%d-trunc.osm.pbf", (int)getpid());
    FILE *in = fopen(osm_path("hanoi-roads.osm.pbf"), "rb");
    assert_non_null(in);
    static char buf[700000];
    size_t n = fread(buf, 1, sizeof buf, in);
    fclose(in);
    write_text(trunc, buf, n);
    char err[512];
    geo_osm_options o = {.quiet = 1};
    assert_int_equal(geo_osm_import(s, trunc, &o, &st, err, sizeof err), PC_EFORMAT);
    assert_non_null(strstr(err, "truncated"));
    fingerprint(s, after);
    assert_memory_equal(before, after, sizeof before);
    unlink(trunc);
    geo_store_close(s);
    test_db_remove(db);
}

static void test_van_mieu_broken_files_and_wards(void **state)
{
    (void)state;
    if (!have_osm("van-mieu.osm") || !have_osm("hanoi-wards-2025.geojson"))
        return;
    char db[512], err[512];
    geo_store *s = fresh(db, sizeof db, "import-vanmieu");
    geo_osm_stats st;
    import_ok(s, osm_path("van-mieu.osm"), &st);
    /* osmium: 497 buildings, 7 water bodies (6 ways, 1 multipolygon), 527 highway ways */
    assert_int_equal(q1(s, "SELECT count(*) FROM building WHERE source='osm'"), 497);
    assert_int_equal(q1(s, "SELECT count(*) FROM water_source"), 7);
    assert_int_equal(q1(s, "SELECT count(*) FROM water_source WHERE osm_id<0"), 1);
    assert_int_equal(q1(s, "SELECT count(DISTINCT osm_way_id) FROM road_edge"), 527);
    assert_int_equal(q1(s, "SELECT count(*) FROM water_source WHERE name='Hồ Văn' AND kind='lake'"), 1);
    assert_int_equal(q1(s, "SELECT count(*) FROM building WHERE entrance IS NULL OR footprint_m2<=0"), 0);
    /* the entrance lies inside the footprint */
    assert_int_equal(q1(s, "SELECT count(*) FROM building WHERE ST_Contains(footprint,entrance)=1"), 497);
    double before[8], after[8];
    fingerprint(s, before);
    /* broken inputs: one clear error, nothing written */
    char trunc[256];
    snprintf(trunc, sizeof trunc, "/tmp/pccc-test-%d-trunc.osm", (int)getpid());
    FILE *in = fopen(osm_path("van-mieu.osm"), "rb");
    assert_non_null(in);
    static char buf[1200000];
    size_t n = fread(buf, 1, sizeof buf, in);
    fclose(in);
    write_text(trunc, buf, n);
    geo_osm_options o = {.quiet = 1};
    assert_int_equal(geo_osm_import(s, trunc, &o, &st, err, sizeof err), PC_EFORMAT);
    assert_non_null(strstr(err, "truncated"));
    assert_null(strchr(err, '\n'));
    assert_int_equal(geo_osm_import(s, "/tmp/pccc-no-such-file.osm", &o, &st, err, sizeof err), PC_ENOTFOUND);
    assert_int_equal(geo_osm_import(s, osm_path("hanoi-wards-2025.geojson"), &o, &st, err, sizeof err), PC_EFORMAT);
    assert_non_null(strstr(err, "wrong format"));
    fingerprint(s, after);
    assert_memory_equal(before, after, sizeof before);
    /* wards: a truncated GeoJSON is refused, the real one gives 126 units */
    snprintf(trunc, sizeof trunc, "/tmp/pccc-test-%d-trunc.geojson", (int)getpid());
    in = fopen(osm_path("hanoi-wards-2025.geojson"), "rb");
    assert_non_null(in);
    n = fread(buf, 1, sizeof buf, in);
    fclose(in);
    write_text(trunc, buf, n);
    geo_admin_options ao = {.level = "ward", .quiet = 1};
    geo_admin_stats as;
    assert_int_equal(geo_admin_import(s, trunc, &ao, &as, err, sizeof err), PC_EFORMAT);
    assert_int_equal(q1(s, "SELECT count(*) FROM admin_unit"), 0);
    unlink(trunc);
    ao.level = "hamlet";
    assert_int_equal(geo_admin_import(s, osm_path("hanoi-wards-2025.geojson"), &ao, &as, err, sizeof err), PC_EINVAL);
    ao.level = "ward";
    for (int round = 0; round < 2; round++) { /* the second round updates in place */
        if (geo_admin_import(s, osm_path("hanoi-wards-2025.geojson"), &ao, &as, err, sizeof err) != PC_OK)
            fail_msg("import-admin: %s", err);
        assert_int_equal(as.units, 126);
        assert_int_equal(as.skipped, 41);
        assert_int_equal(q1(s, "SELECT count(*) FROM admin_unit WHERE level=3"), 126);
    }
    assert_int_equal(q1(s, "SELECT count(*) FROM admin_unit WHERE code='Q10806226' AND name='Phường Phúc Lợi'"
                           " AND population=66790 AND osm_id=-19301116"), 1);
    /* every building assigned, each to a ward that contains its entrance (plain join) */
    assert_int_equal(q1(s, "SELECT count(*) FROM building WHERE admin_unit_id IS NOT NULL"), 497);
    assert_int_equal(q1(s, "SELECT count(*) FROM building b JOIN admin_unit a ON a.id=b.admin_unit_id"
                           " WHERE ST_Contains(a.geom,b.entrance)=1"), 497);
    assert_int_equal(q1(s, "SELECT count(*) FROM road_edge WHERE admin_unit_id IS NULL"), 0);
    assert_true(q1(s, "SELECT count(*) FROM address_point WHERE admin_unit_id IS NOT NULL") > 100);
    /* Văn Miếu lake (Hồ Văn) lies in phường Văn Miếu - Quốc Tử Giám */
    assert_int_equal(q1(s, "SELECT count(*) FROM water_source w JOIN admin_unit a ON a.id=w.admin_unit_id"
                           " WHERE w.name='Hồ Văn' AND a.name_folded LIKE '%van mieu%'"), 1);
    /* a later OSM import into a store with wards assigns the new rows at once */
    import_ok(s, osm_path("van-mieu.osm"), &st);
    assert_int_equal(q1(s, "SELECT count(*) FROM building WHERE admin_unit_id IS NULL"), 0);
    geo_store_close(s);
    test_db_remove(db);
}

int main(void)
{
    const char *env = getenv("PCCC_OSM_DIR");
    snprintf(g_osm, sizeof g_osm, "%s", env && *env ? env : PCCC_OSM_DIR);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_config_and_widths),
        cmocka_unit_test(test_fixture_graph_and_resources),
        cmocka_unit_test(test_readosm_crashes),
        cmocka_unit_test(test_check_xml_rules),
        cmocka_unit_test(test_fuzz_seeds_import),
        cmocka_unit_test(test_hanoi_roads),
        cmocka_unit_test(test_van_mieu_broken_files_and_wards),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
