/* geo_geocode.c — house codes and addresses to buildings (geo_geocode.h).
 *
 * Address lookup in four steps:
 * 1. parse the text (geo_address_parse);
 * 2. resolve its names against the dictionary: the labelled street first,
 *    then the free names, cut greedily into the longest runs of words that
 *    are a known street or ward/district ("khuong ha thanh xuan" -> street
 *    + area); a labelled name that is unknown is tried again with its
 *    keyword ("Phương Liệt" was read as phường "Liệt"); if no street is known
 *    exactly, the closest spelling within 1-2 edits is used with a penalty;
 * 3. fetch buildings (and address points) by street spelling and house
 *    number (building_street index), or, with no street, by ward and number;
 * 4. score each row: the product of per-part factors (see score_rec), then
 *    divide the certainty among rows that score alike, so that three
 *    equally good houses never look like one sure answer: confidence =
 *    raw * sqrt(raw^6 / sum of raw^6), which halves the square of the
 *    certainty for two equal rows but barely moves for a row far behind
 *    (1 vs 0.4: 0.998). */
#include "geo_geocode_int.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "geo_text.h"

#define MAX_STREET_HITS 64
#define MAX_AREAS 8
#define MAX_WARD_IDS 64

/* --- shared helpers ----------------------------------------------------- */

size_t gc_clamp_max(size_t max)
{
    if (max == 0)
        return 10;
    return max > GEO_GEOCODE_MAX_RESULTS ? GEO_GEOCODE_MAX_RESULTS : max;
}

geo_gc_result *gc_result_new(pc_arena *a) { return pc_arena_calloc(a, 1, sizeof(geo_gc_result)); }

pc_rc gc_candidate_from_row(sqlite3_stmt *st, pc_arena *a, geo_gc_match match, geo_gc_candidate *c)
{
    memset(c, 0, sizeof *c);
    c->building_id = sqlite3_column_int64(st, 0);
    c->house_code = geo_col_str(a, st, 1);
    c->address = geo_col_str(a, st, 2);
    c->pos = (geo_lonlat){sqlite3_column_double(st, 9), sqlite3_column_double(st, 10)};
    c->dist_m = -1;
    c->match = match;
    return c->house_code ? PC_OK : PC_ENOMEM;
}

/* --- house codes -------------------------------------------------------- */

static pc_rc code_lookup(geo_geocoder *g, const char *code, pc_arena *a, geo_gc_candidate *c, int *found)
{
    static const char sql[] = "SELECT " GC_BCOLS " FROM building b WHERE b.house_code=?1";
    *found = 0;
    sqlite3_stmt *st = geo_stmt(g->s, sql);
    if (!st)
        return PC_EIO;
    sqlite3_bind_text(st, 1, code, -1, SQLITE_TRANSIENT);
    int src = sqlite3_step(st);
    pc_rc rc = src == SQLITE_ROW ? gc_candidate_from_row(st, a, GEO_GC_HOUSE_CODE, c)
               : src == SQLITE_DONE ? PC_OK : geo_rc(src);
    *found = src == SQLITE_ROW && rc == PC_OK;
    sqlite3_reset(st);
    return rc;
}

pc_rc geo_geocode_house_code(geo_geocoder *g, const char *text, size_t max, pc_arena *a, geo_gc_result **out)
{
    *out = NULL;
    max = gc_clamp_max(max);
    char code[GEO_HOUSECODE_LEN + 1];
    pc_rc prc = geo_housecode_parse(text, code);
    if (prc != PC_OK && prc != PC_EFORMAT)
        return PC_EINVAL;
    geo_gc_result *r = gc_result_new(a);
    size_t cap = prc == PC_OK ? max : GEO_GEOCODE_MAX_RESULTS; /* every suggestion counts */
    geo_gc_candidate *cs = pc_arena_calloc(a, cap, sizeof *cs);
    if (!r || !cs)
        return PC_ENOMEM;
    memcpy(r->typed_code, code, sizeof code);
    int found = 0;
    pc_rc rc = PC_OK;
    if (prc == PC_OK) {
        rc = code_lookup(g, code, a, &cs[0], &found);
        cs[0].confidence = 1.0;
        r->cands = cs, r->n_cands = found ? 1 : 0;
        r->status = found ? GEO_GC_FOUND : GEO_GC_NO_MATCH;
    } else {
        char near[96][GEO_HOUSECODE_LEN + 1];
        size_t n = geo_housecode_neighbours(code, near, 96);
        if (n > 96)
            n = 96;
        r->status = GEO_GC_BAD_CHECK;
        r->suggestions = cs;
        for (size_t i = 0; i < n && rc == PC_OK && r->n_suggestions < cap; i++) {
            rc = code_lookup(g, near[i], a, &cs[r->n_suggestions], &found);
            if (found)
                cs[r->n_suggestions++].confidence = 0;
        }
    }
    if (rc != PC_OK)
        return rc;
    *out = r;
    return PC_OK;
}

