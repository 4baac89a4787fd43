/* test_audit.c — the audit hash chain (append, verify, every kind of
 * tampering with the triggers dropped) and AES-256-GCM sealing of personal
 * identifiers with its key file. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <openssl/evp.h>
#include <sqlite3.h>
#include <sys/stat.h>

#include "audit.h"
#include "crypt.h"
#include "test_util.h"

static void raw_exec(const char *path, const char *sql)
{
    sqlite3 *db = NULL;
    assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
    char *msg = NULL;
    int rc = sqlite3_exec(db, sql, NULL, NULL, &msg);
    if (rc != SQLITE_OK)
        fail_msg("%s: %s", sql, msg);
    sqlite3_close(db);
}

static int raw_exec_rc(const char *path, const char *sql)
{
    sqlite3 *db = NULL;
    assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
    int rc = sqlite3_exec(db, sql, NULL, NULL, NULL);
    sqlite3_close(db);
    return rc;
}

/* A store with five audit rows from two principals. */
static geo_store *make_log(char *path, size_t n, const char *name)
{
    char err[256];
    geo_store *s = NULL;
    test_db_path(path, n, name);
    assert_int_equal(geo_store_open(path, GEO_STORE_CREATE, &s, err, sizeof err), PC_OK);
    eng_principal a = {.account_id = 3, .role = ENG_ROLE_DISPATCHER};
    snprintf(a.username, sizeof a.username, "disp");
    snprintf(a.ip, sizeof a.ip, "10.1.2.3");
    eng_principal cli;
    eng_principal_cli(&cli, "ops");
    assert_int_equal(eng_audit_record(s, &cli, "user.add", "account/3", "role=dispatcher"), PC_OK);
    assert_int_equal(eng_audit_record(s, &a, "login", NULL, NULL), PC_OK);
    assert_int_equal(eng_audit_record(s, &a, "read.phone", "account/9", NULL), PC_OK);
    /* field separators in content cannot forge another row's text */
    assert_int_equal(eng_audit_record(s, &a, "note", "5:x;", "1:a;2:bc;"), PC_OK);
    assert_int_equal(eng_audit_record(s, NULL, "login.failed", NULL, "Nguyễn ' OR 1=1 --"), PC_OK);
    return s;
}

static void test_chain_intact(void **state)
{
    (void)state;
    char path[512];
    geo_store *s = make_log(path, sizeof path, "chain");
    eng_audit_report rep;
    assert_int_equal(eng_audit_verify(s, &rep), PC_OK);
    assert_int_equal(rep.rows, 5);
    assert_string_equal(rep.problem, "");
    /* the head is SHA-256(prev || text) of row 5, recomputed here independently */
    sqlite3 *db = NULL;
    sqlite3_stmt *st = NULL;
    assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
    assert_int_equal(sqlite3_prepare_v2(db,
                                        "SELECT prev_hash, id, at, coalesce(actor_id,0), coalesce(actor,''),"
                                        " coalesce(ip,''), action, coalesce(object,''), coalesce(detail,''), hex(hash)"
                                        " FROM audit_log WHERE id=5",
                                        -1, &st, NULL),
                     SQLITE_OK);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    char text[1024];
    size_t off = 0;
    for (int c = 1; c <= 8; c++) {
        const char *v = (const char *)sqlite3_column_text(st, c);
        off += (size_t)snprintf(text + off, sizeof text - off, "%zu:%s;", strlen(v), v);
    }
    unsigned char buf[2048], md[32];
    unsigned len = 0;
    memcpy(buf, sqlite3_column_blob(st, 0), 32);
    memcpy(buf + 32, text, off);
    assert_int_equal(EVP_Digest(buf, 32 + off, md, &len, EVP_sha256(), NULL), 1);
    char hex[65];
    for (int i = 0; i < 32; i++)
        snprintf(hex + 2 * i, 3, "%02X", md[i]);
    assert_string_equal(hex, (const char *)sqlite3_column_text(st, 9));
    for (int i = 0; hex[i]; i++)
        hex[i] = (char)(hex[i] >= 'A' ? hex[i] + 32 : hex[i]);
    assert_string_equal(hex, rep.head_hex);
    sqlite3_finalize(st);
    sqlite3_close(db);
    /* the triggers refuse edits and deletes */
    assert_int_not_equal(raw_exec_rc(path, "UPDATE audit_log SET detail='x' WHERE id=2"), SQLITE_OK);
    assert_int_not_equal(raw_exec_rc(path, "DELETE FROM audit_log WHERE id=5"), SQLITE_OK);
    geo_store_close(s);
    test_db_remove(path);
}

/* Drops the triggers, runs sql, and expects verify to fail naming bad_id (0: the head). */
static void tamper(const char *name, const char *sql, int64_t bad_id, const char *word)
{
    char path[512];
    geo_store *s = make_log(path, sizeof path, name);
    raw_exec(path, "DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete;");
    raw_exec(path, sql);
    eng_audit_report rep;
    assert_int_equal(eng_audit_verify(s, &rep), PC_EFORMAT);
    assert_int_equal(rep.bad_id, bad_id);
    if (!strstr(rep.problem, word))
        fail_msg("'%s' does not mention '%s'", rep.problem, word);
    geo_store_close(s);
    test_db_remove(path);
}

