/* h_report.c — management reports and the daily summary (engine/report),
 * as JSON or CSV (?format=csv). Each report covers the caller's area or a
 * unit inside it; see geo_report.h for what each figure counts. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "http_int.h"
#include "report.h"

static cJSON *row_json(const eng_report_row *r)
{
    cJSON *o = cJSON_CreateObject();
    if (!o)
        return NULL;
    if (r->admin_unit_id > 0)
        cJSON_AddNumberToObject(o, "admin_unit_id", (double)r->admin_unit_id);
    else
        cJSON_AddNullToObject(o, "admin_unit_id");
    cJSON_AddStringToObject(o, "key", r->key);
    cJSON_AddStringToObject(o, "name", r->name);
    for (size_t i = 0; i < eng_n_figure_fields; i++) {
        int64_t v = *(const int64_t *)((const char *)&r->f + eng_figure_fields[i].offset);
        if (v < 0)
            cJSON_AddNullToObject(o, eng_figure_fields[i].name);
        else
            cJSON_AddNumberToObject(o, eng_figure_fields[i].name, (double)v);
    }
    if (r->electronic_pct >= 0)
        cJSON_AddNumberToObject(o, "electronic_pct", (double)(int64_t)(r->electronic_pct * 10 + 0.5) / 10.0);
    else
        cJSON_AddNullToObject(o, "electronic_pct");
    cJSON_AddBoolToObject(o, "meets_target", r->meets_target);
    return o;
}

static void reply_report(http_resp *resp, const eng_report *r, int csv)
{
    if (csv) {
        pc_buf b = {0};
        eng_report_csv(r, &b);
        if (pc_buf_rc(&b) != PC_OK) {
            pc_buf_free(&b);
            http_reply_rc(resp, PC_ENOMEM, NULL);
            return;
        }
        free(resp->body);
        resp->status = 200;
        resp->content_type = "text/csv; charset=utf-8";
        resp->body_len = b.len;
        resp->body = pc_buf_take(&b);
        return;
    }
    cJSON *j = cJSON_CreateObject(), *rows = cJSON_CreateArray();
    if (j && rows) {
        cJSON_AddStringToObject(j, "from", r->from);
        cJSON_AddStringToObject(j, "to", r->to);
        if (r->category[0])
            cJSON_AddStringToObject(j, "category", r->category);
        else
            cJSON_AddNullToObject(j, "category");
        cJSON_AddStringToObject(j, "by", r->by);
        cJSON_AddNumberToObject(j, "target_pct", r->target_pct);
        cJSON_AddItemToObject(j, "total", row_json(&r->total));
        for (size_t i = 0; i < r->n_rows; i++)
            cJSON_AddItemToArray(rows, row_json(&r->rows[i]));
    }
    cJSON_AddItemToObject(j, "rows", rows);
    http_reply_json(resp, 200, j);
}

/* ?format=json|csv -> 0/1; -1 after a reply. */
static int format(http_req *req, http_resp *resp)
{
    const char *f = MHD_lookup_connection_value(req->conn, MHD_GET_ARGUMENT_KIND, "format");
    if (!f || strcmp(f, "json") == 0)
        return 0;
    if (strcmp(f, "csv") == 0)
        return 1;
    http_reply_problem(resp, 400, "invalid-parameter", "Invalid parameter", "format is json or csv");
    return -1;
}

static void today(char out[11], int jan1)
{
    time_t t = time(NULL);
    struct tm tm;
    gmtime_r(&t, &tm);
    if (jan1)
        tm.tm_mon = 0, tm.tm_mday = 1;
    strftime(out, 11, "%Y-%m-%d", &tm);
}

void h_stats(http_req *req, http_resp *resp)
{
    static const char *const q[] = {"admin_unit_id", "category", "from", "to", "by", "format", NULL};
    char d0[11], d1[11], err[200] = "";
    const char *by = NULL;
    eng_report_query rq = {0, NULL, d0, d1, ENG_REPORT_TOTAL};
    today(d0, 1);
    today(d1, 0);
    int csv;
    if (http_query_check(req, resp, q) != 0 || (csv = format(req, resp)) < 0 ||
        http_query_int(req, resp, "admin_unit_id", 1, INT64_C(999999999999), &rq.admin_unit_id) != 0 ||
        http_query_str(req, resp, "category", 40, &rq.category) != 0 ||
        http_query_str(req, resp, "from", 10, &rq.from) != 0 || http_query_str(req, resp, "to", 10, &rq.to) != 0 ||
        http_query_str(req, resp, "by", 10, &by) != 0)
        return;
    if (by && strcmp(by, "unit") == 0)
        rq.by = ENG_REPORT_BY_UNIT;
    else if (by && strcmp(by, "category") == 0)
        rq.by = ENG_REPORT_BY_CATEGORY;
    else if (by && strcmp(by, "total") != 0) {
        http_reply_problem(resp, 400, "invalid-parameter", "Invalid parameter", "by is total, unit or category");
        return;
    }
    eng_report r;
    pc_rc rc = eng_report_build(req->store, &req->who, &rq, req->arena, &r, err, sizeof err);
    if (rc != PC_OK)
        http_reply_err(resp, rc, err);
    else
        reply_report(resp, &r, csv);
}

void h_stats_daily(http_req *req, http_resp *resp)
{
    static const char *const q[] = {"admin_unit_id", "date", "format", NULL};
    char d[11], err[200] = "";
    const char *date = d;
    int64_t unit = 0;
    today(d, 0);
    int csv;
    if (http_query_check(req, resp, q) != 0 || (csv = format(req, resp)) < 0 ||
        http_query_int(req, resp, "admin_unit_id", 1, INT64_C(999999999999), &unit) != 0 ||
        http_query_str(req, resp, "date", 10, &date) != 0)
        return;
    eng_report r;
    pc_rc rc = eng_report_daily(req->store, &req->who, date, unit, req->arena, &r, err, sizeof err);
    if (rc != PC_OK)
        http_reply_err(resp, rc, err);
    else
        reply_report(resp, &r, csv);
}
