/* report.h — management reports: figures by administrative unit (any
 * level, rolled up through parent_id), facility category and period, and
 * the daily summary; CSV export (JSON is the API's business).
 *
 * Every report respects the caller's scope: the area asked for must lie in
 * it (PC_ENOTFOUND otherwise), and the default area is the caller's own
 * scope. Citizens get PC_EFORBIDDEN. The figures are defined in
 * geo_report.h; electronic_pct = reports handled electronically / reports
 * received x 100, shown against the city plan's target of 80%. */
#ifndef ENG_REPORT_H
#define ENG_REPORT_H

#include <stddef.h>
#include <stdint.h>

#include "auth.h"
#include "geo_report.h"
#include "pc_buf.h"

#define ENG_REPORT_TARGET_PCT 80.0

typedef enum eng_report_by { ENG_REPORT_TOTAL, ENG_REPORT_BY_UNIT, ENG_REPORT_BY_CATEGORY } eng_report_by;

typedef struct eng_report_query {
    int64_t admin_unit_id; /* 0: the caller's scope */
    const char *category;  /* NULL: every category */
    const char *from, *to; /* YYYY-MM-DD, inclusive; from <= to */
    eng_report_by by;      /* rows: one per child unit, or one per category */
} eng_report_query;

typedef struct eng_report_row {
    int64_t admin_unit_id; /* 0: the whole city */
    char key[64];          /* unit code or category code */
    char name[128];        /* unit name or category code */
    geo_figures f;
    double electronic_pct; /* < 0: no reports received */
    int meets_target;
} eng_report_row;

typedef struct eng_report {
    char from[11], to[11];
    char category[40];     /* "" for all */
    char by[12];           /* total, unit or category */
    double target_pct;
    eng_report_row total;
    eng_report_row *rows;  /* in the arena */
    size_t n_rows;
} eng_report;

/* Builds the report; rows and strings live in a. err says what is wrong
 * with the query (PC_EINVAL). */
pc_rc eng_report_build(geo_store *s, const eng_principal *who, const eng_report_query *q, pc_arena *a,
                       eng_report *out, char *err, size_t err_len);

/* The daily summary of date (YYYY-MM-DD) for unit (0: the caller's scope),
 * with one row per child unit. */
pc_rc eng_report_daily(geo_store *s, const eng_principal *who, const char *date, int64_t unit, pc_arena *a,
                       eng_report *out, char *err, size_t err_len);

/* One figure column: its name and where it lives in geo_figures. */
typedef struct eng_figure_field {
    const char *name;
    size_t offset;
} eng_figure_field;
extern const eng_figure_field eng_figure_fields[];
extern const size_t eng_n_figure_fields;

/* The report as CSV (RFC 4180, header row, one line for the total then one
 * per row) appended to b. */
void eng_report_csv(const eng_report *r, pc_buf *b);

#endif
