/* test_power_loss.c — 1,000 simulated power losses (crashvfs), then reopen.
 *
 * Each run forks a child that registers crashvfs as the default VFS, runs
 * numbered write transactions and reports on a pipe the number of every
 * transaction whose COMMIT returned OK. At a random xSync (or, when the run
 * ends first, while idle) the power fails: unsynced writes are dropped,
 * applied or garbled at random and the child _exit()s. The parent reopens
 * the database through the real VFS and checks that it opens, that PRAGMA
 * integrity_check says ok, that every acknowledged transaction is there in
 * full and that at most the one in flight was added (nothing half-applied).
 * Runs form chains: each run starts from the database the previous power
 * loss left behind (sometimes with its WAL still in place).
 *
 * Families (runs per family from the command line):
 *   wal      a small schema of its own, WAL + synchronous=FULL, tiny page
 *            cache (spills mid-transaction), frequent checkpoints of every
 *            kind, overflow pages, an index, deletes; balances moved between
 *            accounts whose sum must match the transfer log;
 *   geo      the real pccc store: geo_store_open (WAL, synchronous=FULL,
 *            foreign keys, SpatiaLite), incidents with their R*Tree index,
 *            incident events and the hash-chained audit log in one
 *            transaction; eng_audit_verify must pass after each power loss;
 *   delete   the small schema with a rollback journal + synchronous=FULL;
 *   normal   WAL + synchronous=NORMAL, which SQLite documents as consistent
 *            but not durable: integrity must hold, and the test requires that
 *            acknowledged commits ARE lost in some runs — proof that the VFS
 *            really drops unsynced writes (without it the other families
 *            would prove nothing).
 *
 * usage: test_power_loss [--wal N] [--geo N] [--delete N] [--normal N]
 *                        [--seed S] [--dir DIR] [--verbose]
 * Exit 0 when every check held. A failure prints the family, run and seed. */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <sqlite3.h>

#include "audit.h"
#include "crashvfs.h"
#include "geo_incident.h"
#include "geo_store.h"
#include "geo_store_int.h"
#include "pc_log.h"

#define CHAIN_LEN 25   /* runs per chain before a fresh database */
#define LOG_KEEP 40    /* the wal family keeps the last 40 log rows */
#define N_ACCT 8
#define ACCT_START 1000

typedef enum family { FAM_WAL, FAM_GEO, FAM_DELETE, FAM_NORMAL, FAM_COUNT } family;
static const char *const fam_name[FAM_COUNT] = {"wal", "geo", "delete", "normal"};

typedef struct run_stats {
    int runs, powered_off, idle_offs, fails;
    int64_t acked, lost_acked, inflight_kept;
    int runs_with_loss;
} run_stats;

static int g_verbose;
static char g_dir[400];

static uint64_t mix(uint64_t x)
{
    x += UINT64_C(0x9E3779B97F4A7C15);
    x = (x ^ (x >> 30)) * UINT64_C(0xBF58476D1CE4E5B9);
    x = (x ^ (x >> 27)) * UINT64_C(0x94D049BB133111EB);
    return x ^ (x >> 31);
}

static void remove_db(const char *path)
{
    char side[600];
    unlink(path);
    snprintf(side, sizeof side, "%s-wal", path);
    unlink(side);
    snprintf(side, sizeof side, "%s-shm", path);
    unlink(side);
    snprintf(side, sizeof side, "%s-journal", path);
    unlink(side);
}

static int copy_file(const char *from, const char *to)
{
    FILE *in = fopen(from, "rb"), *out = fopen(to, "wb");
    char buf[65536];
    size_t n;
    int ok = in && out;
    while (ok && (n = fread(buf, 1, sizeof buf, in)) > 0)
        ok = fwrite(buf, 1, n, out) == n;
    if (in)
        fclose(in);
    if (out && fclose(out) != 0)
        ok = 0;
    return ok ? 0 : -1;
}

/* --- child side ---------------------------------------------------------- */

static void child_die(sqlite3 *db, const char *what)
{
    fprintf(stderr, "child: %s: %s\n", what, db ? sqlite3_errmsg(db) : "");
    _exit(2);
}

static void child_exec(sqlite3 *db, const char *sql)
{
    if (sqlite3_exec(db, sql, NULL, NULL, NULL) != SQLITE_OK)
        child_die(db, sql);
}

