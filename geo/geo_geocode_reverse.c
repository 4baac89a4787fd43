/* geo_geocode_reverse.c — the building at or nearest to a coordinate.
 *
 * Containment: the R*Tree (idx_building_footprint) gives the footprints
 * whose box holds the point, SpatiaLite's ST_Intersects decides (a point on
 * the outline counts as inside).
 * Nearest: a search box around the point grows (x2 from 16 m up to 2 km);
 * the R*Tree boxes met are ordered by their distance to the point, which is
 * a lower bound of the footprint's distance, and footprints are read in that
 * order until the k-th best exact distance is below the next box's bound —
 * the classic exact k-nearest search over an R-tree, never a full scan.
 * Distances are measured in a local metric frame around the point (within
 * 0.1% over a few km) to the footprint's outer ring. */
#include "geo_geocode_int.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "geo_blob.h"

#define START_BOX_M 16.0
#define MAX_BOX_M 2000.0
#define MAX_BOXES 20000

typedef struct box_hit {
    int64_t id;
    double lb_m; /* distance from the point to the box */
} box_hit;

static int by_lb(const void *x, const void *y)
{
    const box_hit *a = x, *b = y;
    return a->lb_m < b->lb_m ? -1 : a->lb_m > b->lb_m;
}

static double seg_dist(geo_xy p, geo_xy a, geo_xy b)
{
    double dx = b.x_m - a.x_m, dy = b.y_m - a.y_m, l2 = dx * dx + dy * dy;
    double t = l2 > 0 ? ((p.x_m - a.x_m) * dx + (p.y_m - a.y_m) * dy) / l2 : 0;
    t = t < 0 ? 0 : t > 1 ? 1 : t;
    double ex = a.x_m + t * dx - p.x_m, ey = a.y_m + t * dy - p.y_m;
    return sqrt(ex * ex + ey * ey);
}

/* Distance from the frame's origin to the ring of a footprint blob. */
static pc_rc footprint_dist(const geo_frame *f, const void *blob, int size, double *out)
{
    geo_lonlat *pts = NULL;
    size_t n = 0;
    pc_rc rc = geo_blob_vertices(blob, size, &pts, &n);
    if (rc != PC_OK)
        return rc;
    double best = INFINITY;
    geo_xy o = {0, 0};
    for (size_t i = 0; i + 1 < n; i++) {
        double d = seg_dist(o, geo_frame_to_xy(f, pts[i]), geo_frame_to_xy(f, pts[i + 1]));
        best = d < best ? d : best;
    }
    if (n == 1)
        best = sqrt(pow(geo_frame_to_xy(f, pts[0]).x_m, 2) + pow(geo_frame_to_xy(f, pts[0]).y_m, 2));
    free(pts);
    *out = best;
    return PC_OK;
}

static pc_rc find_containing(geo_geocoder *g, geo_lonlat p, size_t max, pc_arena *a, geo_gc_result *r)
{
    static const char sql[] =
        "SELECT " GC_BCOLS " FROM building b WHERE b.id IN (SELECT pkid FROM idx_building_footprint"
        " WHERE xmin<=?1 AND xmax>=?1 AND ymin<=?2 AND ymax>=?2)"
        " AND ST_Intersects(b.footprint,MakePoint(?1,?2,4326)) ORDER BY b.id";
    sqlite3_stmt *st = geo_stmt(g->s, sql);
    if (!st)
        return PC_EIO;
    sqlite3_bind_double(st, 1, p.lon_deg);
    sqlite3_bind_double(st, 2, p.lat_deg);
    pc_rc rc = PC_OK;
    int src;
    while (rc == PC_OK && r->n_cands < max && (src = sqlite3_step(st)) == SQLITE_ROW) {
        geo_gc_candidate *c = &r->cands[r->n_cands++];
        rc = gc_candidate_from_row(st, a, GEO_GC_CONTAINS, c);
        c->dist_m = 0;
    }
    if (rc == PC_OK && r->n_cands < max && src != SQLITE_DONE)
        rc = geo_rc(src);
    sqlite3_reset(st);
    for (size_t i = 0; i < r->n_cands; i++) /* overlapping footprints share the certainty */
        r->cands[i].confidence = round(1000 / sqrt((double)r->n_cands)) / 1000;
    return rc;
}

/* The R*Tree boxes within half_m of p, with their lower-bound distances. */
static pc_rc boxes_near(geo_geocoder *g, const geo_frame *f, geo_lonlat p, double half_m, box_hit *hits, size_t *n)
{
    static const char sql[] = "SELECT pkid,xmin,xmax,ymin,ymax FROM idx_building_footprint"
                              " WHERE xmax>=?1 AND xmin<=?2 AND ymax>=?3 AND ymin<=?4 LIMIT 20000";
    sqlite3_stmt *st = geo_stmt(g->s, sql);
    if (!st)
        return PC_EIO;
    double dlon = half_m / f->m_per_deg_lon, dlat = half_m / f->m_per_deg_lat;
    sqlite3_bind_double(st, 1, p.lon_deg - dlon);
    sqlite3_bind_double(st, 2, p.lon_deg + dlon);
    sqlite3_bind_double(st, 3, p.lat_deg - dlat);
    sqlite3_bind_double(st, 4, p.lat_deg + dlat);
    *n = 0;
    int src;
    while ((src = sqlite3_step(st)) == SQLITE_ROW && *n < MAX_BOXES) {
        double x0 = sqlite3_column_double(st, 1), x1 = sqlite3_column_double(st, 2);
        double y0 = sqlite3_column_double(st, 3), y1 = sqlite3_column_double(st, 4);
        double dx = p.lon_deg < x0 ? x0 - p.lon_deg : p.lon_deg > x1 ? p.lon_deg - x1 : 0;
        double dy = p.lat_deg < y0 ? y0 - p.lat_deg : p.lat_deg > y1 ? p.lat_deg - y1 : 0;
        /* the R*Tree stores single-precision boxes rounded outwards: the bound stays a lower bound */
        hits[*n].id = sqlite3_column_int64(st, 0);
        hits[*n].lb_m = hypot(dx * f->m_per_deg_lon, dy * f->m_per_deg_lat);
        (*n)++;
    }
    sqlite3_reset(st);
    return src == SQLITE_ROW || src == SQLITE_DONE ? PC_OK : geo_rc(src);
}