pc_rc geo_geocode_text(geo_geocoder *g, const char *text, size_t max, pc_arena *a, geo_gc_result **out)
{
    *out = NULL;
    if (!text || !*text)
        return PC_EINVAL;
    if (strlen(text) > GEO_ADDRESS_MAX_LEN)
        return PC_ELIMIT;
    char code[GEO_HOUSECODE_LEN + 1];
    pc_rc prc = geo_housecode_parse(text, code);
    if (prc == PC_OK || prc == PC_EFORMAT)
        return geo_geocode_house_code(g, text, max, a, out);
    return geo_geocode_address(g, text, max, a, out);
}

/* --- resolving the names of a parsed address ---------------------------- */

typedef struct gc_query {
    const geo_address *ad;
    int street_idx[MAX_STREET_HITS]; /* dictionary entries */
    double street_f[MAX_STREET_HITS];
    size_t n_street;
    char ward[GEO_ADDR_NAME_LEN], district[GEO_ADDR_NAME_LEN]; /* labelled, kept */
    char areas[MAX_AREAS][GEO_ADDR_NAME_LEN];                  /* unlabelled ward or district names */
    size_t n_areas;
    int unmatched; /* words that matched nothing */
    char unknown_street[GEO_ADDR_NAME_LEN]; /* a name to try fuzzily */
} gc_query;

/* dst = "a b" (or just b when a is empty), truncated to n - 1 bytes. */
static void join2(char *dst, size_t n, const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b), k = 0;
    if (la && la + 1 < n) {
        memcpy(dst, a, la);
        dst[la] = ' ';
        k = la + 1;
    }
    if (lb > n - 1 - k)
        lb = n - 1 - k;
    memcpy(dst + k, b, lb);
    dst[k + lb] = '\0';
}

/* Adds the dictionary entries whose key (factor f) or key2 (0.9 f) is k. */
static size_t find_streets(const geo_geocoder *g, gc_query *q, const char *k, double f)
{
    size_t found = 0;
    for (size_t i = 0; i < g->n_streets && q->n_street < MAX_STREET_HITS; i++) {
        const gc_street *e = &g->streets[i];
        double ef = strcmp(e->key, k) == 0 ? f : (e->key2[0] && strcmp(e->key2, k) == 0) ? 0.9 * f : 0;
        if (ef > 0) {
            q->street_idx[q->n_street] = (int)i;
            q->street_f[q->n_street++] = ef;
            found++;
        }
    }
    return found;
}

static int area_exists(const geo_geocoder *g, const char *k, int level)
{
    for (size_t i = 0; i < g->n_areas; i++)
        if ((level == 0 || g->areas[i].level == level) && strcmp(g->areas[i].key, k) == 0)
            return 1;
    return 0;
}

static int street_exists(const geo_geocoder *g, const char *k)
{
    for (size_t i = 0; i < g->n_streets; i++)
        if (strcmp(g->streets[i].key, k) == 0 || (g->streets[i].key2[0] && strcmp(g->streets[i].key2, k) == 0))
            return 1;
    return 0;
}

static void add_area(gc_query *q, const char *k)
{
    if (q->n_areas < MAX_AREAS)
        snprintf(q->areas[q->n_areas++], GEO_ADDR_NAME_LEN, "%s", k);
}

/* Cuts a free name into the longest runs of words that are a street (when
 * none is known yet) or an area. */
