/* geo_geocode_dict.c — the geocoder's dictionary: every distinct street
 * spelling (building.addr_street, address_point.street) read by the address
 * parser, and the wards and districts, so that a folded name typed without
 * diacritics finds the spellings stored with them. Streets come from a
 * skip-scan of the building_street index: one seek per distinct spelling,
 * a few milliseconds for a city's few thousand streets. */
#include "geo_geocode_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "geo_text.h"

#define REFRESH_MIN_S 5

/* --- dictionary --------------------------------------------------------- */

static pc_rc add_street(geo_geocoder *g, const char *spelling)
{
    if (g->n_streets == g->cap_streets) {
        size_t cap = g->cap_streets ? 2 * g->cap_streets : 256;
        gc_street *v = realloc(g->streets, cap * sizeof *v);
        if (!v)
            return PC_ENOMEM;
        g->streets = v, g->cap_streets = cap;
    }
    gc_street *e = &g->streets[g->n_streets];
    memset(e, 0, sizeof *e);
    if (!(e->spelling = strdup(spelling)))
        return PC_ENOMEM;
    geo_address ad;
    char folded[GEO_ADDRESS_MAX_LEN + 1];
    if (geo_address_parse(spelling, &ad) == PC_OK && (ad.street[0] || ad.n_free)) {
        snprintf(e->key, sizeof e->key, "%s", ad.street[0] ? ad.street : ad.free[0]);
        snprintf(e->ngo, sizeof e->ngo, "%s", ad.ngo);
        snprintf(e->ngach, sizeof e->ngach, "%s", ad.ngach);
    } else if (geo_text_fold(spelling, folded, sizeof folded) == PC_OK) {
        geo_address_name_key(folded, e->key, sizeof e->key);
    }
    if (strncmp(e->key, "ngo ", 4) == 0)
        snprintf(e->key2, sizeof e->key2, "%s", e->key + 4);
    g->n_streets++;
    return PC_OK;
}

/* Distinct building.addr_street by skip-scan on the building_street index
 * (one seek per distinct spelling), then address_point.street. */
static pc_rc load_streets(geo_geocoder *g)
{
    static const char next_sql[] = "SELECT min(addr_street) FROM building WHERE addr_street>?1";
    static const char pt_sql[] = "SELECT DISTINCT street FROM address_point WHERE street IS NOT NULL";
    char last[512] = "";
    pc_rc rc = PC_OK;
    for (;;) {
        sqlite3_stmt *st = geo_stmt(g->s, next_sql);
        if (!st)
            return PC_EIO;
        sqlite3_bind_text(st, 1, last, -1, SQLITE_TRANSIENT);
        int src = sqlite3_step(st);
        const unsigned char *t = src == SQLITE_ROW ? sqlite3_column_text(st, 0) : NULL;
        if (t && strlen((const char *)t) < sizeof last) {
            snprintf(last, sizeof last, "%s", (const char *)t);
            rc = add_street(g, last);
        }
        sqlite3_reset(st);
        if (src != SQLITE_ROW)
            return geo_rc(src);
        if (!t || rc != PC_OK)
            break;
    }
    sqlite3_stmt *st = geo_stmt(g->s, pt_sql);
    if (!st)
        return PC_EIO;
    int src;
    while (rc == PC_OK && (src = sqlite3_step(st)) == SQLITE_ROW)
        rc = add_street(g, (const char *)sqlite3_column_text(st, 0));
    sqlite3_reset(st);
    return rc;
}

/* The key of an area name, without a leading administrative word when the
 * stored name carries one ("Phường Văn Miếu"; but "Phương Liệt" is a name,
 * which is why this looks at the name with its diacritics). */
