/* test_auth.c — passwords, login throttling, sessions (idle, absolute,
 * revocation), account management rules and area scopes, against a real
 * store. Each PBKDF2 costs ~0.2 s, so the tests log in sparingly. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <sqlite3.h>
#include <spatialite.h> /* after sqlite3.h, which it needs */

#include "account.h"
#include "audit.h"
#include "geo_account.h"
#include "auth.h"
#include "scope.h"
#include "test_util.h"

#define PW "correct horse battery"

typedef struct fixture {
    char path[512];
    geo_store *s;
    eng_auth *a;
    eng_principal cli;
} fixture;

/* Plain SQL on a second connection (with SpatiaLite: the geometry triggers need it). */
static void raw_exec(const char *path, const char *sql)
{
    sqlite3 *db = NULL;
    assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
    void *cache = spatialite_alloc_connection();
    spatialite_init_ex(db, cache, 0);
    char *msg = NULL;
    int rc = sqlite3_exec(db, sql, NULL, NULL, &msg);
    if (rc != SQLITE_OK)
        fail_msg("%s: %s", sql, msg);
    sqlite3_close(db);
    spatialite_cleanup_ex(cache);
}

static int64_t raw_int(const char *path, const char *sql)
{
    sqlite3 *db = NULL;
    sqlite3_stmt *st = NULL;
    assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
    assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    int64_t v = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    sqlite3_close(db);
    return v;
}

/* City 1 > districts 10, 20 > wards 11, 12 (under 10) and 21 (under 20). */
static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    char err[256];
    test_db_path(f->path, sizeof f->path, "auth");
    assert_int_equal(geo_store_open(f->path, GEO_STORE_CREATE, &f->s, err, sizeof err), PC_OK);
    raw_exec(f->path, "INSERT INTO admin_unit(id,code,name,name_folded,level,parent_id) VALUES"
                      "(1,'HN','Hà Nội','ha noi',1,NULL),(10,'HK','Hoàn Kiếm','hoan kiem',2,1),"
                      "(20,'BD','Ba Đình','ba dinh',2,1),(11,'HK-HT','Hàng Trống','hang trong',3,10),"
                      "(12,'HK-HB','Hàng Bạc','hang bac',3,10),(21,'BD-DC','Điện Biên','dien bien',3,20)");
    eng_auth_config c;
    eng_auth_config_defaults(&c);
    assert_int_equal(eng_auth_create(&c, &f->a), PC_OK);
    eng_principal_cli(&f->cli, "tester");
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    eng_auth_destroy(f->a);
    geo_store_close(f->s);
    test_db_remove(f->path);
    free(f);
    return 0;
}

/* Inserts an account with password PW straight into the store, reusing one
 * PBKDF2 hash for the whole run (each costs ~0.2 s); eng_user_add itself is
 * exercised by add_user_engine and test_account_rules. */
static int64_t add_user(fixture *f, const char *name, eng_role role, int64_t unit)
{
    static char hash[GEO_PWHASH_MAX + 1];
    if (!hash[0])
        assert_int_equal(eng_password_hash(PW, 600000, hash, sizeof hash), PC_OK);
    geo_account acc;
    memset(&acc, 0, sizeof acc);
    snprintf(acc.username, sizeof acc.username, "%s", name);
    snprintf(acc.pw_hash, sizeof acc.pw_hash, "%s", hash);
    snprintf(acc.role, sizeof acc.role, "%s", eng_role_name(role));
    acc.admin_unit_id = unit;
    int64_t id = 0;
    assert_int_equal(geo_account_insert(f->s, &acc, NULL, 0, &id), PC_OK);
    return id;
}