static void segment(const geo_geocoder *g, gc_query *q, const char *name)
{
    char words[24][GEO_ADDR_NAME_LEN / 2];
    size_t n = 0;
    char buf[GEO_ADDR_NAME_LEN];
    snprintf(buf, sizeof buf, "%s", name);
    for (char *save = NULL, *w = strtok_r(buf, " ", &save); w && n < 24; w = strtok_r(NULL, " ", &save))
        snprintf(words[n++], sizeof words[0], "%s", w);
    for (size_t i = 0; i < n;) {
        size_t best = 0;
        int is_street = 0;
        char run[GEO_ADDR_NAME_LEN], best_run[GEO_ADDR_NAME_LEN] = "";
        run[0] = '\0';
        for (size_t j = i; j < n; j++) {
            char prev[GEO_ADDR_NAME_LEN];
            memcpy(prev, run, sizeof prev);
            join2(run, sizeof run, prev, words[j]);
            int st = q->n_street == 0 && street_exists(g, run);
            if (st || area_exists(g, run, 0)) {
                best = j - i + 1, is_street = st;
                snprintf(best_run, sizeof best_run, "%s", run);
            }
        }
        if (best == 0) {
            if (q->n_street == 0 && !q->unknown_street[0])
                snprintf(q->unknown_street, sizeof q->unknown_street, "%s", name);
            q->unmatched++;
            i++;
            continue;
        }
        if (is_street)
            find_streets(g, q, best_run, 1.0);
        else
            add_area(q, best_run);
        i += best;
    }
}

/* A labelled name that is not known: "kind name" may be a street or area
 * read wrongly ("Xã Đàn", "Phương Liệt", "Quán Thánh"). Returns 1 if so. */
static int retry_with_kind(const geo_geocoder *g, gc_query *q, const char *kind, const char *name)
{
    char k[GEO_ADDR_NAME_LEN];
    join2(k, sizeof k, kind, name);
    if (!street_exists(g, k) && !area_exists(g, k, 0))
        return 0;
    segment(g, q, k);
    return 1;
}

static void resolve_street(const geo_geocoder *g, gc_query *q)
{
    const geo_address *ad = q->ad;
    if (!ad->street[0])
        return;
    if (find_streets(g, q, ad->street, 1.0))
        return;
    char k[GEO_ADDR_NAME_LEN];
    join2(k, sizeof k, ad->street_kind, ad->street); /* "Phố Huế" */
    if (ad->street_kind[0] && find_streets(g, q, k, 1.0))
        return;
    if (strncmp(ad->street, "pho ", 4) == 0 && find_streets(g, q, ad->street + 4, 1.0)) /* "phố Phố Huế" */
        return;
    segment(g, q, ad->street); /* "Khương Hạ Thanh Xuân" */
    if (q->n_street == 0)
        snprintf(q->unknown_street, sizeof q->unknown_street, "%s", ad->street);
}

/* The closest street key within 1 (short names) or 2 edits. */
static void fuzzy_street(const geo_geocoder *g, gc_query *q)
{
    const char *k = q->unknown_street;
    int maxd = strlen(k) <= 6 ? 1 : 2, best = maxd + 1;
    const char *best_key = NULL;
    for (size_t i = 0; i < g->n_streets; i++) {
        int d = geo_address_edit_distance(k, g->streets[i].key, maxd);
        if (d < best)
            best = d, best_key = g->streets[i].key;
    }
    if (best_key) {
        char key[GEO_ADDR_NAME_LEN];
        snprintf(key, sizeof key, "%s", best_key);
        find_streets(g, q, key, best == 1 ? 0.75 : 0.6);
        q->unmatched = q->unmatched > 0 ? q->unmatched - 1 : 0;
    }
}

static void resolve(const geo_geocoder *g, gc_query *q)
{
    const geo_address *ad = q->ad;
    resolve_street(g, q);
    if (ad->ward[0]) {
        if (area_exists(g, ad->ward, 3) || !retry_with_kind(g, q, ad->ward_kind, ad->ward))
            snprintf(q->ward, sizeof q->ward, "%s", ad->ward);
    }
    if (ad->district[0]) {
        if (area_exists(g, ad->district, 2) || !retry_with_kind(g, q, ad->district_kind, ad->district))
            snprintf(q->district, sizeof q->district, "%s", ad->district);
    }
    for (size_t i = 0; i < ad->n_free; i++)
        segment(g, q, ad->free[i]);
    if (q->n_street == 0 && q->unknown_street[0])
        fuzzy_street(g, q);
}

/* --- candidates --------------------------------------------------------- */

