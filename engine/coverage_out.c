/* coverage_out.c — coverage results as text: JSON (with a GeoJSON
 * FeatureCollection of the worst buildings), CSV per admin unit, and the
 * what-if delta. Written by hand into a pc_buf (engine/ does not use cJSON);
 * names are escaped for JSON and quoted for CSV. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "coverage_int.h"

static const char *const class_name[ENG_COV_N_CLASSES] = {"t1", "t2", "beyond", "unreachable"};

static void json_str(pc_buf *b, const char *s)
{
    if (!s) {
        pc_buf_puts(b, "null");
        return;
    }
    pc_buf_puts(b, "\"");
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (*p == '"' || *p == '\\')
            pc_buf_printf(b, "\\%c", *p);
        else if (*p < 0x20)
            pc_buf_printf(b, "\\u%04x", *p);
        else
            pc_buf_append(b, p, 1);
    }
    pc_buf_puts(b, "\"");
}

/* A number or null when not finite. */
static void json_num(pc_buf *b, double v, int decimals)
{
    if (isfinite(v))
        pc_buf_printf(b, "%.*f", decimals, v);
    else
        pc_buf_puts(b, "null");
}

static void sum_json(pc_buf *b, const eng_cov_sum *s)
{
    pc_buf_printf(b, "{\"buildings\":%lld,\"occupants\":%lld", (long long)s->n_buildings, (long long)s->occupants);
    for (int k = 0; k < ENG_COV_N_CLASSES; k++)
        pc_buf_printf(b, ",\"%s\":{\"buildings\":%lld,\"occupants\":%lld}", class_name[k], (long long)s->n[k],
                      (long long)s->occ[k]);
    pc_buf_printf(b, ",\"beyond_hose_reach\":{\"buildings\":%lld,\"occupants\":%lld}", (long long)s->n_hose_beyond,
                  (long long)s->occ_hose_beyond);
    pc_buf_printf(b, ",\"no_water\":{\"buildings\":%lld,\"occupants\":%lld}}", (long long)s->n_no_water,
                  (long long)s->occ_no_water);
}

static void feature(pc_buf *b, const eng_cov_ctx *c, const eng_cov_result *r, size_t i)
{
    const geo_cov_building *bd = &c->bld[i];
    const eng_cov_bldg *x = &r->b[i];
    pc_buf_printf(b, "{\"type\":\"Feature\",\"geometry\":{\"type\":\"Point\",\"coordinates\":[%.7f,%.7f]},"
                     "\"properties\":{\"building_id\":%lld,\"class\":\"%s\",\"eta_s\":",
                  bd->entrance.lon_deg, bd->entrance.lat_deg, (long long)bd->id, class_name[x->cls]);
    json_num(b, x->drive_s, 1);
    pc_buf_puts(b, ",\"hose_m\":");
    json_num(b, x->hose_m, 1);
    pc_buf_printf(b, ",\"beyond_hose_reach\":%s,\"no_water\":%s,\"occupants\":%d,\"admin_unit\":",
                  x->hose_m <= r->opts.hose_reach_m ? "false" : "true", x->no_water ? "true" : "false",
                  bd->occupants);
    json_str(b, c->b_unit[i] >= 0 ? c->adm[c->b_unit[i]].code : NULL);
    pc_buf_puts(b, "}}");
}

void eng_cov_features(const eng_cov_ctx *c, const eng_cov_result *r, const size_t *idx, size_t n, pc_buf *out)
{
    for (size_t k = 0; k < n; k++) {
        if (k)
            pc_buf_puts(out, ",");
        feature(out, c, r, idx[k]);
    }
}

pc_rc eng_cov_geojson(const eng_cov_ctx *c, const eng_cov_result *r, long unit_ix, size_t n_worst, pc_buf *out)
{
    size_t *idx = NULL, n = 0;
    pc_rc rc = eng_cov_worst(c, r, unit_ix, NULL, n_worst, &idx, &n);
    if (rc != PC_OK)
        return rc;
    pc_buf_puts(out, "{\"type\":\"FeatureCollection\",\"features\":[");
    eng_cov_features(c, r, idx, n, out);
    pc_buf_puts(out, "]}");
    free(idx);
    return pc_buf_rc(out);
}

