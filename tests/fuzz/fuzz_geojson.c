/* fuzz_geojson.c — libFuzzer harness for `pccc import-admin`
 * (geo_admin_import: SQLite's JSON functions, SpatiaLite's
 * GeomFromGeoJSON, parent by containment, assignment of every located row).
 *
 * The first byte picks the options (level ward, district or city; parent
 * by containment or the baseline ward's code, or an unknown code); the rest
 * is the GeoJSON file. Into a store that already holds a small extract and
 * one ward (fuzz_store.h): no crash, no leak; a failure says why and leaves
 * the database byte for byte as it was; a success leaves it sane (every
 * unit polygon within WGS 84) with at least one unit, as reported. */
#include "fuzz_store.h"

/* Setup before the first input (not counted against -timeout). */
int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc, (void)argv;
    fz_store_get();
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char *const levels[] = {"ward", "district", "city", "province"};
    static const char *const parents[] = {NULL, "OSM-R9001", "Q404"};
    if (size < 1)
        return 0;
    geo_store *s = fz_store_get();
    const char *path = fz_write_input(".geojson", data + 1, size - 1);
    geo_admin_options o = {levels[data[0] & 3], parents[(data[0] >> 2) % 3], 1};
    geo_admin_stats st;
    char err[512];
    memset(err, 'x', sizeof err);
    pc_rc rc = geo_admin_import(s, path, &o, &st, err, sizeof err);
    if (rc == PC_OK && (st.units < 1 || st.units > fz_count("SELECT count(*) FROM admin_unit") ||
                        st.with_parent > st.units || st.skipped < 0))
        fz_die("after import", "reported counts do not match the tables");
    fz_remove_input(); /* now: a crash would skip the atexit removal */
    fz_store_after(rc, err, sizeof err);
    return 0;
}