typedef struct gc_rec {
    geo_gc_candidate c;
    char number[GEO_ADDR_NUM_LEN], ngach[GEO_ADDR_NUM_LEN], ngo[GEO_ADDR_NUM_LEN];
    const char *folded; /* addr_folded */
    int64_t admin_id;
    double street_f; /* 0: found by area, not street */
    double raw;
} gc_rec;

typedef struct gc_vec {
    gc_rec *v;
    size_t n, cap;
} gc_vec;

static gc_rec *vec_push(gc_vec *vec)
{
    if (vec->n == vec->cap) {
        size_t cap = vec->cap ? 2 * vec->cap : 64;
        gc_rec *v = realloc(vec->v, cap * sizeof *v);
        if (!v)
            return NULL;
        vec->v = v, vec->cap = cap;
    }
    gc_rec *r = &vec->v[vec->n++];
    memset(r, 0, sizeof *r);
    return r;
}

static void lower_copy(char *dst, size_t n, const unsigned char *src)
{
    size_t i = 0;
    for (; src && src[i] && i + 1 < n; i++)
        dst[i] = (char)tolower(src[i]);
    dst[i] = '\0';
}

/* The stored number, ngách and ngõ of a building: columns first, then what
 * the parser finds in a free-form number ("24 ngách 30", "Số 3, Ngõ 107A")
 * and in the street spelling ("Ngõ 27 Phố Cát Linh"). */
static void rec_parts(gc_rec *r, const unsigned char *number, const unsigned char *ngach, const unsigned char *ngo,
                      const gc_street *street)
{
    lower_copy(r->number, sizeof r->number, number);
    lower_copy(r->ngach, sizeof r->ngach, ngach);
    lower_copy(r->ngo, sizeof r->ngo, ngo);
    int plain = 1;
    for (const char *p = r->number; *p; p++)
        plain &= isalnum((unsigned char)*p) || *p == '-';
    geo_address ad;
    if (!plain && number && geo_address_parse((const char *)number, &ad) == PC_OK && ad.number[0]) {
        snprintf(r->number, sizeof r->number, "%s", ad.number);
        if (!r->ngach[0])
            snprintf(r->ngach, sizeof r->ngach, "%s", ad.ngach);
        if (!r->ngo[0])
            snprintf(r->ngo, sizeof r->ngo, "%s", ad.ngo);
    }
    if (street && !r->ngo[0])
        snprintf(r->ngo, sizeof r->ngo, "%s", street->ngo);
    if (street && !r->ngach[0])
        snprintf(r->ngach, sizeof r->ngach, "%s", street->ngach);
}

/* One reading of the numbers (the parser's, or the slash chain read the
 * other way) with its factor. */
typedef struct gc_parts {
    const char *number, *ngach, *ngo;
    double f;
} gc_parts;

static pc_rc push_building(gc_vec *vec, sqlite3_stmt *st, pc_arena *a, const gc_street *street, double street_f)
{
    gc_rec *r = vec_push(vec);
    if (!r)
        return PC_ENOMEM;
    pc_rc rc = gc_candidate_from_row(st, a, GEO_GC_ADDRESS, &r->c);
    rec_parts(r, sqlite3_column_text(st, 3), sqlite3_column_text(st, 4), sqlite3_column_text(st, 5), street);
    r->admin_id = sqlite3_column_int64(st, 7);
    r->folded = geo_col_str(a, st, 8);
    r->street_f = street_f;
    return rc;
}

/* Rows of a prepared building query into vec (the statement is reset). */
static pc_rc run_buildings(sqlite3_stmt *st, gc_vec *vec, pc_arena *a, const gc_street *street, double street_f)
{
    pc_rc rc = PC_OK;
    int src;
    while (rc == PC_OK && (src = sqlite3_step(st)) == SQLITE_ROW)
        rc = push_building(vec, st, a, street, street_f);
    if (rc == PC_OK && src != SQLITE_DONE)
        rc = geo_rc(src);
    sqlite3_reset(st);
    return rc;
}

