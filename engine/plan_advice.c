/* plan_advice.c — the suggested first alarm (rules from data/dispatch.conf)
 * and the warnings, in plain words, English and Vietnamese. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "plan_int.h"

const eng_access *plan_access_of(const eng_plan *p, const char *kind)
{
    for (size_t i = 0; i < p->n_access; i++)
        if (strcmp(p->access[i].kind, kind) == 0)
            return &p->access[i];
    return NULL;
}

static int working_within_reach(const eng_plan *p)
{
    int n = 0;
    for (size_t i = 0; i < p->n_hydrants; i++)
        n += p->hydrants[i].walk_m >= 0 && p->hydrants[i].walk_m <= p->hose_reach_m && p->hydrants[i].poi.status &&
             strcmp(p->hydrants[i].poi.status, "working") == 0;
    return n;
}

static int has_hazard(const geo_building *b, const char *code)
{
    for (size_t i = 0; b && i < b->n_hazards; i++)
        if (strcmp(b->hazards[i], code) == 0)
            return 1;
    return 0;
}

static double nonneg(int v) { return v < 0 ? 0 : v; }

static void plan_facts(const eng_plan *p, double *f)
{
    const geo_building *b = p->building;
    const eng_access *e = plan_access_of(p, "engine");
    memset(f, 0, sizeof(double) * ENG_FACT_COUNT);
    if (b) {
        f[ENG_FACT_FLOORS] = nonneg(b->floors);
        f[ENG_FACT_HEIGHT_M] = b->height_m < 0 ? 0 : b->height_m;
        f[ENG_FACT_BASEMENTS] = nonneg(b->basements);
        f[ENG_FACT_OCCUPANTS] = nonneg(b->occupants);
        f[ENG_FACT_VULNERABLE] = nonneg(b->vuln_elderly) + nonneg(b->vuln_children) + nonneg(b->vuln_disabled) +
                                 nonneg(b->vuln_bedridden);
        f[ENG_FACT_BEDRIDDEN] = nonneg(b->vuln_bedridden);
        f[ENG_FACT_MANAGED] = b->compliance.facility_id > 0;
    }
    f[ENG_FACT_ENGINE_REACHES] = e && e->reachable && e->within_hose_reach;
    f[ENG_FACT_ENGINE_HOSE_M] = e && e->reachable ? (e->at_door ? 0 : e->hose_m) : 1e6;
    f[ENG_FACT_WORKING_HYDRANTS] = working_within_reach(p);
}

pc_rc plan_first_alarm(eng_plan_ctx *c, pc_arena *a, eng_plan *p)
{
    double f[ENG_FACT_COUNT];
    const char *kinds[32];
    int counts[32];
    plan_facts(p, f);
    size_t n = eng_rules_assign(c->rules, f, kinds, counts, 32);
    p->first_alarm = pc_arena_calloc(a, n + 1, sizeof *p->first_alarm);
    if (!p->first_alarm)
        return PC_ENOMEM;
    for (size_t i = 0; i < n; i++) {
        eng_assign *x = &p->first_alarm[p->n_first_alarm++];
        x->kind = kinds[i];
        x->wanted = counts[i];
        x->unit_ids = pc_arena_calloc(a, (size_t)counts[i] + 1, sizeof *x->unit_ids);
        if (!x->unit_ids)
            return PC_ENOMEM;
        /* p->units is nearest first within each kind */
        for (size_t k = 0; k < p->n_units && x->n_units < (size_t)counts[i]; k++)
            if (strcmp(p->units[k].unit.kind, kinds[i]) == 0)
                x->unit_ids[x->n_units++] = p->units[k].unit.id;
    }
    return PC_OK;
}

typedef struct warn_list {
    eng_warning *v;
    size_t n, cap;
    pc_arena *a;
    pc_rc rc;
} warn_list;

static void warn(warn_list *w, const char *code, const char *en, const char *vi)
{
    if (w->rc != PC_OK || w->n == w->cap)
        return;
    eng_warning *x = &w->v[w->n++];
    x->code = code;
    x->text_en = pc_arena_strdup(w->a, en);
    x->text_vi = pc_arena_strdup(w->a, vi);
    if (!x->text_en || !x->text_vi)
        w->rc = PC_ENOMEM;
}