static void ack(int fd, int64_t k)
{
    if (write(fd, &k, sizeof k) != (ssize_t)sizeof k)
        _exit(4);
}

/* Random checkpoints of every kind between transactions. */
static void maybe_checkpoint(sqlite3 *db, uint64_t *r)
{
    static const int modes[] = {SQLITE_CHECKPOINT_PASSIVE, SQLITE_CHECKPOINT_FULL, SQLITE_CHECKPOINT_RESTART,
                                SQLITE_CHECKPOINT_TRUNCATE};
    *r = mix(*r);
    if (*r % 9 == 0)
        sqlite3_wal_checkpoint_v2(db, NULL, modes[(*r >> 8) % 4], NULL, NULL);
}

/* The small schema: transfer k moves an amount between two accounts, logs
 * itself in seq, and writes a log row of 1..12000 bytes (overflow pages)
 * whose content is a function of k; rows older than LOG_KEEP go. */
static void small_child(const char *path, family fam, uint64_t seed, int64_t first_k, int n_txn, int fd)
{
    sqlite3 *db = NULL;
    sqlite3_stmt *st[5] = {0};
    uint64_t r = seed;
    if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK)
        child_die(db, "open");
    child_exec(db, fam == FAM_DELETE ? "PRAGMA journal_mode=DELETE" : "PRAGMA journal_mode=WAL");
    child_exec(db, fam == FAM_NORMAL ? "PRAGMA synchronous=NORMAL" : "PRAGMA synchronous=FULL");
    child_exec(db, (r & 1) ? "PRAGMA cache_size=8" : "PRAGMA cache_size=200");
    sqlite3_wal_autocheckpoint(db, (int)(5 + mix(r) % 60));
    static const char *const sql[5] = {
        "INSERT INTO seq(k,src,dst,amount) VALUES(?1,?2,?3,?4)",
        "UPDATE acct SET bal=bal-?2 WHERE id=?1",
        "UPDATE acct SET bal=bal+?2 WHERE id=?1",
        "INSERT INTO log(k,tag,len,pad) VALUES(?1,'t'||(?1%7),?2,CAST(printf('%.*c',?2,char(65+?1%26)) AS BLOB))",
        "DELETE FROM log WHERE k<=?1",
    };
    for (int i = 0; i < 5; i++)
        if (sqlite3_prepare_v2(db, sql[i], -1, &st[i], NULL) != SQLITE_OK)
            child_die(db, sql[i]);
    for (int64_t k = first_k; k < first_k + n_txn; k++) {
        r = mix(r);
        int src = (int)(r % N_ACCT) + 1, dst = (int)((r >> 8) % N_ACCT) + 1, amount = (int)((r >> 16) % 50) + 1;
        int len = (int)((r >> 24) % ((r >> 40) % 4 ? 600 : 12000)) + 1;
        child_exec(db, "BEGIN IMMEDIATE");
        sqlite3_bind_int64(st[0], 1, k), sqlite3_bind_int(st[0], 2, src);
        sqlite3_bind_int(st[0], 3, dst), sqlite3_bind_int(st[0], 4, amount);
        sqlite3_bind_int(st[1], 1, src), sqlite3_bind_int(st[1], 2, amount);
        sqlite3_bind_int(st[2], 1, dst), sqlite3_bind_int(st[2], 2, amount);
        sqlite3_bind_int64(st[3], 1, k), sqlite3_bind_int(st[3], 2, len);
        sqlite3_bind_int64(st[4], 1, k - LOG_KEEP);
        for (int i = 0; i < 5; i++) {
            if (sqlite3_step(st[i]) != SQLITE_DONE)
                child_die(db, sql[i]);
            sqlite3_reset(st[i]);
        }
        child_exec(db, "COMMIT");
        ack(fd, k);
        if (fam != FAM_DELETE)
            maybe_checkpoint(db, &r);
    }
    crashvfs_power_off();
}

/* The real store: an incident, its first event and an audit row, one
 * transaction; meta 'crash_k' = k in the same transaction. */
