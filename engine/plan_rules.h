/* plan_rules.h — the dispatch rule table (data/dispatch.conf).
 *
 * Settings that bound a response plan (hose reach, search distances) and the
 * first-alarm rules: "assign KIND COUNT [when FIELD OP NUMBER]". The parser
 * takes bytes (engine does no file I/O); the file is also compiled in as the
 * default. */
#ifndef PLAN_RULES_H
#define PLAN_RULES_H

#include <stddef.h>

#include "pc_rc.h"

#define ENG_MAX_RULES 64

typedef enum eng_fact {
    ENG_FACT_FLOORS,
    ENG_FACT_HEIGHT_M,
    ENG_FACT_BASEMENTS,
    ENG_FACT_OCCUPANTS,
    ENG_FACT_VULNERABLE,
    ENG_FACT_BEDRIDDEN,
    ENG_FACT_ENGINE_HOSE_M,
    ENG_FACT_ENGINE_REACHES,
    ENG_FACT_WORKING_HYDRANTS,
    ENG_FACT_MANAGED,
    ENG_FACT_COUNT
} eng_fact;

typedef enum eng_op { ENG_OP_NONE, ENG_OP_GT, ENG_OP_GE, ENG_OP_LT, ENG_OP_LE, ENG_OP_EQ } eng_op;

typedef struct eng_rule {
    char kind[24]; /* vehicle kind */
    int count;
    eng_fact fact;
    eng_op op; /* ENG_OP_NONE: always */
    double value;
} eng_rule;

typedef struct eng_plan_rules {
    double hose_reach_m, hydrant_search_m, water_search_m, neighbour_walk_m, assembly_walk_m, max_drive_s;
    int units_per_kind;
    eng_rule rules[ENG_MAX_RULES];
    size_t n_rules;
} eng_plan_rules;

/* Parses the rule text (len bytes). PC_EFORMAT with the line and reason in err. */
pc_rc eng_rules_parse(const char *text, size_t len, eng_plan_rules *out, char *err, size_t err_len);
/* The compiled-in data/dispatch.conf. */
pc_rc eng_rules_default(eng_plan_rules *out);
const char *eng_rules_default_text(void);

/* Applies the rules to facts (indexed by eng_fact). For each kind that gets
 * a count, kinds[i] / counts[i] are filled; returns how many (<= max). */
size_t eng_rules_assign(const eng_plan_rules *r, const double *facts, const char **kinds, int *counts, size_t max);

/* The largest count any rule can ask of kind (0 when no rule names it). */
int eng_rules_max_count(const eng_plan_rules *r, const char *kind);

#endif