static void warn_access(warn_list *w, const eng_plan *p, const char *road, double width_m)
{
    char en[256], vi[256];
    const eng_access *e = plan_access_of(p, "engine");
    const char *alley = road ? road : "the alley";
    if (e && e->reachable && !e->at_door) {
        snprintf(en, sizeof en, "%s is %.1f m wide: a standard engine cannot enter; it stages on %s, %.0f m of hose",
                 alley, width_m, e->staging_street ? e->staging_street : "the nearest road", e->hose_m);
        snprintf(vi, sizeof vi, "%s rộng %.1f m: xe chữa cháy tiêu chuẩn không vào được; đỗ tại %s, triển khai %.0f m vòi",
                 road ? road : "Ngõ", width_m, e->staging_street ? e->staging_street : "đường gần nhất", e->hose_m);
        warn(w, "alley_too_narrow", en, vi);
    }
    if (e && e->reachable && !e->within_hose_reach) {
        snprintf(en, sizeof en, "hose distance %.0f m from the engine exceeds the %.0f m reach", e->hose_m,
                 p->hose_reach_m);
        snprintf(vi, sizeof vi, "khoảng cách triển khai vòi %.0f m vượt quá %.0f m", e->hose_m, p->hose_reach_m);
        warn(w, "beyond_hose_reach", en, vi);
    }
    if (!e || !e->reachable) {
        snprintf(en, sizeof en, "no standard engine can reach the building: %s",
                 e && e->why_not ? e->why_not : "none available");
        warn(w, "engine_unreachable", en, "không xe chữa cháy tiêu chuẩn nào tiếp cận được công trình");
    }
    /* a smaller vehicle that gets closer */
    for (size_t i = 0; e && e->reachable && !e->at_door && i < p->n_access; i++) {
        const eng_access *x = &p->access[i];
        if (x == e || !x->reachable || x->hose_m >= e->hose_m - 10 || strcmp(x->kind, "motorbike") == 0)
            continue;
        snprintf(en, sizeof en, "a %s gets within %.0f m of the door", x->kind, x->hose_m);
        snprintf(vi, sizeof vi, "xe %s tiếp cận được cách cửa %.0f m", x->kind, x->hose_m);
        warn(w, "smaller_vehicle_closer", en, vi);
        break;
    }
}

static void warn_building(warn_list *w, const geo_building *b)
{
    char en[256], vi[256];
    if (has_hazard(b, "single_exit") || (b->n_exits == 1 && b->floors >= 3))
        warn(w, "single_exit", "single exit", "chỉ có một lối thoát nạn");
    if (has_hazard(b, "iron_cage_balcony"))
        warn(w, "iron_cage_balcony", "iron-cage balconies: no escape or rescue through them",
             "ban công lồng sắt: không thoát nạn, cứu nạn qua ban công được");
    if (has_hazard(b, "lpg"))
        warn(w, "lpg", "LPG cylinders inside", "có bình gas LPG");
    if (has_hazard(b, "motorbike_parking"))
        warn(w, "motorbike_parking", "motorbikes parked on the ground floor: fire spreads up the stairs",
             "để xe máy tầng 1: cháy lan theo cầu thang");
    if (b->vuln_bedridden > 0 || b->vuln_disabled > 0) {
        snprintf(en, sizeof en, "%d bedridden and %d disabled occupants need carrying out",
                 b->vuln_bedridden > 0 ? b->vuln_bedridden : 0, b->vuln_disabled > 0 ? b->vuln_disabled : 0);
        snprintf(vi, sizeof vi, "%d người nằm liệt giường và %d người khuyết tật cần hỗ trợ di chuyển",
                 b->vuln_bedridden > 0 ? b->vuln_bedridden : 0, b->vuln_disabled > 0 ? b->vuln_disabled : 0);
        warn(w, "immobile_occupants", en, vi);
    }
    if (b->basements > 0)
        warn(w, "basement", "basement: smoke, heat and no windows", "có tầng hầm");
    if (b->compliance.suspended) {
        snprintf(en, sizeof en, "building under %s suspension since %s", b->compliance.suspension_kind,
                 b->compliance.suspended_since ? b->compliance.suspended_since : "?");
        snprintf(vi, sizeof vi, "cơ sở đang bị %s hoạt động từ %s",
                 strcmp(b->compliance.suspension_kind, "temporary") == 0 ? "tạm đình chỉ" : "đình chỉ",
                 b->compliance.suspended_since ? b->compliance.suspended_since : "?");
        warn(w, "suspended", en, vi);
    }
    if (b->compliance.open_violations > 0) {
        snprintf(en, sizeof en, "%d open fire-safety violations", b->compliance.open_violations);
        snprintf(vi, sizeof vi, "%d vi phạm PCCC chưa khắc phục", b->compliance.open_violations);
        warn(w, "open_violations", en, vi);
    }
}

pc_rc plan_warnings(eng_plan_ctx *c, pc_arena *a, eng_plan *p, const char *entrance_road, double entrance_width_m)
{
    (void)c;
    warn_list w = {.cap = 24, .a = a, .rc = PC_OK};
    w.v = pc_arena_calloc(a, w.cap, sizeof *w.v);
    if (!w.v)
        return PC_ENOMEM;
    if (p->target_snap_m > 60 || entrance_width_m < 0)
        warn(&w, "far_from_road", "the place is far from any mapped road or path",
             "vị trí ở xa đường, ngõ đã có trên bản đồ");
    warn_access(&w, p, entrance_road, entrance_width_m);
    if (working_within_reach(p) == 0)
        warn(&w, "no_hydrant", "no working hydrant within hose reach of the staging point",
             "không có trụ nước hoạt động trong tầm vòi từ vị trí đỗ xe");
    if (p->broken_hydrants_near > 0) {
        char en[128], vi[128];
        snprintf(en, sizeof en, "%d broken hydrants nearby (not offered)", p->broken_hydrants_near);
        snprintf(vi, sizeof vi, "%d trụ nước hỏng gần đó (không sử dụng)", p->broken_hydrants_near);
        warn(&w, "broken_hydrants", en, vi);
    }
    if (p->building)
        warn_building(&w, p->building);
    p->warnings = w.v;
    p->n_warnings = w.n;
    return w.rc;
}