static void geo_child(const char *path, uint64_t seed, int64_t first_k, int n_txn, int fd)
{
    geo_store *s = NULL;
    char err[256], txt[64];
    uint64_t r = seed;
    if (geo_store_open(path, 0, &s, err, sizeof err) != PC_OK) {
        fprintf(stderr, "child: geo_store_open: %s\n", err);
        _exit(2);
    }
    if (r & 1)
        child_exec(s->db, "PRAGMA cache_size=20");
    sqlite3_wal_autocheckpoint(s->db, (int)(10 + mix(r) % 100));
    for (int64_t k = first_k; k < first_k + n_txn; k++) {
        r = mix(r);
        geo_lonlat pos = {105.75 + (double)(r % 100000) / 1e6 * 1.5, 20.95 + (double)((r >> 20) % 100000) / 1e6};
        int64_t id = 0;
        snprintf(txt, sizeof txt, "incident %" PRId64, k);
        pc_rc rc = geo_store_begin(s);
        if (rc == PC_OK)
            rc = geo_incident_insert(s, "fire", 0, txt, "power-loss test", pos, 0, 0, &id);
        if (rc == PC_OK)
            rc = geo_incident_event_insert(s, id, "created", 0, "open", txt, 0);
        if (rc == PC_OK) {
            snprintf(txt, sizeof txt, "incident/%" PRId64, id);
            rc = eng_audit_append(s, NULL, "incident.create", txt, "power-loss test");
        }
        if (rc == PC_OK) {
            snprintf(txt, sizeof txt, "%" PRId64, k);
            rc = geo_store_meta_set(s, "crash_k", txt);
        }
        if (rc == PC_OK)
            rc = geo_store_commit(s);
        if (rc != PC_OK)
            child_die(s->db, "geo transaction");
        ack(fd, k);
        maybe_checkpoint(s->db, &r);
    }
    crashvfs_power_off();
}

/* --- parent side --------------------------------------------------------- */

static int fail(run_stats *st, const char *fam, int run, uint64_t seed, const char *what)
{
    fprintf(stderr, "FAIL [%s run %d seed %" PRIu64 "]: %s\n", fam, run, seed, what);
    st->fails++;
    return -1;
}

static int64_t q_int(sqlite3 *db, const char *sql, int *ok)
{
    sqlite3_stmt *st = NULL;
    int64_t v = -1;
    if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW)
        v = sqlite3_column_int64(st, 0);
    else
        *ok = 0;
    sqlite3_finalize(st);
    return v;
}

static int integrity_ok(sqlite3 *db, char *why, size_t why_len)
{
    sqlite3_stmt *st = NULL;
    int ok = 0;
    if (sqlite3_prepare_v2(db, "PRAGMA integrity_check", -1, &st, NULL) == SQLITE_OK &&
        sqlite3_step(st) == SQLITE_ROW) {
        const char *t = (const char *)sqlite3_column_text(st, 0);
        ok = t && strcmp(t, "ok") == 0;
        snprintf(why, why_len, "integrity_check: %s", t ? t : "(null)");
    } else {
        snprintf(why, why_len, "integrity_check failed to run: %s", sqlite3_errmsg(db));
    }
    sqlite3_finalize(st);
    return ok;
}

static void small_create(const char *path)
{
    sqlite3 *db = NULL;
    remove_db(path);
    sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, "unix");
    sqlite3_exec(db,
                 "PRAGMA page_size=1024;"
                 "CREATE TABLE seq(k INTEGER PRIMARY KEY, src INT, dst INT, amount INT);"
                 "CREATE TABLE acct(id INTEGER PRIMARY KEY, bal INT NOT NULL);"
                 "CREATE TABLE log(k INTEGER PRIMARY KEY, tag TEXT, len INT, pad BLOB);"
                 "CREATE INDEX log_tag ON log(tag, len);"
                 "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i+1 FROM n WHERE i<8)"
                 " INSERT INTO acct SELECT i, 1000 FROM n;",
                 NULL, NULL, NULL);
    sqlite3_close(db);
}

