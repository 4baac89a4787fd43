/* fuzz_osm.c — libFuzzer harness for `pccc import-osm` (geo_osm_import:
 * readosm, the in-memory extract, the writers of roads, buildings, water
 * and fire resources, admin assignment), built twice: fuzz_osm_xml feeds
 * each input as an .osm file, fuzz_osm_pbf (-DFZ_OSM_PBF) as an .osm.pbf.
 *
 * Any bytes, into a store that already holds a baseline extract and a ward
 * (fuzz_store.h): no crash, no leak; a failed import says why and leaves
 * the database byte for byte as it was (one transaction); a successful one
 * leaves no open transaction, intact foreign keys, every geometry within
 * WGS 84, and sane counts.
 *
 * readosm 1.1.0 (Debian's) dereferences NULL on a <tag> without k or v and
 * on a <member> without role (strlen(NULL) in its osm_objects.c): such XML
 * inputs are skipped, found by a pre-scan with the same expat, so that the
 * fuzzer keeps exploring pccc's code (PCCC_FUZZ_READOSM_ALL=1 feeds them
 * anyway, to check a fixed readosm). Its PBF reader has no such single
 * cause (unchecked string-table indexes and block sizes): see the fuzzing
 * section of docs/RELIABILITY.md. */
#include "fuzz_store.h"

#ifdef FZ_OSM_PBF
#define FZ_SUFFIX ".osm.pbf"
#else
#include <expat.h>
#define FZ_SUFFIX ".osm"

/* Sets *bad when an element readosm would crash on starts. */
static void scan_start(void *user, const char *el, const char **attr)
{
    int *bad = user, k = 0, v = 0, role = 0;
    for (size_t i = 0; attr[i]; i += 2)
        k |= strcmp(attr[i], "k") == 0, v |= strcmp(attr[i], "v") == 0, role |= strcmp(attr[i], "role") == 0;
    if ((strcmp(el, "tag") == 0 && !(k && v)) || (strcmp(el, "member") == 0 && !role))
        *bad = 1;
}

/* 1 when the input would crash readosm 1.1.0 (see the top of the file). */
static int readosm_would_crash(const uint8_t *data, size_t size)
{
    static int all = -1;
    if (all < 0)
        all = getenv("PCCC_FUZZ_READOSM_ALL") != NULL;
    if (all || size > INT32_MAX)
        return 0;
    int bad = 0;
    XML_Parser p = XML_ParserCreate(NULL);
    if (!p)
        return 0;
    XML_SetUserData(p, &bad);
    XML_SetStartElementHandler(p, scan_start);
    XML_Parse(p, (const char *)data, (int)size, 1); /* up to the first error, like readosm */
    XML_ParserFree(p);
    return bad;
}
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
#ifndef FZ_OSM_PBF
    if (readosm_would_crash(data, size))
        return 0;
#endif
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