static void test_tampering_detected(void **state)
{
    (void)state;
    tamper("edit", "UPDATE audit_log SET detail='role=city_admin' WHERE id=1", 1, "edited");
    tamper("ip", "UPDATE audit_log SET ip='8.8.8.8' WHERE id=3", 3, "edited");
    tamper("mid", "DELETE FROM audit_log WHERE id=3", 4, "deleted");
    tamper("first", "DELETE FROM audit_log WHERE id=1", 2, "deleted");
    tamper("tail", "DELETE FROM audit_log WHERE id=5", 0, "deleted");
    tamper("all", "DELETE FROM audit_log", 0, "deleted");
    /* renumbering after a delete: the chain link breaks */
    tamper("renum", "DELETE FROM audit_log WHERE id=2; UPDATE audit_log SET id=id-1 WHERE id>2", 2, "prev_hash");
    /* an edit with a recomputed own hash still breaks the next row's link */
    tamper("rehash", "UPDATE audit_log SET hash=zeroblob(32) WHERE id=2", 2, "edited");
    /* a forged row appended by SQL does not move the recorded head */
    tamper("append",
           "INSERT INTO audit_log(id,at,action,prev_hash,hash) SELECT 6,'2026-01-01T00:00:00.000Z','x',hash,hash"
           " FROM audit_log WHERE id=5",
           6, "edited");
}

static int contains(const uint8_t *hay, size_t n, const char *needle)
{
    size_t k = strlen(needle);
    for (size_t i = 0; i + k <= n; i++)
        if (memcmp(hay + i, needle, k) == 0)
            return 1;
    return 0;
}

static void test_crypt(void **state)
{
    (void)state;
    char path[512], err[256];
    const char *tmp = getenv("TMPDIR");
    snprintf(path, sizeof path, "%s/pccc-test-%d.key", tmp && *tmp ? tmp : "/tmp", (int)getpid());
    unlink(path);
    eng_key *k = NULL, *k2 = NULL;
    assert_int_equal(eng_key_load(path, 0, &k, err, sizeof err), PC_ENOTFOUND);
    assert_int_equal(eng_key_load(path, 1, &k, err, sizeof err), PC_OK);
    struct stat st;
    assert_int_equal(stat(path, &st), 0);
    assert_int_equal(st.st_mode & 0777, 0600);
    assert_int_equal(st.st_size, 32);
    const char *pid = "001089012345"; /* a national ID number */
    uint8_t blob[128], blob2[128];
    size_t n = 0, n2 = 0, m = 0;
    char out[64];
    assert_int_equal(eng_seal(k, pid, strlen(pid), "resident.pid", blob, sizeof blob, &n), PC_OK);
    assert_int_equal(n, strlen(pid) + ENG_SEAL_OVERHEAD);
    assert_false(contains(blob, n, pid)); /* not in clear */
    assert_int_equal(eng_seal(k, pid, strlen(pid), "resident.pid", blob2, sizeof blob2, &n2), PC_OK);
    assert_memory_not_equal(blob, blob2, n); /* random nonce */
    assert_int_equal(eng_unseal(k, blob, n, "resident.pid", out, sizeof out, &m), PC_OK);
    assert_string_equal(out, pid);
    /* another column's aad, a flipped bit, a truncation: refused */
    assert_int_equal(eng_unseal(k, blob, n, "account.phone", out, sizeof out, &m), PC_EFORMAT);
    blob[20] ^= 1;
    assert_int_equal(eng_unseal(k, blob, n, "resident.pid", out, sizeof out, &m), PC_EFORMAT);
    blob[20] ^= 1;
    assert_int_equal(eng_unseal(k, blob, n - 1, "resident.pid", out, sizeof out, &m), PC_EFORMAT);
    /* the same file loads the same key; keyed digests are stable */
    assert_int_equal(eng_key_load(path, 0, &k2, err, sizeof err), PC_OK);
    assert_int_equal(eng_unseal(k2, blob, n, "resident.pid", out, sizeof out, &m), PC_OK);
    uint8_t d1[32], d2[32];
    assert_int_equal(eng_key_digest(k, pid, d1), PC_OK);
    assert_int_equal(eng_key_digest(k2, pid, d2), PC_OK);
    assert_memory_equal(d1, d2, 32);
    eng_key_destroy(k2);
    k2 = NULL;
    /* a key readable by others is refused */
    chmod(path, 0644);
    assert_int_equal(eng_key_load(path, 0, &k2, err, sizeof err), PC_EFORBIDDEN);
    assert_null(k2);
    assert_non_null(strstr(err, "chmod"));
    eng_key_destroy(k);
    unlink(path);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_chain_intact),
        cmocka_unit_test(test_tampering_detected),
        cmocka_unit_test(test_crypt),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