/* Checks the small schema after a power loss; *k_out = transactions kept. */
static int small_verify(const char *path, int64_t *k_out, char *why, size_t why_len)
{
    sqlite3 *db = NULL;
    int ok = 1;
    *k_out = -1;
    if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE, "unix") != SQLITE_OK) {
        snprintf(why, why_len, "reopen: %s", sqlite3_errmsg(db));
        sqlite3_close(db);
        return -1;
    }
    if (!integrity_ok(db, why, why_len)) {
        sqlite3_close(db);
        return -1;
    }
    int64_t n = q_int(db, "SELECT count(*) FROM seq", &ok), lo = q_int(db, "SELECT coalesce(min(k),1) FROM seq", &ok),
            hi = q_int(db, "SELECT coalesce(max(k),0) FROM seq", &ok);
    int64_t bad_bal = q_int(db,
                            "SELECT count(*) FROM acct a WHERE bal != " "1000"
                            " - (SELECT coalesce(sum(amount),0) FROM seq WHERE src=a.id)"
                            " + (SELECT coalesce(sum(amount),0) FROM seq WHERE dst=a.id)",
                            &ok);
    int64_t n_log = q_int(db, "SELECT count(*) FROM log", &ok);
    int64_t log_lo = q_int(db, "SELECT coalesce(min(k),0) FROM log", &ok);
    int64_t bad_log = q_int(db,
                            "SELECT count(*) FROM log WHERE length(pad)!=len OR tag!='t'||(k%7)"
                            " OR pad!=CAST(printf('%.*c',len,char(65+k%26)) AS BLOB)",
                            &ok);
    int64_t n_idx = q_int(db, "SELECT count(*) FROM log INDEXED BY log_tag WHERE tag>=''", &ok);
    sqlite3_db_config(db, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, (int)(hi & 1), NULL);
    sqlite3_close(db);
    int64_t want_log = hi < LOG_KEEP ? hi : LOG_KEEP;
    if (!ok)
        snprintf(why, why_len, "verification queries failed");
    else if (n != hi || lo != 1)
        snprintf(why, why_len, "transfers not contiguous: %" PRId64 " rows in [%" PRId64 ",%" PRId64 "]", n, lo, hi);
    else if (bad_bal)
        snprintf(why, why_len, "%" PRId64 " balances disagree with the transfer log (half-applied)", bad_bal);
    else if (n_log != want_log || (hi && log_lo != hi - want_log + 1) || n_idx != n_log)
        snprintf(why, why_len, "log rows %" PRId64 " (index %" PRId64 ") from %" PRId64 ", want %" PRId64, n_log,
                 n_idx, log_lo, want_log);
    else if (bad_log)
        snprintf(why, why_len, "%" PRId64 " log rows with wrong content", bad_log);
    else {
        *k_out = hi;
        return 0;
    }
    return -1;
}

/* Checks the real store after a power loss. */
static int geo_verify(const char *path, int64_t *k_out, char *why, size_t why_len)
{
    geo_store *s = NULL;
    char err[256], kbuf[32] = "0";
    int ok = 1;
    *k_out = -1;
    if (geo_store_open(path, 0, &s, err, sizeof err) != PC_OK) {
        snprintf(why, why_len, "geo_store_open after power loss: %s", err);
        return -1;
    }
    int rc = -1;
    if (!integrity_ok(s->db, why, why_len))
        goto cleanup;
    pc_rc mrc = geo_store_meta_get(s, "crash_k", kbuf, sizeof kbuf);
    int64_t k = mrc == PC_OK ? strtoll(kbuf, NULL, 10) : 0;
    int64_t n_inc = q_int(s->db, "SELECT count(*) FROM incident", &ok);
    int64_t max_id = q_int(s->db, "SELECT coalesce(max(id),0) FROM incident", &ok);
    int64_t n_ev = q_int(s->db, "SELECT count(*) FROM incident_event", &ok);
    int64_t orphans =
        q_int(s->db, "SELECT count(*) FROM incident i WHERE NOT EXISTS(SELECT 1 FROM incident_event e WHERE e.incident_id=i.id)", &ok);
    int64_t n_tree = q_int(s->db, "SELECT count(*) FROM idx_incident_geom", &ok);
    int64_t n_audit = q_int(s->db, "SELECT count(*) FROM audit_log", &ok);
    sqlite3_stmt *st = NULL;
    const char *rt = NULL;
    char rtree[200] = "?";
    if (sqlite3_prepare_v2(s->db, "SELECT rtreecheck('idx_incident_geom')", -1, &st, NULL) == SQLITE_OK &&
        sqlite3_step(st) == SQLITE_ROW && (rt = (const char *)sqlite3_column_text(st, 0)))
        snprintf(rtree, sizeof rtree, "%s", rt);
    sqlite3_finalize(st);
    eng_audit_report rep;
    pc_rc arc = eng_audit_verify(s, &rep);
    if (!ok || (mrc != PC_OK && mrc != PC_ENOTFOUND))
        snprintf(why, why_len, "verification queries failed");
    else if (n_inc != k || max_id != k || n_ev != k || orphans || n_audit != k)
        snprintf(why, why_len,
                 "half-applied: crash_k %" PRId64 ", incidents %" PRId64 " (max id %" PRId64 "), events %" PRId64
                 ", audit rows %" PRId64,
                 k, n_inc, max_id, n_ev, n_audit);
    else if (n_tree != k || strcmp(rtree, "ok") != 0)
        snprintf(why, why_len, "R*Tree: %" PRId64 " entries for %" PRId64 " incidents, rtreecheck: %s", n_tree, k,
                 rtree);
    else if (arc != PC_OK)
        snprintf(why, why_len, "audit chain: %s %s", pc_rc_str(arc), rep.problem);
    else {
        *k_out = k;
        rc = 0;
    }
cleanup:
    sqlite3_db_config(s->db, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, (int)(k_out[0] > 0 && (k_out[0] & 1)), NULL);
    geo_store_close(s);
    return rc;
}