static int64_t add_user_engine(fixture *f, const char *name, eng_role role, int64_t unit)
{
    eng_user_spec spec = {.username = name, .password = PW, .role = role, .admin_unit_id = unit};
    int64_t id = 0;
    char err[200] = "";
    pc_rc rc = eng_user_add(f->a, f->s, NULL, &f->cli, &spec, &id, err, sizeof err);
    if (rc != PC_OK)
        fail_msg("add %s: %s %s", name, pc_rc_str(rc), err);
    return id;
}

static void test_password_hash_and_policy(void **state)
{
    (void)state;
    char h1[200], h2[200], err[100];
    int ok = 0;
    assert_int_equal(eng_password_hash(PW, 1000, h1, sizeof h1), PC_OK); /* raised to the minimum */
    assert_non_null(strstr(h1, "pbkdf2-sha256$600000$"));
    assert_int_equal(strlen(h1), strlen("pbkdf2-sha256$600000$") + 32 + 1 + 64);
    assert_int_equal(eng_password_verify(PW, h1, &ok), PC_OK);
    assert_true(ok);
    assert_int_equal(eng_password_verify("correct horse batterY", h1, &ok), PC_OK);
    assert_false(ok);
    /* salted: a second hash of the same password differs but verifies too */
    assert_int_equal(eng_password_hash(PW, 600000, h2, sizeof h2), PC_OK);
    assert_string_not_equal(h1, h2);
    /* a tampered or foreign hash is a format error, never a match */
    h1[30] = 'Z';
    assert_int_equal(eng_password_verify(PW, h1, &ok), PC_EFORMAT);
    assert_false(ok);
    assert_int_equal(eng_password_verify(PW, "$2y$10$abcdefghijklmnopqrstuv", &ok), PC_EFORMAT);
    assert_int_equal(eng_password_check_policy("short", err, sizeof err), PC_EINVAL);
    assert_int_equal(eng_password_check_policy("aaaaaaaaaaaaaaaa", err, sizeof err), PC_EINVAL);
    assert_int_equal(eng_password_check_policy(PW, err, sizeof err), PC_OK);
    eng_auth_config c;
    eng_auth *a = NULL;
    eng_auth_config_defaults(&c);
    c.pbkdf2_iterations = 100000;
    assert_int_equal(eng_auth_create(&c, &a), PC_EINVAL);
    assert_null(a);
}

static void test_login_session_logout(void **state)
{
    fixture *f = *state;
    int64_t id = add_user(f, "disp", ENG_ROLE_DISPATCHER, 10);
    eng_login_result r;
    assert_int_equal(eng_login(f->a, f->s, "disp", PW, "10.0.0.1", &r), PC_OK);
    assert_int_equal(strlen(r.token), 64);
    assert_int_equal(r.who.account_id, id);
    assert_int_equal(r.who.role, ENG_ROLE_DISPATCHER);
    assert_int_equal(r.who.scope_unit_id, 10);
    /* the token itself is not stored: only one 32-byte hash row */
    assert_int_equal(raw_int(f->path, "SELECT count(*) FROM session WHERE length(token_hash)=32"), 1);
    char sql[256];
    snprintf(sql, sizeof sql, "SELECT count(*) FROM session WHERE hex(token_hash) LIKE '%%%.16s%%' COLLATE NOCASE",
             r.token);
    assert_int_equal(raw_int(f->path, sql), 0);
    eng_principal who;
    assert_int_equal(eng_session_check(f->a, f->s, r.token, "10.0.0.1", &who), PC_OK);
    assert_string_equal(who.username, "disp");
    assert_string_equal(who.ip, "10.0.0.1");
    /* a changed digit, a short token, garbage: all 401 */
    char bad[65];
    memcpy(bad, r.token, sizeof bad);
    bad[0] = bad[0] == '0' ? '1' : '0';
    assert_int_equal(eng_session_check(f->a, f->s, bad, "", &who), PC_EAUTH);
    assert_int_equal(eng_session_check(f->a, f->s, "abc", "", &who), PC_EAUTH);
    assert_int_equal(eng_session_check(f->a, f->s, "' OR 1=1 --", "", &who), PC_EAUTH);
    assert_int_equal(eng_logout(f->a, f->s, r.token, &r.who), PC_OK);
    assert_int_equal(eng_session_check(f->a, f->s, r.token, "", &who), PC_EAUTH);
    assert_int_equal(raw_int(f->path, "SELECT count(*) FROM session"), 0);
    /* login and logout were audited */
    assert_int_equal(raw_int(f->path, "SELECT count(*) FROM audit_log WHERE action IN ('login','logout')"), 2);
}

