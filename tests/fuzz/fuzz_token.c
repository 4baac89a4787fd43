/* fuzz_token.c — libFuzzer harness for session tokens: the bearer token
 * check (eng_session_check: hex decoding, SHA-256, session and account
 * lookup) and the door of every authenticated route (http_auth_door: the
 * Authorization header as libmicrohttpd hands it over, fuzz_mhd.h).
 *
 * A real in-memory store holds three sessions, opened by real logins: T1
 * of an active dispatcher, T2 of an account disabled since, T3 logged out.
 * The first input byte picks the candidate: 0 mod 4 the rest of the input
 * as it is (a token, and a whole Authorization value); 1, 2, 3: T1, T2 or
 * T3 edited by the rest of the input (pairs position, byte; a trailing odd
 * byte truncates), sent as "Bearer <candidate>".
 *
 * Properties: no crash, no leak; eng_session_check answers PC_OK or
 * PC_EAUTH only, PC_OK exactly when the candidate is T1 byte for byte (and
 * then for T1's account); T2 and T3 never pass; the door lets a request
 * through exactly when the header is "Bearer" + spaces + T1, and otherwise
 * answers 401 with a problem+json body. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <openssl/evp.h>

#include "account.h"
#include "geo_account.h"
#include "fuzz_mhd.h"
#include "http_int.h"
#include "pc_log.h"

#define FZ_MAX_INPUT 1024
#define FZ_PASSWORD "correct horse battery staple"

static struct {
    geo_store *s;
    eng_auth *a;
    int64_t id_active;
    char tok[3][ENG_TOKEN_LEN + 1]; /* T1 active, T2 disabled account, T3 logged out */
} fz;

static void fail(const char *what, const char *why)
{
    fprintf(stderr, "fuzz_token: %s%s%s\n", what, why ? ": " : "", why ? why : "");
    abort();
}

/* An account whose stored hash has 1,000 PBKDF2 iterations (the least
 * eng_password_verify takes; eng_user_add would spend 600,000, a second
 * under load, per account): written straight into the store, in the
 * stored format, so that setup stays fast. */
static int64_t add_user(const char *name, eng_role role)
{
    static const uint8_t salt[16] = "pccc-fuzz-salt!";
    uint8_t key[32];
    geo_account acc;
    memset(&acc, 0, sizeof acc);
    if (PKCS5_PBKDF2_HMAC(FZ_PASSWORD, (int)strlen(FZ_PASSWORD), salt, sizeof salt, 1000, EVP_sha256(), sizeof key,
                          key) != 1)
        fail("pbkdf2", NULL);
    int n = snprintf(acc.pw_hash, sizeof acc.pw_hash, "pbkdf2-sha256$1000$");
    for (size_t i = 0; i < sizeof salt; i++)
        n += snprintf(acc.pw_hash + n, sizeof acc.pw_hash - (size_t)n, "%02x", salt[i]);
    n += snprintf(acc.pw_hash + n, sizeof acc.pw_hash - (size_t)n, "$");
    for (size_t i = 0; i < sizeof key; i++)
        n += snprintf(acc.pw_hash + n, sizeof acc.pw_hash - (size_t)n, "%02x", key[i]);
    snprintf(acc.username, sizeof acc.username, "%s", name);
    snprintf(acc.role, sizeof acc.role, "%s", eng_role_name(role));
    int64_t id = 0;
    if (geo_account_insert(fz.s, &acc, NULL, 0, &id) != PC_OK)
        fail("add user", name);
    return id;
}

static void login(const char *name, char *tok_out, eng_principal *who)
{
    eng_login_result r;
    if (eng_login(fz.a, fz.s, name, FZ_PASSWORD, "127.0.0.1", &r) != PC_OK)
        fail("login", name);
    memcpy(tok_out, r.token, sizeof r.token);
    if (who)
        *who = r.who;
}

/* Store, accounts, sessions and tokens. */
static void setup(void)
{
    eng_auth_config c;
    char err[200];
    pc_log_set_level(PC_LOG_OFF);
    eng_auth_config_defaults(&c);
    c.session_idle_s = c.session_absolute_s = 10u * 365 * 86400; /* T1 stays good however long the run */
    if (geo_store_open(":memory:", GEO_STORE_CREATE, &fz.s, err, sizeof err) != PC_OK)
        fail("open store", err);
    if (eng_auth_create(&c, &fz.a) != PC_OK)
        fail("eng_auth_create", NULL);
    fz.id_active = add_user("dispatcher1", ENG_ROLE_DISPATCHER);
    int64_t other = add_user("dispatcher2", ENG_ROLE_DISPATCHER);
    eng_principal who;
    login("dispatcher1", fz.tok[0], NULL);
    login("dispatcher2", fz.tok[1], NULL);
    login("dispatcher1", fz.tok[2], &who);
    if (eng_logout(fz.a, fz.s, fz.tok[2], &who) != PC_OK)
        fail("logout", NULL);
    eng_principal cli;
    eng_principal_cli(&cli, "fuzz");
    int one = 1;
    eng_user_change ch = {.disabled = &one};
    if (eng_user_update(fz.a, fz.s, NULL, &cli, other, &ch, err, sizeof err) != PC_OK)
        fail("disable", err);
    if (eng_session_check(fz.a, fz.s, fz.tok[0], "127.0.0.1", &who) != PC_OK || who.account_id != fz.id_active)
        fail("setup", "T1 does not authenticate");
}

