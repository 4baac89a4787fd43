/* fuzz_osm.c — libFuzzer harness for `pccc import-osm` (geo_osm_import:
 * the check pass, readosm, the in-memory extract, the writers of roads, buildings, water
 * and fire resources, admin assignment), built twice: fuzz_osm_xml feeds
 * each input as an .osm file, fuzz_osm_pbf (-DFZ_OSM_PBF) as an .osm.pbf.
 *
 * Any bytes, into a store that already holds a baseline extract and a ward
 * (fuzz_store.h): no crash, no leak; a failed import says why and leaves
 * the database byte for byte as it was (one transaction); a successful one
 * leaves no open transaction, intact foreign keys, every geometry within
 * WGS 84, and sane counts.
 *
 * Debian's readosm 1.1.0 crashes on some malformed files (string-table
 * indexes unchecked, NULL attributes passed to strlen: see
 * tests/fuzz/readosm-crashes/); geo_osm_import refuses them in its check
 * pass (geo/geo_osm_check.c) before readosm sees them, so every input goes
 * through the whole importer and a crash here is a hole in that check. */
#include "fuzz_store.h"

#ifdef FZ_OSM_PBF
#define FZ_SUFFIX ".osm.pbf"
#else
#define FZ_SUFFIX ".osm"
#endif

/* The reported counts are sane. (Not compared with the tables: a file that
 * holds the same way twice is written twice, each write counted, and a
 * re-import updates rows in place.) */
static void check_counts(const geo_osm_stats *st)
{
    if (st->road_edges < 0 || st->road_nodes < 0 || st->buildings < 0 || st->address_points < 0 ||
        st->water_sources < 0 || st->draft_points < 0 || st->hydrants < 0 || st->stations < 0 ||
        st->highway_ways > st->ways_read || st->ways_incomplete > st->ways_read)
        fz_die("after import", "reported counts are not sane");
}

/* Setup before the first input (not counted against -timeout). */
int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc, (void)argv;
    fz_store_get();
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    geo_store *s = fz_store_get();
    const char *path = fz_write_input(FZ_SUFFIX, data, size);
    geo_osm_options o = {NULL, 1};
    geo_osm_stats st;
    char err[512];
    memset(err, 'x', sizeof err);
    pc_rc rc = geo_osm_import(s, path, &o, &st, err, sizeof err);
    if (rc == PC_OK)
        check_counts(&st);
    fz_remove_input(); /* now: a crash would skip the atexit removal */
    fz_store_after(rc, err, sizeof err);
    return 0;
}