static void test_timeouts(void **state)
{
    fixture *f = *state;
    add_user(f, "cmdr", ENG_ROLE_COMMANDER, 0);
    const eng_auth_config *c = eng_auth_config_get(f->a);
    eng_login_result r;
    eng_principal who;
    assert_int_equal(eng_login(f->a, f->s, "cmdr", PW, "", &r), PC_OK);
    /* active use keeps it alive past the idle limit... */
    for (int64_t t = 600; t < (int64_t)c->session_idle_s * 3; t += 600) {
        eng_auth_set_clock_offset(f->a, t);
        assert_int_equal(eng_session_check(f->a, f->s, r.token, "", &who), PC_OK);
    }
    /* ...but never past the absolute end of the shift */
    eng_auth_set_clock_offset(f->a, (int64_t)c->session_absolute_s);
    assert_int_equal(eng_session_check(f->a, f->s, r.token, "", &who), PC_EAUTH);
    /* idle: a fresh session left alone beyond session_idle_s dies */
    eng_auth_set_clock_offset(f->a, 0);
    assert_int_equal(eng_login(f->a, f->s, "cmdr", PW, "", &r), PC_OK);
    eng_auth_set_clock_offset(f->a, (int64_t)c->session_idle_s + 1);
    assert_int_equal(eng_session_check(f->a, f->s, r.token, "", &who), PC_EAUTH);
    eng_auth_set_clock_offset(f->a, 0);
    assert_int_equal(raw_int(f->path, "SELECT count(*) FROM session"), 0);
}

static void test_revocation(void **state)
{
    fixture *f = *state;
    int64_t id = add_user(f, "officer", ENG_ROLE_DISTRICT_OFFICER, 10);
    eng_login_result r;
    eng_principal who;
    assert_int_equal(eng_login(f->a, f->s, "officer", PW, "", &r), PC_OK);
    /* a display-name change keeps the session */
    eng_user_change ch = {.display_name = "Nguyễn Văn A"};
    assert_int_equal(eng_user_update(f->a, f->s, NULL, &f->cli, id, &ch, NULL, 0), PC_OK);
    assert_int_equal(eng_session_check(f->a, f->s, r.token, "", &who), PC_OK);
    /* a scope change revokes it */
    int64_t unit = 20;
    eng_user_change ch2 = {.admin_unit_id = &unit};
    assert_int_equal(eng_user_update(f->a, f->s, NULL, &f->cli, id, &ch2, NULL, 0), PC_OK);
    assert_int_equal(eng_session_check(f->a, f->s, r.token, "", &who), PC_EAUTH);
    /* disable: a new session dies and logging in fails */
    assert_int_equal(eng_login(f->a, f->s, "officer", PW, "", &r), PC_OK);
    int off = 1;
    eng_user_change ch3 = {.disabled = &off};
    assert_int_equal(eng_user_update(f->a, f->s, NULL, &f->cli, id, &ch3, NULL, 0), PC_OK);
    assert_int_equal(eng_session_check(f->a, f->s, r.token, "", &who), PC_EAUTH);
    assert_int_equal(eng_login(f->a, f->s, "officer", PW, "", &r), PC_EAUTH);
    assert_int_equal(raw_int(f->path, "SELECT token_epoch FROM account WHERE username='officer'"), 2);
}