/* The candidate token (see the top of the file) into out; returns the mode. */
static int candidate(const uint8_t *data, size_t size, char *out, size_t cap)
{
    int mode = data[0] % 4;
    if (mode == 0) {
        size_t n = size - 1 < cap - 1 ? size - 1 : cap - 1;
        memcpy(out, data + 1, n);
        out[n] = '\0';
        return mode;
    }
    memcpy(out, fz.tok[mode - 1], ENG_TOKEN_LEN + 1);
    size_t i = 1;
    for (; i + 1 < size; i += 2)
        out[data[i] % ENG_TOKEN_LEN] = (char)(data[i + 1] ? data[i + 1] : '0');
    if (i < size)
        out[data[i] % (ENG_TOKEN_LEN + 1)] = '\0';
    return mode;
}

typedef struct door_case {
    int rc;
    http_resp resp;
    eng_principal who;
    int expect_pass;
} door_case;

/* The door's reference: "Bearer" (any case), a space, spaces, then T1. */
static int header_is_t1(const char *h)
{
    if (!h || strncasecmp(h, "Bearer ", 7) != 0)
        return 0;
    h += 7;
    while (*h == ' ')
        h++;
    return strcmp(h, fz.tok[0]) == 0;
}

static void on_request(struct MHD_Connection *conn, void *cls)
{
    static const http_route route = {"GET", "/api/v1/fuzz", NULL, ENG_ROLES_STAFF, "fuzz"};
    door_case *d = cls;
    http_req req;
    memset(&req, 0, sizeof req);
    req.conn = conn, req.method = "GET", req.path = "/api/v1/fuzz";
    req.store = fz.s, req.auth = fz.a, req.route = &route;
    snprintf(req.ip, sizeof req.ip, "127.0.0.1");
    d->expect_pass = header_is_t1(MHD_lookup_connection_value(conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_AUTHORIZATION));
    d->rc = http_auth_door(&req, &d->resp);
    d->who = req.who;
}

static void check_door(const uint8_t *data, size_t size, const char *cand, int mode)
{
    static char request[FZ_MAX_INPUT + 256];
    size_t n = (size_t)snprintf(request, sizeof request, "GET /api/v1/fuzz HTTP/1.1\r\nHost: fuzz\r\nAuthorization: ");
    if (mode == 0)
        n = fz_header_clean(request, n, data + 1, size - 1);
    else
        n = fz_header_clean(request, n, (const uint8_t *)"Bearer ", 7),
        n = fz_header_clean(request, n, (const uint8_t *)cand, strlen(cand));
    n += (size_t)snprintf(request + n, sizeof request - n, "\r\n\r\n");
    door_case d = {.rc = -2};
    if (!fz_mhd_request(request, n, on_request, &d))
        return; /* MHD refused the request itself */
    if (d.rc == 0) {
        if (!d.expect_pass || d.who.account_id != fz.id_active || d.resp.body)
            fail("the door let through", cand);
        return;
    }
    if (d.expect_pass)
        fail("the door refused T1", NULL);
    if (d.resp.status != 401 || !d.resp.body)
        fail("a refusal at the door is not a 401 with a body", NULL);
    cJSON *j = cJSON_Parse(d.resp.body);
    if (!j)
        fail("a refusal at the door is not JSON", NULL);
    cJSON_Delete(j);
    free(d.resp.body);
}

/* Setup before the first input (not counted against -timeout). */
int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc, (void)argv;
    setup();
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1 || size > FZ_MAX_INPUT)
        return 0;
    char cand[FZ_MAX_INPUT + 1];
    int mode = candidate(data, size, cand, sizeof cand);
    eng_principal who;
    pc_rc rc = eng_session_check(fz.a, fz.s, cand, "127.0.0.1", &who);
    int is_t1 = strcmp(cand, fz.tok[0]) == 0;
    if (rc != PC_OK && rc != PC_EAUTH)
        fail("eng_session_check", pc_rc_str(rc));
    if ((rc == PC_OK) != is_t1 || (rc == PC_OK && who.account_id != fz.id_active))
        fail(is_t1 ? "T1 refused" : "a token other than T1 authenticated", cand);
    check_door(data, size, cand, mode);
    return 0;
}