static void opts_json(pc_buf *b, const eng_cov_result *r)
{
    pc_buf_puts(b, "{\"vehicle\":");
    json_str(b, r->vehicle);
    pc_buf_printf(b, ",\"t1_s\":%g,\"t2_s\":%g,\"hose_reach_m\":%g,\"draft_near_m\":%g,\"units\":\"%s\","
                     "\"stations\":%zu,\"run_ms\":%.1f}",
                  r->opts.t1_s, r->opts.t2_s, r->opts.hose_reach_m, r->opts.draft_near_m,
                  r->opts.available_only ? "available" : "all", r->n_sources, r->run_ms);
}

static void unit_json(pc_buf *b, const eng_cov_unit *u)
{
    pc_buf_printf(b, "{\"id\":%lld,\"code\":", (long long)u->id);
    json_str(b, u->code);
    pc_buf_puts(b, ",\"name\":");
    json_str(b, u->name);
    pc_buf_printf(b, ",\"level\":%d,\"parent_id\":", u->level);
    if (u->parent_id > 0)
        pc_buf_printf(b, "%lld", (long long)u->parent_id);
    else
        pc_buf_puts(b, "null");
    pc_buf_puts(b, ",\"summary\":");
    sum_json(b, &u->sum);
    pc_buf_puts(b, "}");
}

static void alleys_json(pc_buf *b, const eng_cov_result *r)
{
    pc_buf_puts(b, "[");
    for (size_t i = 0; i < r->n_alleys; i++) {
        const eng_cov_alley *a = &r->alleys[i];
        pc_buf_printf(b, "%s{\"edge_id\":%lld,\"name\":", i ? "," : "", (long long)a->edge_id);
        json_str(b, a->name);
        pc_buf_puts(b, ",\"width_m\":");
        json_num(b, a->width_m >= 0 ? a->width_m : NAN, 2);
        pc_buf_printf(b, ",\"narrower_than_vehicle\":%s,\"mouth\":[%.7f,%.7f],\"buildings\":%lld,\"occupants\":%lld}",
                      a->narrower ? "true" : "false", a->mouth.lon_deg, a->mouth.lat_deg, (long long)a->n_buildings,
                      (long long)a->occupants);
    }
    pc_buf_puts(b, "]");
}

pc_rc eng_cov_json(const eng_cov_ctx *c, const eng_cov_result *r, long unit_ix, const geo_lonlat *box, size_t n_worst,
                   pc_buf *out)
{
    size_t *idx = NULL, n = 0;
    pc_rc rc = eng_cov_worst(c, r, unit_ix, box, n_worst, &idx, &n);
    if (rc != PC_OK)
        return rc;
    pc_buf_puts(out, "{\"type\":\"FeatureCollection\",\"options\":");
    opts_json(out, r);
    pc_buf_puts(out, ",\"city\":");
    sum_json(out, &r->city);
    pc_buf_puts(out, ",\"unit\":");
    if (unit_ix >= 0)
        unit_json(out, &r->units[unit_ix]);
    else
        pc_buf_puts(out, "null");
    pc_buf_puts(out, ",\"units\":[");
    int first = 1;
    for (size_t u = 0; u < r->n_units; u++) {
        if (!eng_cov_unit_under(r, (long)u, unit_ix) || r->units[u].sum.n_buildings == 0)
            continue;
        pc_buf_puts(out, first ? "" : ",");
        first = 0;
        unit_json(out, &r->units[u]);
    }
    pc_buf_puts(out, "],\"alleys\":");
    alleys_json(out, r);
    pc_buf_puts(out, ",\"features\":[");
    eng_cov_features(c, r, idx, n, out);
    pc_buf_puts(out, "]}");
    free(idx);
    return pc_buf_rc(out);
}

static void csv_str(pc_buf *b, const char *s)
{
    pc_buf_puts(b, "\"");
    for (const char *p = s ? s : ""; *p; p++)
        pc_buf_append(b, *p == '"' ? "\"\"" : p, *p == '"' ? 2 : 1);
    pc_buf_puts(b, "\"");
}