static void test_throttle(void **state)
{
    fixture *f = *state;
    add_user(f, "planner", ENG_ROLE_PLANNER, 0);
    eng_auth_config c;
    eng_auth *a = NULL;
    eng_auth_config_defaults(&c);
    c.max_fail_account = 2; /* fewer 0.2 s hashes than the default 5 */
    assert_int_equal(eng_auth_create(&c, &a), PC_OK);
    eng_login_result r;
    for (unsigned i = 0; i < c.max_fail_account; i++)
        assert_int_equal(eng_login(a, f->s, "planner", "wrong password!!", "10.0.0.9", &r), PC_EAUTH);
    /* locked: even the right password is refused, without hashing, with a delay */
    assert_int_equal(eng_login(a, f->s, "planner", PW, "10.0.0.7", &r), PC_ELIMIT);
    assert_true(r.retry_after_s > 0 && r.retry_after_s <= c.lockout_s);
    eng_auth_stats st;
    eng_auth_stats_get(a, &st);
    assert_int_equal(st.login_failed, c.max_fail_account);
    assert_int_equal(st.login_throttled, 1);
    /* after the lockout it works again */
    eng_auth_set_clock_offset(a, (int64_t)c.lockout_s + 1);
    assert_int_equal(eng_login(a, f->s, "planner", PW, "10.0.0.7", &r), PC_OK);
    eng_auth_set_clock_offset(a, 0);
    /* unknown users fail exactly like wrong passwords, and are audited */
    assert_int_equal(eng_login(a, f->s, "nobody", PW, "10.0.0.7", &r), PC_EAUTH);
    assert_int_equal(raw_int(f->path, "SELECT count(*) FROM audit_log WHERE action='login.failed'"),
                     c.max_fail_account + 1);
    assert_int_equal(raw_int(f->path, "SELECT count(*) FROM audit_log WHERE action='login.failed'"
                                      " AND detail LIKE 'account locked out%'"),
                     1);
    eng_auth_destroy(a);
}

static void test_ip_throttle(void **state)
{
    fixture *f = *state;
    eng_auth_config c;
    eng_auth *a = NULL;
    eng_auth_config_defaults(&c);
    c.max_fail_ip = 2;
    assert_int_equal(eng_auth_create(&c, &a), PC_OK);
    eng_login_result r;
    /* spraying different usernames from one IP trips the IP limit */
    assert_int_equal(eng_login(a, f->s, "u1", "wrong password!!", "192.0.2.1", &r), PC_EAUTH);
    assert_int_equal(eng_login(a, f->s, "u2", "wrong password!!", "192.0.2.1", &r), PC_EAUTH);
    assert_int_equal(eng_login(a, f->s, "u4", "wrong password!!", "192.0.2.1", &r), PC_ELIMIT);
    /* another IP is not affected (it fails on the password, not the throttle) */
    assert_int_equal(eng_login(a, f->s, "u4", "wrong password!!", "192.0.2.2", &r), PC_EAUTH);
    eng_auth_destroy(a);
}

