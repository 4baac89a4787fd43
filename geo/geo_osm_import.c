/* geo_osm_import.c — `pccc import-osm`: check the file (geo_osm_check.c),
 * read the whole extract, then write it in one transaction (see
 * geo_osm_import.h).
 *
 * Order of writing: roads, buildings (then address points, which need the
 * building footprints), water areas, then fire resources (suction points
 * need the water sources). When the store already holds administrative
 * units, the new rows are assigned to them at the end. */
#include "geo_osm_int.h"

#include <stdio.h>
#include <string.h>

#include "geo_admin_import.h"
#include "pc_log.h"
#include "pc_progress.h"

static pc_rc have_admin_units(geo_store *s, int *yes)
{
    static const char sql[] = "SELECT EXISTS(SELECT 1 FROM admin_unit)";
    sqlite3_stmt *q = geo_stmt(s, sql);
    if (!q)
        return geo_rc(sqlite3_errcode(s->db));
    int src = sqlite3_step(q);
    *yes = src == SQLITE_ROW && sqlite3_column_int(q, 0);
    sqlite3_reset(q);
    return src == SQLITE_ROW ? PC_OK : geo_rc(src);
}

static pc_rc write_all(geo_store *s, const osm_extract *x, int quiet, geo_osm_stats *st, char *err, size_t err_len)
{
    pc_rc rc = osm_write_roads(s, x, quiet, st, err, err_len);
    if (rc == PC_OK)
        rc = osm_write_buildings(s, x, quiet, st, err, err_len);
    if (rc == PC_OK)
        rc = osm_write_waters(s, x, st, err, err_len);
    if (rc == PC_OK)
        rc = osm_write_pois(s, x, st, err, err_len);
    int units = 0;
    if (rc == PC_OK && (rc = have_admin_units(s, &units)) == PC_OK && units)
        rc = geo_admin_assign(s, 1, &st->admin_assigned);
    if (rc != PC_OK && err_len && !err[0])
        snprintf(err, err_len, "assigning administrative units: %s (%s)", pc_rc_str(rc), geo_store_errmsg(s));
    return rc;
}

pc_rc geo_osm_import(geo_store *s, const char *path, const geo_osm_options *opts, geo_osm_stats *stats, char *err,
                     size_t err_len)
{
    geo_osm_options defaults = {0};
    const geo_osm_options *o = opts ? opts : &defaults;
    geo_osm_config *own_cfg = NULL;
    geo_osm_stats local;
    geo_osm_stats *st = stats ? stats : &local;
    osm_extract x;
    memset(st, 0, sizeof *st);
    memset(&x, 0, sizeof x);
    if (err_len)
        err[0] = '\0';
    pc_rc rc = PC_OK;
    if (!o->config && (rc = geo_osm_config_default(&own_cfg)) != PC_OK)
        return rc;
    double t0 = pc_now_s();
    rc = geo_osm_check(path, err, err_len); /* readosm 1.1.0 crashes on some broken files */
    st->check_s = pc_now_s() - t0;
    t0 = pc_now_s();
    if (rc == PC_OK)
        rc = osm_extract_read(&x, path, o->config ? o->config : own_cfg, o->quiet, err, err_len);
    st->nodes_read = x.n_nodes_read, st->ways_read = x.n_ways_read, st->relations_read = x.n_rels_read;
    st->read_s = pc_now_s() - t0;
    int in_tx = 0;
    if (rc == PC_OK) {
        if ((rc = geo_store_begin(s)) == PC_OK)
            in_tx = 1;
        else
            snprintf(err, err_len, "cannot start a transaction: %s", geo_store_errmsg(s));
    }
    double t1 = pc_now_s();
    if (rc == PC_OK)
        rc = write_all(s, &x, o->quiet, st, err, err_len);
    if (rc == PC_OK && (rc = geo_store_commit(s)) != PC_OK)
        snprintf(err, err_len, "commit: %s", geo_store_errmsg(s));
    if (rc != PC_OK && in_tx)
        geo_store_rollback(s);
    st->write_s = pc_now_s() - t1;
    if (rc == PC_OK && !o->quiet)
        pc_log(PC_LOG_INFO,
               "import-osm: %lld highway ways -> %lld edges, %lld nodes; %lld buildings, %lld address points, "
               "%lld water sources, %lld draft points, %lld hydrants, %lld stations (check %.2fs, read %.2fs, "
               "write %.2fs)",
               (long long)st->highway_ways, (long long)st->road_edges, (long long)st->road_nodes,
               (long long)st->buildings, (long long)st->address_points, (long long)st->water_sources,
               (long long)st->draft_points, (long long)st->hydrants, (long long)st->stations, st->check_s,
               st->read_s, st->write_s);
    if (rc == PC_OK && (st->ways_incomplete || st->polygons_broken) && !o->quiet)
        pc_log(PC_LOG_WARN, "import-osm: %lld highway ways lack some nodes (kept what is there); %lld areas skipped"
               " (rings do not close or members are outside the extract)",
               (long long)st->ways_incomplete, (long long)st->polygons_broken);
    osm_extract_free(&x);
    geo_osm_config_free(own_cfg);
    return rc;
}
