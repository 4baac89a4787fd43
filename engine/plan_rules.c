/* plan_rules.c — parsing and applying data/dispatch.conf. */
#include "plan_rules.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const FACT_NAMES[ENG_FACT_COUNT] = {
    "floors", "height_m", "basements", "occupants", "vulnerable", "bedridden",
    "engine_hose_m", "engine_reaches", "working_hydrants", "managed",
};

static void defaults(eng_plan_rules *r)
{
    memset(r, 0, sizeof *r);
    r->hose_reach_m = 120;
    r->hydrant_search_m = 400;
    r->water_search_m = 800;
    r->neighbour_walk_m = 300;
    r->assembly_walk_m = 800;
    r->units_per_kind = 3;
    r->max_drive_s = 1800;
}

static int parse_num(const char *s, double lo, double hi, double *out)
{
    char *end = NULL;
    errno = 0;
    double v = strtod(s, &end);
    if (end == s || errno || !isfinite(v) || v < lo || v > hi)
        return -1;
    while (*end && isspace((unsigned char)*end))
        end++;
    if (*end)
        return -1;
    *out = v;
    return 0;
}

static int parse_setting(eng_plan_rules *r, const char *key, const char *val)
{
    struct { const char *k; double *p; double lo, hi; } num[] = {
        {"hose_reach_m", &r->hose_reach_m, 10, 1000},       {"hydrant_search_m", &r->hydrant_search_m, 10, 5000},
        {"water_search_m", &r->water_search_m, 10, 10000},  {"neighbour_walk_m", &r->neighbour_walk_m, 10, 5000},
        {"assembly_walk_m", &r->assembly_walk_m, 10, 10000}, {"max_drive_s", &r->max_drive_s, 60, 7200},
    };
    for (size_t i = 0; i < sizeof num / sizeof num[0]; i++)
        if (strcmp(key, num[i].k) == 0)
            return parse_num(val, num[i].lo, num[i].hi, num[i].p);
    if (strcmp(key, "units_per_kind") == 0) {
        double v;
        if (parse_num(val, 1, 20, &v) || v != floor(v))
            return -1;
        r->units_per_kind = (int)v;
        return 0;
    }
    return -1;
}

/* "assign KIND COUNT [when FIELD OP NUMBER]" */
static int parse_assign(eng_plan_rules *r, char *line)
{
    char kind[24], field[32], op[4], num[32];
    int count, used = 0;
    if (r->n_rules == ENG_MAX_RULES)
        return -1;
    int got = sscanf(line, "assign %23s %d %n", kind, &count, &used);
    if (got != 2 || count < 0 || count > 20)
        return -1;
    eng_rule *x = &r->rules[r->n_rules];
    memset(x, 0, sizeof *x);
    snprintf(x->kind, sizeof x->kind, "%s", kind);
    x->count = count;
    char *rest = line + used;
    if (*rest) {
        if (sscanf(rest, "when %31s %3s %31s", field, op, num) != 3)
            return -1;
        x->fact = ENG_FACT_COUNT;
        for (int f = 0; f < ENG_FACT_COUNT; f++)
            if (strcmp(field, FACT_NAMES[f]) == 0)
                x->fact = (eng_fact)f;
        static const char *const ops[] = {"", ">", ">=", "<", "<=", "=="};
        x->op = ENG_OP_NONE;
        for (int o = 1; o < 6; o++)
            if (strcmp(op, ops[o]) == 0)
                x->op = (eng_op)o;
        if (x->fact == ENG_FACT_COUNT || x->op == ENG_OP_NONE || parse_num(num, -1e9, 1e9, &x->value))
            return -1;
    }
    r->n_rules++;
    return 0;
}

static void trim(char *s)
{
    char *h = strchr(s, '#');
    if (h)
        *h = '\0';
    size_t n = strlen(s);
    while (n && isspace((unsigned char)s[n - 1]))
        s[--n] = '\0';
    size_t k = 0;
    while (s[k] && isspace((unsigned char)s[k]))
        k++;
    memmove(s, s + k, strlen(s + k) + 1);
}

pc_rc eng_rules_parse(const char *text, size_t len, eng_plan_rules *out, char *err, size_t err_len)
{
    eng_plan_rules r;
    defaults(&r);
    size_t pos = 0;
    int line_no = 0;
    while (pos < len) {
        char line[256];
        size_t n = 0;
        line_no++;
        while (pos < len && text[pos] != '\n') {
            if (n + 1 >= sizeof line || text[pos] == '\0') {
                snprintf(err, err_len, "line %d: too long or contains NUL", line_no);
                return PC_EFORMAT;
            }
            line[n++] = text[pos++];
        }
        pos++;
        line[n] = '\0';
        trim(line);
        if (!line[0] || line[0] == '[')
            continue;
        char *eq = strchr(line, '=');
        int bad;
        if (strncmp(line, "assign ", 7) == 0) {
            bad = parse_assign(&r, line);
        } else if (eq && eq[1] != '=') {
            *eq = '\0';
            char *key = line, *val = eq + 1;
            trim(key);
            trim(val);
            bad = parse_setting(&r, key, val);
        } else {
            bad = 1;
        }
        if (bad) {
            snprintf(err, err_len, "line %d: not understood: %s", line_no, line);
            return PC_EFORMAT;
        }
    }
    *out = r;
    return PC_OK;
}

pc_rc eng_rules_default(eng_plan_rules *out)
{
    char err[160];
    const char *t = eng_rules_default_text();
    return eng_rules_parse(t, strlen(t), out, err, sizeof err);
}

static int holds(const eng_rule *x, const double *facts)
{
    if (x->op == ENG_OP_NONE)
        return 1;
    double v = facts[x->fact];
    switch (x->op) {
    case ENG_OP_GT: return v > x->value;
    case ENG_OP_GE: return v >= x->value;
    case ENG_OP_LT: return v < x->value;
    case ENG_OP_LE: return v <= x->value;
    case ENG_OP_EQ: return v == x->value;
    default: return 0;
    }
}

size_t eng_rules_assign(const eng_plan_rules *r, const double *facts, const char **kinds, int *counts, size_t max)
{
    size_t n = 0;
    for (size_t i = 0; i < r->n_rules; i++) {
        const eng_rule *x = &r->rules[i];
        if (!holds(x, facts))
            continue;
        size_t k = 0;
        while (k < n && strcmp(kinds[k], x->kind) != 0)
            k++;
        if (k == n) {
            if (n == max)
                continue;
            kinds[n] = x->kind;
            counts[n++] = x->count;
        } else if (x->count > counts[k]) {
            counts[k] = x->count;
        }
    }
    return n;
}

int eng_rules_max_count(const eng_plan_rules *r, const char *kind)
{
    int m = 0;
    for (size_t i = 0; i < r->n_rules; i++)
        if (strcmp(r->rules[i].kind, kind) == 0 && r->rules[i].count > m)
            m = r->rules[i].count;
    return m;
}

extern const unsigned char eng_dispatch_conf[];

const char *eng_rules_default_text(void) { return (const char *)eng_dispatch_conf; }