static void test_account_rules(void **state)
{
    fixture *f = *state;
    char err[200];
    int64_t id = 0;
    eng_user_spec spec = {.username = "x", .password = PW, .role = ENG_ROLE_CITIZEN};
    assert_int_equal(eng_user_add(f->a, f->s, NULL, &f->cli, &spec, &id, err, sizeof err), PC_EINVAL);
    spec.username = "Robert'); DROP TABLE account;--";
    assert_int_equal(eng_user_add(f->a, f->s, NULL, &f->cli, &spec, &id, err, sizeof err), PC_EINVAL);
    spec.username = "commune1";
    spec.role = ENG_ROLE_COMMUNE_OFFICER;
    assert_int_equal(eng_user_add(f->a, f->s, NULL, &f->cli, &spec, &id, err, sizeof err), PC_EINVAL);
    assert_non_null(strstr(err, "admin unit"));
    spec.admin_unit_id = 999;
    assert_int_equal(eng_user_add(f->a, f->s, NULL, &f->cli, &spec, &id, err, sizeof err), PC_ENOTFOUND);
    /* a district-scoped admin: only inside Hoàn Kiếm */
    int64_t hk_admin = add_user_engine(f, "hkadmin", ENG_ROLE_CITY_ADMIN, 10);
    assert_int_equal(raw_int(f->path, "SELECT count(*) FROM audit_log WHERE action='user.add'"
                                      " AND detail LIKE 'username=hkadmin role=city_admin admin_unit=10%'"),
                     1);
    eng_principal hk = {.account_id = hk_admin, .role = ENG_ROLE_CITY_ADMIN, .scope_unit_id = 10};
    snprintf(hk.username, sizeof hk.username, "hkadmin");
    spec.admin_unit_id = 21; /* a ward of Ba Đình */
    assert_int_equal(eng_user_add(f->a, f->s, NULL, &hk, &spec, &id, err, sizeof err), PC_ENOTFOUND);
    spec.admin_unit_id = 12;
    spec.phone = "0912 345 678"; /* no key: refused rather than stored in clear */
    assert_int_equal(eng_user_add(f->a, f->s, NULL, &hk, &spec, &id, err, sizeof err), PC_EINVAL);
    spec.phone = NULL;
    assert_int_equal(eng_user_add(f->a, f->s, NULL, &hk, &spec, &id, err, sizeof err), PC_OK);
    assert_int_equal(eng_user_add(f->a, f->s, NULL, &hk, &spec, &id, err, sizeof err), PC_EEXIST);
    int64_t bd = add_user(f, "bdofficer", ENG_ROLE_DISTRICT_OFFICER, 20);
    int64_t city = add_user(f, "citydisp", ENG_ROLE_DISPATCHER, 0);
    /* the scoped admin lists exactly the accounts under Hoàn Kiếm (itself and commune1) */
    eng_user rows[16];
    size_t n = 0;
    int64_t total = 0;
    assert_int_equal(eng_user_list(f->s, &hk, 0, 16, rows, &n, &total), PC_OK);
    assert_int_equal(total, 2);
    assert_int_equal(n, 2);
    for (size_t i = 0; i < n; i++)
        assert_true(rows[i].admin_unit_id == 10 || rows[i].admin_unit_id == 12);
    eng_user u;
    assert_int_equal(eng_user_get(f->s, &hk, bd, &u), PC_ENOTFOUND);
    assert_int_equal(eng_user_get(f->s, &hk, city, &u), PC_ENOTFOUND);
    int off = 1;
    eng_user_change dis = {.disabled = &off};
    assert_int_equal(eng_user_update(f->a, f->s, NULL, &hk, bd, &dis, err, sizeof err), PC_ENOTFOUND);
    assert_int_equal(eng_user_update(f->a, f->s, NULL, &hk, hk_admin, &dis, err, sizeof err), PC_ECONFLICT);
    /* a dispatcher manages nothing and sees no other account */
    eng_principal disp = {.account_id = city, .role = ENG_ROLE_DISPATCHER};
    assert_int_equal(eng_user_list(f->s, &disp, 0, 16, rows, &n, &total), PC_EFORBIDDEN);
    assert_int_equal(eng_user_get(f->s, &disp, bd, &u), PC_ENOTFOUND);
    assert_int_equal(eng_user_get(f->s, &disp, city, &u), PC_OK); /* but itself */
    assert_int_equal(raw_int(f->path, "SELECT count(*) FROM account WHERE disabled=1"), 0);
}