pc_rc eng_cov_csv(const eng_cov_result *r, long unit_ix, pc_buf *out)
{
    pc_buf_puts(out, "unit_id,code,name,level,parent_id,buildings,occupants,t1_buildings,t1_occupants,"
                     "t2_buildings,t2_occupants,beyond_buildings,beyond_occupants,unreachable_buildings,"
                     "unreachable_occupants,beyond_hose_buildings,beyond_hose_occupants,no_water_buildings,"
                     "no_water_occupants\r\n");
    for (size_t u = 0; u < r->n_units; u++) {
        const eng_cov_unit *x = &r->units[u];
        if (!eng_cov_unit_under(r, (long)u, unit_ix))
            continue;
        pc_buf_printf(out, "%lld,", (long long)x->id);
        csv_str(out, x->code);
        pc_buf_puts(out, ",");
        csv_str(out, x->name);
        pc_buf_printf(out, ",%d,", x->level);
        if (x->parent_id > 0)
            pc_buf_printf(out, "%lld", (long long)x->parent_id);
        const eng_cov_sum *s = &x->sum;
        pc_buf_printf(out, ",%lld,%lld", (long long)s->n_buildings, (long long)s->occupants);
        for (int k = 0; k < ENG_COV_N_CLASSES; k++)
            pc_buf_printf(out, ",%lld,%lld", (long long)s->n[k], (long long)s->occ[k]);
        pc_buf_printf(out, ",%lld,%lld,%lld,%lld\r\n", (long long)s->n_hose_beyond, (long long)s->occ_hose_beyond,
                      (long long)s->n_no_water, (long long)s->occ_no_water);
    }
    return pc_buf_rc(out);
}

static void sum_diff_json(pc_buf *b, const eng_cov_sum *x, const eng_cov_sum *y)
{
    eng_cov_sum d;
    for (int k = 0; k < ENG_COV_N_CLASSES; k++)
        d.n[k] = y->n[k] - x->n[k], d.occ[k] = y->occ[k] - x->occ[k];
    d.n_hose_beyond = y->n_hose_beyond - x->n_hose_beyond, d.occ_hose_beyond = y->occ_hose_beyond - x->occ_hose_beyond;
    d.n_no_water = y->n_no_water - x->n_no_water, d.occ_no_water = y->occ_no_water - x->occ_no_water;
    d.n_buildings = y->n_buildings - x->n_buildings, d.occupants = y->occupants - x->occupants;
    sum_json(b, &d);
}

pc_rc eng_cov_delta_json(const eng_cov_result *x, const eng_cov_result *y, pc_buf *out)
{
    if (x->n_b != y->n_b || x->n_units != y->n_units)
        return PC_EINVAL;
    int64_t better = 0, worse = 0, faster = 0, water_gained = 0, water_lost = 0;
    for (size_t i = 0; i < x->n_b; i++) {
        better += y->b[i].cls < x->b[i].cls, worse += y->b[i].cls > x->b[i].cls;
        faster += y->b[i].drive_s < x->b[i].drive_s - 0.5f || (isfinite(y->b[i].drive_s) && !isfinite(x->b[i].drive_s));
        water_gained += x->b[i].no_water && !y->b[i].no_water, water_lost += !x->b[i].no_water && y->b[i].no_water;
    }
    pc_buf_puts(out, "{\"options\":");
    opts_json(out, y);
    pc_buf_puts(out, ",\"before\":");
    sum_json(out, &x->city);
    pc_buf_puts(out, ",\"after\":");
    sum_json(out, &y->city);
    pc_buf_puts(out, ",\"delta\":");
    sum_diff_json(out, &x->city, &y->city);
    pc_buf_printf(out, ",\"buildings_better_class\":%lld,\"buildings_worse_class\":%lld,\"buildings_faster\":%lld,"
                       "\"buildings_gaining_water\":%lld,\"buildings_losing_water\":%lld,\"units\":[",
                  (long long)better, (long long)worse, (long long)faster, (long long)water_gained, (long long)water_lost);
    int first = 1;
    for (size_t u = 0; u < x->n_units; u++) {
        if (memcmp(&x->units[u].sum, &y->units[u].sum, sizeof x->units[u].sum) == 0)
            continue;
        pc_buf_printf(out, "%s{\"id\":%lld,\"code\":", first ? "" : ",", (long long)y->units[u].id);
        first = 0;
        json_str(out, y->units[u].code);
        pc_buf_puts(out, ",\"name\":");
        json_str(out, y->units[u].name);
        pc_buf_printf(out, ",\"level\":%d,\"before\":", y->units[u].level);
        sum_json(out, &x->units[u].sum);
        pc_buf_puts(out, ",\"after\":");
        sum_json(out, &y->units[u].sum);
        pc_buf_puts(out, "}");
    }
    pc_buf_puts(out, "]}");
    return pc_buf_rc(out);
}
