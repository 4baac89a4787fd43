/* http_auth.c — the door: bearer token, session, role list of the route.
 *
 * 401 when there is no token, it is malformed, unknown, expired or revoked
 * (the same answer for all, so a client learns nothing about other
 * sessions); 403 when the session is good but the route does not admit the
 * caller's role. Scope and ownership are decided later, in engine/, with
 * out-of-reach objects answering 404. */
#include <string.h>
#include <strings.h>

#include "http_int.h"

int http_auth_door(http_req *req, http_resp *resp)
{
    const char *h = MHD_lookup_connection_value(req->conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_AUTHORIZATION);
    if (!h || strncasecmp(h, "Bearer ", 7) != 0) {
        http_reply_problem(resp, 401, "unauthorized", "Unauthorized", "send Authorization: Bearer <token>");
        return -1;
    }
    const char *tok = h + 7;
    while (*tok == ' ')
        tok++;
    if (strlen(tok) != ENG_TOKEN_LEN) {
        http_reply_problem(resp, 401, "unauthorized", "Unauthorized", "invalid or expired token");
        return -1;
    }
    memcpy(req->token, tok, ENG_TOKEN_LEN + 1);
    pc_rc rc = eng_session_check(req->auth, req->store, req->token, req->ip, &req->who);
    if (rc == PC_EAUTH) {
        http_reply_problem(resp, 401, "unauthorized", "Unauthorized", "invalid or expired token");
        return -1;
    }
    if (rc != PC_OK) {
        http_reply_rc(resp, rc, NULL);
        return -1;
    }
    if (!(req->route->roles & ENG_ROLE_BIT(req->who.role))) {
        http_reply_problem(resp, 403, "forbidden", "Forbidden", "your role may not use this endpoint");
        return -1;
    }
    return 0;
}