static void test_scope(void **state)
{
    fixture *f = *state;
    eng_principal hk = {.account_id = 5, .role = ENG_ROLE_DISTRICT_OFFICER, .scope_unit_id = 10};
    eng_principal city = {.account_id = 6, .role = ENG_ROLE_DISPATCHER, .scope_unit_id = 0};
    eng_principal cit = {.account_id = 7, .role = ENG_ROLE_CITIZEN, .scope_unit_id = 11};
    geo_admin_unit u[16];
    size_t n = 0;
    int64_t total = 0;
    assert_int_equal(eng_admin_unit_list(f->s, &hk, 0, 16, u, &n, &total), PC_OK);
    assert_int_equal(total, 3); /* 10, 11, 12 */
    assert_int_equal(n, 3);
    for (size_t i = 0; i < n; i++)
        assert_true(u[i].id == 10 || u[i].id == 11 || u[i].id == 12);
    assert_int_equal(eng_admin_unit_list(f->s, &city, 0, 16, u, &n, &total), PC_OK);
    assert_int_equal(total, raw_int(f->path, "SELECT count(*) FROM admin_unit"));
    assert_int_equal(eng_admin_unit_list(f->s, &cit, 0, 16, u, &n, &total), PC_OK);
    assert_int_equal(total, 0);
    /* paging: the second page of the city list starts where the first ended */
    assert_int_equal(eng_admin_unit_list(f->s, &city, 2, 2, u, &n, &total), PC_OK);
    assert_int_equal(n, 2);
    assert_int_equal(u[0].id, raw_int(f->path, "SELECT id FROM admin_unit ORDER BY id LIMIT 1 OFFSET 2"));
    geo_admin_unit one;
    assert_int_equal(eng_admin_unit_get(f->s, &hk, 12, &one), PC_OK);
    assert_string_equal(one.name, "Hàng Bạc");
    assert_int_equal(eng_admin_unit_get(f->s, &hk, 21, &one), PC_ENOTFOUND);
    assert_int_equal(eng_admin_unit_get(f->s, &hk, 1, &one), PC_ENOTFOUND); /* the parent is outside too */
    assert_int_equal(eng_admin_unit_get(f->s, &city, 999, &one), PC_ENOTFOUND);
    /* buildings: staff by unit, citizens by confirmed claim only */
    raw_exec(f->path, "INSERT INTO building(id,house_code,admin_unit_id) VALUES(100,'HC-100',11),(200,'HC-200',21);"
                      "INSERT INTO account(id,username,pw_hash,role) VALUES(7,'cit','x','citizen');"
                      "INSERT INTO house_claim(account_id,building_id,status) VALUES(7,100,'confirmed'),"
                      "(7,200,'pending')");
    assert_int_equal(eng_scope_check_building(f->s, &hk, 100), PC_OK);
    assert_int_equal(eng_scope_check_building(f->s, &hk, 200), PC_ENOTFOUND);
    assert_int_equal(eng_scope_check_building(f->s, &city, 200), PC_OK);
    assert_int_equal(eng_scope_check_building(f->s, &cit, 100), PC_OK);
    assert_int_equal(eng_scope_check_building(f->s, &cit, 200), PC_ENOTFOUND);
    assert_int_equal(eng_scope_check_building(f->s, &hk, 300), PC_ENOTFOUND);
    /* a cyclic parent chain (bad data) still terminates */
    raw_exec(f->path, "UPDATE admin_unit SET parent_id=12 WHERE id=10");
    assert_int_equal(eng_admin_unit_list(f->s, &hk, 0, 16, u, &n, &total), PC_OK);
    assert_int_equal(total, 3);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_password_hash_and_policy),
        cmocka_unit_test_setup_teardown(test_login_session_logout, setup, teardown),
        cmocka_unit_test_setup_teardown(test_timeouts, setup, teardown),
        cmocka_unit_test_setup_teardown(test_revocation, setup, teardown),
        cmocka_unit_test_setup_teardown(test_throttle, setup, teardown),
        cmocka_unit_test_setup_teardown(test_ip_throttle, setup, teardown),
        cmocka_unit_test_setup_teardown(test_account_rules, setup, teardown),
        cmocka_unit_test_setup_teardown(test_scope, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