static pc_rc fetch_points(geo_geocoder *g, const gc_street *e, double f, const char *number, gc_vec *vec,
                          pc_arena *a)
{
    static const char sql[] =
        "SELECT coalesce(p.building_id,0),b.house_code,coalesce(b.addr_full,p.addr_full),p.housenumber,"
        "p.id,coalesce(p.admin_unit_id,b.admin_unit_id,0),p.addr_folded,ST_X(p.geom),ST_Y(p.geom)"
        " FROM address_point p LEFT JOIN building b ON b.id=p.building_id"
        " WHERE p.street=?1 AND instr(lower(p.housenumber),?2)>0 LIMIT 200";
    sqlite3_stmt *st = geo_stmt(g->s, sql);
    if (!st)
        return PC_EIO;
    sqlite3_bind_text(st, 1, e->spelling, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 2, number, -1, SQLITE_TRANSIENT);
    pc_rc rc = PC_OK;
    int src;
    while (rc == PC_OK && (src = sqlite3_step(st)) == SQLITE_ROW) {
        gc_rec *r = vec_push(vec);
        if (!r) {
            rc = PC_ENOMEM;
            break;
        }
        r->c.building_id = sqlite3_column_int64(st, 0);
        r->c.house_code = geo_col_str(a, st, 1);
        r->c.address = geo_col_str(a, st, 2);
        r->c.address_point_id = sqlite3_column_int64(st, 4);
        r->c.pos = (geo_lonlat){sqlite3_column_double(st, 7), sqlite3_column_double(st, 8)};
        r->c.dist_m = -1;
        r->c.match = GEO_GC_ADDRESS_POINT;
        rec_parts(r, sqlite3_column_text(st, 3), NULL, NULL, e);
        r->admin_id = sqlite3_column_int64(st, 5);
        r->folded = geo_col_str(a, st, 6);
        r->street_f = f;
    }
    if (rc == PC_OK && src != SQLITE_DONE)
        rc = geo_rc(src);
    sqlite3_reset(st);
    return rc;
}

/* Buildings on the matched streets: by house number, or (no number) every
 * house of the named ngõ/ngách, or of the street. */
static pc_rc fetch_by_street(geo_geocoder *g, const gc_query *q, const gc_parts *p, gc_vec *vec, pc_arena *a)
{
    static const char by_num[] = "SELECT " GC_BCOLS " FROM building b"
                                 " WHERE b.addr_street=?1 AND instr(lower(b.addr_number),?2)>0 LIMIT 500";
    static const char by_exact[] = "SELECT " GC_BCOLS " FROM building b"
                                   " WHERE b.addr_street=?1 AND (?3 IS NULL OR b.addr_ngo=?3) AND lower(b.addr_number)=?2 LIMIT 200";
    static const char by_alley[] = "SELECT " GC_BCOLS " FROM building b WHERE b.addr_street=?1"
                                   " AND (?2 IS NULL OR b.addr_ngo=?2) AND (?3 IS NULL OR b.addr_ngach=?3) LIMIT 200";
    pc_rc rc = PC_OK;
    for (size_t i = 0; i < q->n_street && rc == PC_OK; i++) {
        const gc_street *e = &g->streets[q->street_idx[i]];
        sqlite3_stmt *st = geo_stmt(g->s, p->number[0] ? by_num : by_alley);
        if (!st)
            return PC_EIO;
        sqlite3_bind_text(st, 1, e->spelling, -1, SQLITE_TRANSIENT);
        if (p->number[0]) {
            sqlite3_bind_text(st, 2, p->number, -1, SQLITE_TRANSIENT);
        } else {
            geo_bind_text_or_null(st, 2, p->ngo[0] && !e->ngo[0] ? p->ngo : NULL);
            geo_bind_text_or_null(st, 3, p->ngach[0] && !e->ngach[0] ? p->ngach : NULL);
        }
        rc = run_buildings(st, vec, a, e, q->street_f[i]);
        if (rc == PC_OK && p->number[0]) {
            /* a long street has hundreds of "5"s: make sure the exact one is not cut by the LIMIT above */
            if (!(st = geo_stmt(g->s, by_exact)))
                return PC_EIO;
            sqlite3_bind_text(st, 1, e->spelling, -1, SQLITE_TRANSIENT);
            sqlite3_bind_text(st, 2, p->number, -1, SQLITE_TRANSIENT);
            geo_bind_text_or_null(st, 3, p->ngo[0] && !e->ngo[0] ? p->ngo : NULL);
            rc = run_buildings(st, vec, a, e, q->street_f[i]);
        }
        if (rc == PC_OK && p->number[0])
            rc = fetch_points(g, e, q->street_f[i], p->number, vec, a);
    }
    return rc;
}