/* One power loss: fork, run, collect acknowledgements, verify. */
static int one_run(family fam, int run, uint64_t seed, const char *path, int64_t *k, run_stats *st)
{
    int p[2];
    if (pipe(p) != 0)
        return fail(st, fam_name[fam], run, seed, "pipe");
    int n_txn = fam == FAM_GEO ? 12 + (int)(seed % 20) : 10 + (int)(seed % 40);
    /* about one sync per commit, a few more for checkpoints: sometimes past the end (idle loss) */
    uint64_t crash_at = 1 + mix(seed) % (uint64_t)(n_txn + n_txn / 4 + 2);
    crashvfs_config cfg = {mix(seed ^ 7), crash_at, (crashvfs_policy)(mix(seed ^ 3) % CRASHVFS_POLICY_COUNT_)};
    fflush(NULL);
    pid_t pid = fork();
    if (pid < 0)
        return fail(st, fam_name[fam], run, seed, "fork");
    if (pid == 0) {
        close(p[0]);
        if (crashvfs_register(&cfg, 1) != SQLITE_OK)
            _exit(5);
        if (fam == FAM_GEO)
            geo_child(path, seed, *k + 1, n_txn, p[1]);
        else
            small_child(path, fam, seed, *k + 1, n_txn, p[1]);
        _exit(6);
    }
    close(p[1]);
    int64_t v, acked = *k;
    ssize_t got;
    while ((got = read(p[0], &v, sizeof v)) == (ssize_t)sizeof v)
        acked = v;
    close(p[0]);
    int status = 0;
    waitpid(pid, &status, 0);
    st->runs++;
    if (!WIFEXITED(status) || WEXITSTATUS(status) != CRASHVFS_EXIT) {
        char why[64];
        snprintf(why, sizeof why, "child ended with status 0x%x, not by power loss", status);
        return fail(st, fam_name[fam], run, seed, why);
    }
    st->powered_off++;
    if (acked == *k + n_txn)
        st->idle_offs++;
    st->acked += acked - *k;
    char why[300] = "";
    int64_t kept = -1;
    int vrc = fam == FAM_GEO ? geo_verify(path, &kept, why, sizeof why) : small_verify(path, &kept, why, sizeof why);
    if (vrc != 0)
        return fail(st, fam_name[fam], run, seed, why);
    if (kept < acked) {
        st->lost_acked += acked - kept;
        st->runs_with_loss++;
        if (fam != FAM_NORMAL) {
            snprintf(why, sizeof why, "acknowledged transactions lost: %" PRId64 " acked, %" PRId64 " on disk",
                     acked, kept);
            return fail(st, fam_name[fam], run, seed, why);
        }
    } else if (kept > acked + 1) {
        snprintf(why, sizeof why, "%" PRId64 " transactions on disk, only %" PRId64 " attempted", kept, acked + 1);
        return fail(st, fam_name[fam], run, seed, why);
    } else if (kept == acked + 1) {
        st->inflight_kept++;
    }
    if (g_verbose)
        printf("%s run %d: crash at sync %" PRIu64 ", policy %d, acked %" PRId64 ", kept %" PRId64 "\n",
               fam_name[fam], run, crash_at, cfg.policy, acked, kept);
    *k = kept;
    return 0;
}

