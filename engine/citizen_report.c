/* citizen_report.c — citizens' hazard and incident reports and their
 * handling by officers (citizen.h). */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "audit.h"
#include "citizen.h"
#include "geo_housecode.h"
#include "geo_query.h"
#include "records_int.h"
#include "scope.h"

int eng_report_transition_allowed(const char *from, const char *to)
{
    static const char *const allowed[][2] = {
        {"submitted", "received"}, {"received", "processing"}, {"received", "rejected"},
        {"processing", "resolved"}, {"processing", "rejected"},
    };
    for (size_t i = 0; from && to && i < sizeof allowed / sizeof allowed[0]; i++)
        if (strcmp(allowed[i][0], from) == 0 && strcmp(allowed[i][1], to) == 0)
            return 1;
    return 0;
}

static pc_rc report_fields(geo_store *s, const eng_principal *who, const eng_report_new *r, geo_report_rec *out,
                           char *err, size_t err_len)
{
    memset(out, 0, sizeof *out);
    if (!r->kind || (strcmp(r->kind, "hazard") != 0 && strcmp(r->kind, "fire") != 0 && strcmp(r->kind, "other") != 0))
        return eng_fail(err, err_len, PC_EINVAL, "'kind' must be hazard, fire or other");
    if (!eng_valid_text(r->text, 2000, 1))
        return eng_fail(err, err_len, PC_EINVAL, "'text' is required: 1 to 2000 bytes without control characters");
    if (!geo_lonlat_valid(r->pos))
        return eng_fail(err, err_len, PC_EINVAL, "'lat'/'lon' are not a valid position");
    out->channel = "electronic";
    if (r->channel) {
        if (who->role == ENG_ROLE_CITIZEN || !eng_is_officer(who))
            return eng_fail(err, err_len, PC_EINVAL, "'channel' is set only by officers taking a report");
        if (strcmp(r->channel, "electronic") != 0 && strcmp(r->channel, "phone") != 0 &&
            strcmp(r->channel, "paper") != 0)
            return eng_fail(err, err_len, PC_EINVAL, "'channel' must be electronic, phone or paper");
        out->channel = r->channel;
    }
    if (r->house_code) {
        char code[GEO_HOUSECODE_LEN + 1];
        if (geo_housecode_parse(r->house_code, code) != PC_OK)
            return eng_fail(err, err_len, PC_EINVAL, "'house_code' is not a valid house code");
        pc_rc rc = geo_building_id_by_code(s, code, &out->building_id);
        if (rc == PC_ENOTFOUND)
            return eng_fail(err, err_len, PC_EINVAL, "no house has code %s", code);
        if (rc != PC_OK)
            return rc;
    }
    out->reporter_id = who->account_id;
    out->kind = r->kind;
    out->text = r->text;
    out->pos = r->pos;
    return PC_OK;
}

pc_rc eng_report_submit(geo_store *s, const eng_principal *who, const eng_report_new *r, int64_t *id_out, char *err,
                        size_t err_len)
{
    geo_report_rec rec;
    *id_out = 0;
    if (!who || (who->role != ENG_ROLE_CITIZEN && !eng_is_officer(who)))
        return eng_fail(err, err_len, PC_EFORBIDDEN, "reports come from citizens or the officers taking them");
    pc_rc rc = report_fields(s, who, r, &rec, err, err_len);
    if (rc != PC_OK || (rc = geo_store_begin(s)) != PC_OK)
        return rc;
    rc = geo_report_insert(s, &rec, id_out);
    if (rc == PC_OK) {
        char obj[48];
        snprintf(obj, sizeof obj, "citizen_report/%" PRId64, *id_out);
        rc = eng_audit_append(s, who, "report.submit", obj, rec.channel);
    }
    if (rc == PC_OK)
        rc = geo_store_commit(s);
    if (rc != PC_OK) {
        geo_store_rollback(s);
        *id_out = 0;
    }
    return rc;
}

pc_rc eng_report_set_status(geo_store *s, const eng_principal *who, int64_t id, const char *to, const char *note,
                            char *err, size_t err_len)
{
    static const char *const known[] = {"received", "processing", "resolved", "rejected"};
    int64_t reporter = 0, unit = 0;
    char status[16];
    int ok = 0;
    if (!eng_is_officer(who))
        return eng_fail(err, err_len, PC_EFORBIDDEN, "only officers handle reports");
    for (size_t i = 0; to && i < sizeof known / sizeof known[0]; i++)
        ok |= strcmp(known[i], to) == 0;
    if (!ok)
        return eng_fail(err, err_len, PC_EINVAL, "'status' must be received, processing, resolved or rejected");
    if (!eng_valid_text(note, 1000, 0))
        return eng_fail(err, err_len, PC_EINVAL, "'note' must be 1 to 1000 bytes of text");
    pc_rc rc = geo_store_begin(s);
    if (rc != PC_OK)
        return rc;
    rc = geo_report_state(s, id, &reporter, &unit, status);
    if (rc == PC_OK)
        rc = eng_scope_check_unit(s, who, unit);
    if (rc == PC_OK && !eng_report_transition_allowed(status, to))
        rc = eng_fail(err, err_len, PC_ECONFLICT, "a %s report cannot become %s", status, to);
    if (rc == PC_OK)
        rc = geo_report_transition(s, id, status, to, who->account_id, note);
    if (rc == PC_OK) {
        char obj[48], detail[48];
        snprintf(obj, sizeof obj, "citizen_report/%" PRId64, id);
        snprintf(detail, sizeof detail, "%s -> %s", status, to);
        rc = eng_audit_append(s, who, "report.status", obj, detail);
    }
    if (rc == PC_OK)
        rc = geo_store_commit(s);
    if (rc != PC_OK)
        geo_store_rollback(s);
    return rc;
}

pc_rc eng_report_list(geo_store *s, const eng_principal *who, const char *status, int64_t offset, size_t limit,
                      pc_arena *a, geo_table *out)
{
    int citizen = who->role == ENG_ROLE_CITIZEN;
    memset(out, 0, sizeof *out);
    if (!citizen && !eng_is_officer(who))
        return PC_EFORBIDDEN;
    pc_rc rc = geo_report_list(s, eng_scope_root(who), citizen ? who->account_id : 0, status, offset, limit, a, out);
    if (rc == PC_OK && !citizen && out->n_rows) {
        char detail[64];
        snprintf(detail, sizeof detail, "%zu reports listed", out->n_rows);
        rc = eng_audit_record(s, who, "read.reports", "citizen_report", detail);
    }
    return rc;
}

pc_rc eng_report_sheet(geo_store *s, const eng_principal *who, int64_t id, pc_arena *a, geo_table **out,
                       size_t *n_out)
{
    int64_t reporter = 0, unit = 0;
    char status[16];
    *out = NULL;
    *n_out = 0;
    pc_rc rc = geo_report_state(s, id, &reporter, &unit, status);
    if (rc != PC_OK)
        return rc;
    int citizen = who->role == ENG_ROLE_CITIZEN;
    if (citizen ? reporter != who->account_id : (!eng_is_officer(who) || eng_scope_check_unit(s, who, unit) != PC_OK))
        return PC_ENOTFOUND;
    rc = geo_report_sheet(s, id, a, out, n_out);
    if (rc == PC_OK && !citizen) {
        char obj[48];
        snprintf(obj, sizeof obj, "citizen_report/%" PRId64, id);
        rc = eng_audit_record(s, who, "read.report", obj, NULL);
    }
    return rc;
}