/* Ward ids named by the query (a district brings its wards). */
static size_t ward_ids(const geo_geocoder *g, const gc_query *q, int64_t *ids, size_t max)
{
    size_t n = 0;
    for (size_t i = 0; i < g->n_areas && n < max; i++) {
        const gc_area *u = &g->areas[i];
        int hit = strcmp(u->key, q->ward) == 0 || strcmp(u->key, q->district) == 0;
        for (size_t k = 0; k < q->n_areas && !hit; k++)
            hit = strcmp(u->key, q->areas[k]) == 0;
        if (!hit)
            continue;
        ids[n++] = u->id;
        for (size_t j = 0; j < g->n_areas && n < max && u->level == 2; j++)
            if (g->areas[j].parent_id == u->id)
                ids[n++] = g->areas[j].id;
    }
    return n;
}

/* No street known: houses with this number in the named wards. */
static pc_rc fetch_by_area(geo_geocoder *g, const gc_query *q, const gc_parts *p, gc_vec *vec, pc_arena *a)
{
    static const char sql[] = "SELECT " GC_BCOLS " FROM building b"
                              " WHERE b.admin_unit_id=?1 AND instr(lower(b.addr_number),?2)>0 LIMIT 500";
    int64_t ids[MAX_WARD_IDS];
    size_t n = p->number[0] ? ward_ids(g, q, ids, MAX_WARD_IDS) : 0;
    pc_rc rc = PC_OK;
    for (size_t i = 0; i < n && rc == PC_OK; i++) {
        sqlite3_stmt *st = geo_stmt(g->s, sql);
        if (!st)
            return PC_EIO;
        sqlite3_bind_int64(st, 1, ids[i]);
        sqlite3_bind_text(st, 2, p->number, -1, SQLITE_TRANSIENT);
        rc = run_buildings(st, vec, a, NULL, 0);
    }
    return rc;
}

/* 1 both absent or equal; otherwise the factor for the case. */
static double part_factor(const char *qv, const char *rv, double differ, double q_only, double r_only)
{
    if (!qv[0] && !rv[0])
        return 1;
    if (qv[0] && rv[0])
        return strcmp(qv, rv) == 0 ? 1 : differ;
    return qv[0] ? q_only : r_only;
}

static const gc_area *area_by_id(const geo_geocoder *g, int64_t id)
{
    for (size_t i = 0; id && i < g->n_areas; i++)
        if (g->areas[i].id == id)
            return &g->areas[i];
    return NULL;
}

/* Does the area key k name the record's ward or district? 1 yes, 0 no,
 * -1 unknown (the record has no area and its address does not say). */
static int area_match(const char *k, const char *ward, const char *district, const char *folded_key, int level)
{
    if ((level != 2 && ward && strcmp(k, ward) == 0) || (level != 3 && district && strcmp(k, district) == 0))
        return 1;
    if (ward || district)
        return 0;
    char pad[GEO_ADDR_NAME_LEN + 2];
    snprintf(pad, sizeof pad, " %s ", k);
    return strstr(folded_key, pad) ? 1 : -1;
}

static double score_rec(const geo_geocoder *g, const gc_query *q, const gc_parts *p, const gc_rec *r)
{
    double f = p->f * (r->street_f > 0 ? r->street_f : 0.5);
    if (p->number[0]) {
        int m = geo_address_number_match(p->number, r->number);
        if (m == 0)
            return 0;
        f *= m / 100.0;
    } else {
        f *= 0.35; /* the house itself is unknown */
    }
    f *= part_factor(p->ngo, r->ngo, 0.3, 0.4, 0.7); /* the ngõ is often left out */
    f *= part_factor(p->ngach, r->ngach, 0.3, 0.4, 0.7);
    const gc_area *u = area_by_id(g, r->admin_id), *parent = u ? area_by_id(g, u->parent_id) : NULL;
    const char *ward = u && u->level == 3 ? u->key : NULL;
    const char *district = u && u->level == 2 ? u->key : parent ? parent->key : NULL;
    char folded[GEO_ADDRESS_MAX_LEN + 2] = " ";
    if (r->folded)
        geo_address_name_key(r->folded, folded + 1, sizeof folded - 2);
    strcat(folded, " ");
    if (q->ward[0]) {
        int m = area_match(q->ward, ward, district, folded, 3);
        f *= m == 1 ? 1 : m == 0 ? 0.5 : 0.85;
    }
    if (q->district[0]) {
        int m = area_match(q->district, ward, district, folded, 2);
        f *= m == 1 ? 1 : m == 0 ? 0.6 : 0.9;
    }
    for (size_t i = 0; i < q->n_areas; i++) {
        int m = area_match(q->areas[i], ward, district, folded, 0);
        f *= m == 1 ? 1 : m == 0 ? 0.5 : 0.9;
    }
    for (int i = 0; i < q->unmatched && i < 3; i++)
        f *= 0.85;
    if (q->ad->n_ignored)
        f *= 0.9;
    return f;
}