static void run_family(family fam, int runs, uint64_t seed, const char *geo_template, run_stats *st)
{
    char path[512];
    snprintf(path, sizeof path, "%s/power-%s-%d.sqlite", g_dir, fam_name[fam], (int)getpid());
    int64_t k = 0;
    for (int run = 0; run < runs; run++) {
        if (run % CHAIN_LEN == 0) {
            k = 0;
            if (fam == FAM_GEO) {
                remove_db(path);
                copy_file(geo_template, path);
            } else {
                small_create(path);
            }
        }
        uint64_t rs = mix(seed + (uint64_t)fam * 1000003 + (uint64_t)run);
        if (one_run(fam, run, rs, path, &k, st) != 0)
            run = (run / CHAIN_LEN + 1) * CHAIN_LEN - 1; /* that chain is over: start a fresh one */
    }
    remove_db(path);
}

int main(int argc, char **argv)
{
    int runs[FAM_COUNT] = {400, 400, 200, 100};
    uint64_t seed = (uint64_t)time(NULL);
    const char *tmp = getenv("TMPDIR");
    snprintf(g_dir, sizeof g_dir, "%s", tmp && *tmp ? tmp : "/tmp");
    for (int i = 1; i < argc; i++) {
        int f = -1;
        for (int j = 0; j < FAM_COUNT; j++)
            if (argv[i][0] == '-' && argv[i][1] == '-' && strcmp(argv[i] + 2, fam_name[j]) == 0)
                f = j;
        if (f >= 0 && i + 1 < argc)
            runs[f] = atoi(argv[++i]);
        else if (strcmp(argv[i], "--seed") == 0 && i + 1 < argc)
            seed = strtoull(argv[++i], NULL, 10);
        else if (strcmp(argv[i], "--dir") == 0 && i + 1 < argc)
            snprintf(g_dir, sizeof g_dir, "%s", argv[++i]);
        else if (strcmp(argv[i], "--verbose") == 0)
            g_verbose = 1;
        else {
            fprintf(stderr, "usage: test_power_loss [--wal N] [--geo N] [--delete N] [--normal N] [--seed S]"
                            " [--dir DIR] [--verbose]\n");
            return 2;
        }
    }
    pc_log_set_level(PC_LOG_WARN);
    printf("power-loss test: seed %" PRIu64 " (rerun with --seed %" PRIu64 ")\n", seed, seed);
    char tmpl[512];
    snprintf(tmpl, sizeof tmpl, "%s/power-template-%d.sqlite", g_dir, (int)getpid());
    if (runs[FAM_GEO]) {
        geo_store *s = NULL;
        char err[256];
        remove_db(tmpl);
        if (geo_store_open(tmpl, GEO_STORE_CREATE, &s, err, sizeof err) != PC_OK) {
            fprintf(stderr, "FAIL: cannot create the template store: %s\n", err);
            return 1;
        }
        geo_store_close(s);
    }
    int fails = 0, teeth_ok = 1;
    int64_t durable_runs = 0;
    for (int f = 0; f < FAM_COUNT; f++) {
        if (!runs[f])
            continue;
        run_stats st = {0};
        double t0 = (double)clock();
        struct timespec a, b;
        clock_gettime(CLOCK_MONOTONIC, &a);
        run_family((family)f, runs[f], seed, tmpl, &st);
        clock_gettime(CLOCK_MONOTONIC, &b);
        (void)t0;
        printf("%-6s %4d power losses (%d while idle), %6" PRId64 " acknowledged commits, %" PRId64
               " lost, in-flight kept %" PRId64 ", %d failures, %.1f s\n",
               fam_name[f], st.runs, st.idle_offs, st.acked, st.lost_acked, st.inflight_kept, st.fails,
               (double)(b.tv_sec - a.tv_sec) + (double)(b.tv_nsec - a.tv_nsec) / 1e9);
        fails += st.fails;
        if (f != FAM_NORMAL)
            durable_runs += st.runs;
        if (f == FAM_NORMAL && runs[f] >= 20) {
            printf("normal: %d of %d runs lost acknowledged commits (expected with synchronous=NORMAL)\n",
                   st.runs_with_loss, st.runs);
            teeth_ok = st.runs_with_loss > 0;
            if (!teeth_ok)
                fprintf(stderr, "FAIL: synchronous=NORMAL never lost a commit: the VFS does not drop writes\n");
        }
    }
    remove_db(tmpl);
    printf("%" PRId64 " power losses with synchronous=FULL, %d failures\n", durable_runs, fails);
    return fails || !teeth_ok ? 1 : 0;
}
