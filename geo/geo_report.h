/* geo_report.h — the counts behind the management reports, by area
 * (an admin unit and everything under it: parent_id rolled up), facility
 * category and period.
 *
 * Definitions (docs/RECORDS.md repeats them for people). Only record rows
 * in force count (rows nobody supersedes), so a corrected record is counted
 * once. Dates compare as YYYY-MM-DD text, both ends inclusive.
 *  - facilities: registered facilities in the area and category (now);
 *    meeting / failing / uninspected: by the result of each facility's
 *    latest inspection on or before `to` (pass; fail or partial; none);
 *  - inspections (failed = not pass), violations (open = still open) and
 *    their fines, suspensions started, fires and explosions with deaths,
 *    injuries and damage: rows dated inside the period; suspended_now:
 *    facilities under a suspension in force on `to`;
 *  - citizen reports created in the period in the area (the category does
 *    not apply): received = all of them; handled = resolved or rejected;
 *    handled_electronic = handled and sent electronically; pending = not yet
 *    handled; median_handle_s = median of closed_at - created_at over the
 *    handled ones (-1: none). */
#ifndef GEO_REPORT_H
#define GEO_REPORT_H

#include <stddef.h>
#include <stdint.h>

#include "geo_scope.h"
#include "geo_store.h"
#include "pc_arena.h"

typedef struct geo_figures {
    int64_t facilities, facilities_meeting, facilities_failing, facilities_uninspected;
    int64_t inspections, inspections_failed;
    int64_t violations, violations_open, fines_vnd;
    int64_t suspensions, suspended_now;
    int64_t fires, explosions, deaths, injuries, damage_vnd;
    int64_t reports_received, reports_handled, reports_handled_electronic, reports_pending;
    int64_t median_handle_s;
} geo_figures;

/* Figures for the area rooted at root (GEO_SCOPE semantics: 0 = the whole
 * city, rows without a unit included), category (NULL: all), from..to. */
pc_rc geo_report_figures(geo_store *s, int64_t root, const char *category, const char *from, const char *to,
                         geo_figures *out);

/* The direct children of unit parent (0: the top-level units), by code. */
pc_rc geo_admin_unit_children(geo_store *s, int64_t parent, pc_arena *a, geo_admin_unit **out, size_t *n_out);

/* Facility category codes, by code (strings in a). */
pc_rc geo_facility_categories(geo_store *s, pc_arena *a, const char ***out, size_t *n_out);

#endif