static int by_conf_desc(const void *x, const void *y)
{
    const gc_rec *a = x, *b = y;
    if (a->raw != b->raw)
        return a->raw < b->raw ? 1 : -1;
    return a->c.building_id < b->c.building_id ? -1 : a->c.building_id > b->c.building_id;
}

/* Keeps the best row per building, turns raw scores into confidences
 * shared among alike rows, and copies the best max into r. */
static pc_rc finish(gc_vec *vec, size_t max, pc_arena *a, geo_gc_result *r)
{
    if (vec->n > 1)
        qsort(vec->v, vec->n, sizeof *vec->v, by_conf_desc);
    size_t n = 0;
    double sum6 = 0;
    for (size_t i = 0; i < vec->n; i++) {
        gc_rec *x = &vec->v[i];
        int dup = x->raw <= 0;
        for (size_t j = 0; j < n && !dup; j++)
            dup = x->c.building_id && vec->v[j].c.building_id == x->c.building_id;
        if (!dup) {
            vec->v[n++] = *x;
            sum6 += pow(x->raw, 6);
        }
    }
    r->n_cands = n < max ? n : max;
    r->cands = pc_arena_calloc(a, r->n_cands ? r->n_cands : 1, sizeof *r->cands);
    if (!r->cands)
        return PC_ENOMEM;
    for (size_t i = 0; i < r->n_cands; i++) {
        r->cands[i] = vec->v[i].c;
        double c = vec->v[i].raw * sqrt(pow(vec->v[i].raw, 6) / sum6);
        r->cands[i].confidence = round((c > 1 ? 1 : c) * 1000) / 1000;
    }
    r->status = r->n_cands ? GEO_GC_FOUND : GEO_GC_NO_MATCH;
    return PC_OK;
}

pc_rc geo_geocode_address(geo_geocoder *g, const char *text, size_t max, pc_arena *a, geo_gc_result **out)
{
    *out = NULL;
    max = gc_clamp_max(max);
    geo_gc_result *r = gc_result_new(a);
    gc_query *q = calloc(1, sizeof *q);
    gc_vec vec = {0};
    pc_rc rc = PC_ENOMEM;
    if (!r || !q)
        goto cleanup;
    if ((rc = geo_address_parse(text, &r->parsed)) != PC_OK || (rc = gc_ensure_fresh(g)) != PC_OK)
        goto cleanup;
    r->is_address = 1;
    q->ad = &r->parsed;
    resolve(g, q);
    const geo_address *ad = &r->parsed;
    gc_parts parts[2] = {{ad->number, ad->ngach, ad->ngo, 1.0}, {ad->alt_number, ad->alt_ngach, ad->alt_ngo, 0.7}};
    size_t n_parts = ad->has_alt ? 2 : 1;
    for (size_t i = 0; i < n_parts && rc == PC_OK; i++) {
        size_t first = vec.n;
        rc = q->n_street ? fetch_by_street(g, q, &parts[i], &vec, a) : fetch_by_area(g, q, &parts[i], &vec, a);
        for (size_t k = first; k < vec.n; k++) {
            double best = 0;
            for (size_t j = 0; j < n_parts; j++) {
                double s = score_rec(g, q, &parts[j], &vec.v[k]);
                best = s > best ? s : best;
            }
            vec.v[k].raw = best;
        }
    }
    if (rc == PC_OK)
        rc = finish(&vec, max, a, r);
    if (rc == PC_OK)
        *out = r;
cleanup:
    free(vec.v);
    free(q);
    return rc;
}