/* Reads building id into c with its exact distance from the frame origin. */
static pc_rc read_nearest(geo_geocoder *g, const geo_frame *f, int64_t id, pc_arena *a, geo_gc_candidate *c)
{
    static const char sql[] = "SELECT " GC_BCOLS ",b.footprint FROM building b WHERE b.id=?1";
    sqlite3_stmt *st = geo_stmt(g->s, sql);
    if (!st)
        return PC_EIO;
    sqlite3_bind_int64(st, 1, id);
    int src = sqlite3_step(st);
    pc_rc rc = src == SQLITE_ROW ? gc_candidate_from_row(st, a, GEO_GC_NEAREST, c) : PC_ENOTFOUND;
    if (rc == PC_OK)
        rc = footprint_dist(f, sqlite3_column_blob(st, 11), sqlite3_column_bytes(st, 11), &c->dist_m);
    sqlite3_reset(st);
    return rc;
}

static int is_listed(const geo_gc_result *r, int64_t id)
{
    for (size_t i = 0; i < r->n_cands; i++)
        if (r->cands[i].building_id == id)
            return 1;
    return 0;
}

/* Inserts c into the sorted nearest list near[0..*n) of capacity k. */
static void keep_nearest(geo_gc_candidate *near, size_t *n, size_t k, const geo_gc_candidate *c)
{
    size_t i = *n < k ? (*n)++ : k;
    if (i == k && c->dist_m >= near[k - 1].dist_m)
        return;
    if (i == k)
        i = k - 1;
    while (i > 0 && near[i - 1].dist_m > c->dist_m) {
        near[i] = near[i - 1];
        i--;
    }
    near[i] = *c;
}

static pc_rc find_nearest(geo_geocoder *g, geo_lonlat p, size_t k, pc_arena *a, geo_gc_result *r)
{
    geo_frame f;
    geo_frame_init(&f, p);
    box_hit *hits = malloc(MAX_BOXES * sizeof *hits);
    geo_gc_candidate *near = pc_arena_calloc(a, k, sizeof *near);
    size_t n_near = 0;
    pc_rc rc = hits && near ? PC_OK : PC_ENOMEM;
    for (double half = START_BOX_M; rc == PC_OK; half *= 2) {
        size_t n = 0;
        n_near = 0;
        rc = boxes_near(g, &f, p, half, hits, &n);
        qsort(hits, n, sizeof *hits, by_lb);
        for (size_t i = 0; rc == PC_OK && i < n; i++) {
            if (n_near == k && hits[i].lb_m >= near[k - 1].dist_m)
                break; /* no box further on can beat the k-th */
            if (is_listed(r, hits[i].id))
                continue;
            geo_gc_candidate c;
            rc = read_nearest(g, &f, hits[i].id, a, &c);
            if (rc == PC_ENOTFOUND || rc == PC_EFORMAT)
                rc = PC_OK; /* the index row outlived its building, or no geometry */
            else if (rc == PC_OK)
                keep_nearest(near, &n_near, k, &c);
        }
        /* exact once the k-th distance is inside the box (nothing outside is closer) */
        if (half >= MAX_BOX_M || (n_near == k && near[k - 1].dist_m <= half) || n >= MAX_BOXES)
            break;
    }
    double scale = r->n_cands ? 0.5 : 0.9; /* a containing building makes the others unlikely */
    for (size_t i = 0; rc == PC_OK && i < n_near; i++) {
        if (n_near > 0 && near[i].dist_m > MAX_BOX_M)
            break;
        near[i].confidence = round(1000 * scale / (1 + near[i].dist_m / 10)) / 1000;
        near[i].dist_m = round(near[i].dist_m * 100) / 100;
        r->cands[r->n_cands++] = near[i];
    }
    free(hits);
    return rc;
}

pc_rc geo_geocode_reverse(geo_geocoder *g, geo_lonlat p, size_t max, pc_arena *a, geo_gc_result **out)
{
    *out = NULL;
    if (!geo_lonlat_valid(p))
        return PC_EINVAL;
    max = gc_clamp_max(max);
    geo_gc_result *r = gc_result_new(a);
    if (!r || !(r->cands = pc_arena_calloc(a, max, sizeof *r->cands)))
        return PC_ENOMEM;
    pc_rc rc = find_containing(g, p, max, a, r);
    if (rc == PC_OK && r->n_cands < max)
        rc = find_nearest(g, p, max - r->n_cands, a, r);
    if (rc != PC_OK)
        return rc;
    r->status = r->n_cands ? GEO_GC_FOUND : GEO_GC_NO_MATCH;
    *out = r;
    return PC_OK;
}