static void area_key(const char *name, char *key, size_t n)
{
    static const char *const words[] = {"Phường ", "phường ", "Xã ", "xã ", "Thị trấn ", "thị trấn ",
                                        "Quận ", "quận ", "Huyện ", "huyện ", "Thị xã ", "thị xã ",
                                        "Thành phố ", "thành phố "};
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++) {
        size_t l = strlen(words[i]);
        if (strncmp(name, words[i], l) == 0 && name[l]) {
            name += l;
            break;
        }
    }
    char folded[GEO_ADDR_NAME_LEN * 2];
    if (geo_text_fold(name, folded, sizeof folded) != PC_OK)
        folded[0] = '\0';
    geo_address_name_key(folded, key, n);
}

static pc_rc load_areas(geo_geocoder *g)
{
    static const char sql[] = "SELECT id,level,coalesce(parent_id,0),name FROM admin_unit WHERE level>=2";
    sqlite3_stmt *st = geo_stmt(g->s, sql);
    if (!st)
        return PC_EIO;
    pc_rc rc = PC_OK;
    int src;
    while (rc == PC_OK && (src = sqlite3_step(st)) == SQLITE_ROW) {
        if (g->n_areas == g->cap_areas) {
            size_t cap = g->cap_areas ? 2 * g->cap_areas : 64;
            gc_area *v = realloc(g->areas, cap * sizeof *v);
            if (!v) {
                rc = PC_ENOMEM;
                break;
            }
            g->areas = v, g->cap_areas = cap;
        }
        gc_area *e = &g->areas[g->n_areas++];
        e->id = sqlite3_column_int64(st, 0);
        e->level = sqlite3_column_int(st, 1);
        e->parent_id = sqlite3_column_int64(st, 2);
        area_key((const char *)sqlite3_column_text(st, 3), e->key, sizeof e->key);
    }
    sqlite3_reset(st);
    return rc;
}

static void clear_dict(geo_geocoder *g)
{
    for (size_t i = 0; i < g->n_streets; i++)
        free(g->streets[i].spelling);
    g->n_streets = 0;
    g->n_areas = 0;
}

static int64_t data_version(geo_geocoder *g)
{
    static const char sql[] = "PRAGMA data_version";
    sqlite3_stmt *st = geo_stmt(g->s, sql);
    int64_t v = -1;
    if (st && sqlite3_step(st) == SQLITE_ROW)
        v = sqlite3_column_int64(st, 0);
    if (st)
        sqlite3_reset(st);
    return v;
}

pc_rc geo_geocoder_refresh(geo_geocoder *g)
{
    clear_dict(g);
    g->loaded = 0;
    pc_rc rc = load_streets(g);
    if (rc == PC_OK)
        rc = load_areas(g);
    if (rc != PC_OK) {
        clear_dict(g);
        return rc;
    }
    g->loaded = 1;
    g->data_version = data_version(g);
    g->total_changes = sqlite3_total_changes(g->s->db);
    g->loaded_at = time(NULL);
    return PC_OK;
}

/* Reloads when the database changed (by this connection or another one),
 * at most every REFRESH_MIN_S seconds. */
pc_rc gc_ensure_fresh(geo_geocoder *g)
{
    if (!g->loaded)
        return geo_geocoder_refresh(g);
    if (time(NULL) - g->loaded_at < REFRESH_MIN_S)
        return PC_OK;
    if (data_version(g) == g->data_version && sqlite3_total_changes(g->s->db) == g->total_changes) {
        g->loaded_at = time(NULL);
        return PC_OK;
    }
    return geo_geocoder_refresh(g);
}

pc_rc geo_geocoder_create(geo_store *s, geo_geocoder **out)
{
    *out = NULL;
    if (!s)
        return PC_EINVAL;
    geo_geocoder *g = calloc(1, sizeof *g);
    if (!g)
        return PC_ENOMEM;
    g->s = s;
    *out = g;
    return PC_OK;
}

void geo_geocoder_destroy(geo_geocoder *g)
{
    if (!g)
        return;
    clear_dict(g);
    free(g->streets);
    free(g->areas);
    free(g);
}

