/* h_metrics.c — GET /metrics: Prometheus text format (city admins only;
 * give the scraper a city_admin account's token). */
#include <stdlib.h>

#include "http_int.h"

void h_metrics(http_req *req, http_resp *resp)
{
    pc_buf b = {0};
    http_metrics_render(req->metrics, req->auth, &b);
    if (pc_buf_rc(&b) != PC_OK) {
        pc_buf_free(&b);
        http_reply_problem(resp, 503, "overloaded", "Server overloaded", "out of memory");
        return;
    }
    size_t n = b.len;
    free(resp->body);
    resp->status = 200;
    resp->content_type = "text/plain; version=0.0.4; charset=utf-8";
    resp->body = pc_buf_take(&b);
    resp->body_len = n;
}
