/* crashvfs.c — the power-loss VFS (see crashvfs.h).
 *
 * Each durable file carries a list of pending operations (write: offset and
 * a copy of the bytes; truncate: the new size) in the order SQLite issued
 * them. A read starts from the real file's bytes and replays the pending
 * operations over the requested range; the logical size is the real size
 * replayed the same way. xSync applies the list to the real file (no real
 * fsync: the machine running the test does not lose power) and empties it.
 * Power loss applies each pending operation or not, garbled or not, at
 * random, to the real files, then _exit()s: nothing of the process survives
 * but what reached the "disk". */
#include "crashvfs.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

typedef struct cv_op {
    sqlite3_int64 off; /* write offset, or the new size of a truncate */
    int n;             /* bytes written; -1 for a truncate */
    unsigned char *data;
} cv_op;

typedef struct cv_file {
    sqlite3_file base; /* pMethods: ours */
    sqlite3_file *real;
    int passthrough; /* temporary file: no buffering */
    char name[512];
    cv_op *ops;
    size_t n_ops, cap_ops;
    struct cv_file *next;
} cv_file;

static sqlite3_vfs *g_real;
static sqlite3_vfs g_vfs;
static crashvfs_config g_cfg;
static uint64_t g_syncs;
static uint64_t g_rng;
static cv_file *g_files; /* open durable files */

static uint64_t rng_next(void)
{
    /* xorshift64* */
    g_rng ^= g_rng >> 12;
    g_rng ^= g_rng << 25;
    g_rng ^= g_rng >> 27;
    return g_rng * UINT64_C(2685821657736338717);
}

static void ops_free(cv_file *f)
{
    for (size_t i = 0; i < f->n_ops; i++)
        free(f->ops[i].data);
    f->n_ops = 0;
}

static int op_push(cv_file *f, sqlite3_int64 off, int n, const void *data)
{
    if (f->n_ops == f->cap_ops) {
        size_t cap = f->cap_ops ? 2 * f->cap_ops : 16;
        cv_op *ops = realloc(f->ops, cap * sizeof *ops);
        if (!ops)
            return SQLITE_NOMEM;
        f->ops = ops;
        f->cap_ops = cap;
    }
    unsigned char *copy = NULL;
    if (n > 0) {
        if (!(copy = malloc((size_t)n)))
            return SQLITE_NOMEM;
        memcpy(copy, data, (size_t)n);
    }
    f->ops[f->n_ops++] = (cv_op){off, n, copy};
    return SQLITE_OK;
}

/* Logical size: the real size with the pending operations replayed. */
static int logical_size(cv_file *f, sqlite3_int64 *out)
{
    sqlite3_int64 sz = 0;
    int rc = f->real->pMethods->xFileSize(f->real, &sz);
    if (rc != SQLITE_OK)
        return rc;
    for (size_t i = 0; i < f->n_ops; i++) {
        const cv_op *o = &f->ops[i];
        if (o->n < 0)
            sz = o->off;
        else if (o->off + o->n > sz)
            sz = o->off + o->n;
    }
    *out = sz;
    return SQLITE_OK;
}

static int cv_read(sqlite3_file *pf, void *buf, int amt, sqlite3_int64 off)
{
    cv_file *f = (cv_file *)pf;
    if (f->passthrough || !f->n_ops)
        return f->real->pMethods->xRead(f->real, buf, amt, off);
    int rc = f->real->pMethods->xRead(f->real, buf, amt, off);
    if (rc != SQLITE_OK && rc != SQLITE_IOERR_SHORT_READ)
        return rc;
    unsigned char *b = buf;
    for (size_t i = 0; i < f->n_ops; i++) {
        const cv_op *o = &f->ops[i];
        if (o->n < 0) {
            if (o->off < off + amt)
                memset(b + (o->off > off ? o->off - off : 0), 0, (size_t)(off + amt - (o->off > off ? o->off : off)));
            continue;
        }
        sqlite3_int64 lo = o->off > off ? o->off : off;
        sqlite3_int64 hi = o->off + o->n < off + amt ? o->off + o->n : off + amt;
        if (lo < hi)
            memcpy(b + (lo - off), o->data + (lo - o->off), (size_t)(hi - lo));
    }
    sqlite3_int64 size = 0;
    if ((rc = logical_size(f, &size)) != SQLITE_OK)
        return rc;
    if (off + amt > size) {
        if (size > off)
            memset(b + (size - off), 0, (size_t)(off + amt - size));
        else
            memset(b, 0, (size_t)amt);
        return SQLITE_IOERR_SHORT_READ;
    }
    return SQLITE_OK;
}

static int cv_write(sqlite3_file *pf, const void *buf, int amt, sqlite3_int64 off)
{
    cv_file *f = (cv_file *)pf;
    if (f->passthrough)
        return f->real->pMethods->xWrite(f->real, buf, amt, off);
    return op_push(f, off, amt, buf);
}

static int cv_truncate(sqlite3_file *pf, sqlite3_int64 size)
{
    cv_file *f = (cv_file *)pf;
    if (f->passthrough)
        return f->real->pMethods->xTruncate(f->real, size);
    return op_push(f, size, -1, NULL);
}

/* Hands the pending operations to the real file, in order. */
static int flush_ops(cv_file *f)
{
    int rc = SQLITE_OK;
    for (size_t i = 0; rc == SQLITE_OK && i < f->n_ops; i++) {
        const cv_op *o = &f->ops[i];
        rc = o->n < 0 ? f->real->pMethods->xTruncate(f->real, o->off)
                      : f->real->pMethods->xWrite(f->real, o->data, o->n, o->off);
    }
    ops_free(f);
    return rc;
}

/* One pending write as the failing disk leaves it: its bytes, some of them
 * replaced by noise (a torn sector), per the policy. Returns 0 to drop it. */
static int damage(const cv_op *o, unsigned char *tmp)
{
    unsigned r = (unsigned)(rng_next() % 100);
    int drop = 0, garble = 0;
    switch (g_cfg.policy) {
    case CRASHVFS_DROP_ALL: drop = 1; break;
    case CRASHVFS_KEEP_ALL: break;
    case CRASHVFS_GARBLE: garble = r < 70, drop = r >= 90; break;
    default: drop = r < 40, garble = r >= 40 && r < 60; break;
    }
    if (drop)
        return 0;
    memcpy(tmp, o->data, (size_t)o->n);
    if (garble && o->n > 0) {
        size_t from = (size_t)(rng_next() % (uint64_t)o->n);
        size_t len = 1 + (size_t)(rng_next() % (uint64_t)(o->n - (int)from));
        for (size_t i = 0; i < len; i++)
            tmp[from + i] = (unsigned char)rng_next();
    }
    return 1;
}

void crashvfs_power_off(void)
{
    for (cv_file *f = g_files; f; f = f->next) {
        for (size_t i = 0; i < f->n_ops; i++) {
            const cv_op *o = &f->ops[i];
            if (o->n < 0) {
                if (g_cfg.policy == CRASHVFS_KEEP_ALL || (g_cfg.policy != CRASHVFS_DROP_ALL && rng_next() % 2))
                    f->real->pMethods->xTruncate(f->real, o->off);
                continue;
            }
            unsigned char *tmp = malloc((size_t)o->n);
            if (tmp && damage(o, tmp))
                f->real->pMethods->xWrite(f->real, tmp, o->n, o->off);
            free(tmp);
        }
    }
    _exit(CRASHVFS_EXIT);
}

static int cv_sync(sqlite3_file *pf, int flags)
{
    (void)flags;
    cv_file *f = (cv_file *)pf;
    if (f->passthrough)
        return SQLITE_OK;
    g_syncs++;
    if (g_cfg.crash_at && g_syncs == g_cfg.crash_at)
        crashvfs_power_off();
    return flush_ops(f);
}

static int cv_close(sqlite3_file *pf)
{
    cv_file *f = (cv_file *)pf;
    /* SQLite syncs what it needs before closing; what is left pending is
     * applied as if the page cache were written back eventually. */
    int rc = f->passthrough ? SQLITE_OK : flush_ops(f);
    free(f->ops);
    f->ops = NULL;
    for (cv_file **p = &g_files; *p; p = &(*p)->next) {
        if (*p == f) {
            *p = f->next;
            break;
        }
    }
    int rc2 = f->real->pMethods ? f->real->pMethods->xClose(f->real) : SQLITE_OK;
    return rc != SQLITE_OK ? rc : rc2;
}

static int cv_file_size(sqlite3_file *pf, sqlite3_int64 *out)
{
    cv_file *f = (cv_file *)pf;
    if (f->passthrough)
        return f->real->pMethods->xFileSize(f->real, out);
    return logical_size(f, out);
}

#define REAL(pf) (((cv_file *)(pf))->real)
static int cv_lock(sqlite3_file *pf, int l) { return REAL(pf)->pMethods->xLock(REAL(pf), l); }
static int cv_unlock(sqlite3_file *pf, int l) { return REAL(pf)->pMethods->xUnlock(REAL(pf), l); }
static int cv_check_reserved(sqlite3_file *pf, int *out)
{
    return REAL(pf)->pMethods->xCheckReservedLock(REAL(pf), out);
}
static int cv_file_control(sqlite3_file *pf, int op, void *arg)
{
    if (op == SQLITE_FCNTL_MMAP_SIZE || op == SQLITE_FCNTL_SIZE_HINT)
        return SQLITE_NOTFOUND; /* reads must go through the overlay; no growth behind its back */
    return REAL(pf)->pMethods->xFileControl(REAL(pf), op, arg);
}
static int cv_sector_size(sqlite3_file *pf) { return REAL(pf)->pMethods->xSectorSize(REAL(pf)); }
static int cv_device_chars(sqlite3_file *pf) { return REAL(pf)->pMethods->xDeviceCharacteristics(REAL(pf)); }
static int cv_shm_map(sqlite3_file *pf, int pg, int pgsz, int extend, void volatile **pp)
{
    return REAL(pf)->pMethods->xShmMap(REAL(pf), pg, pgsz, extend, pp);
}
static int cv_shm_lock(sqlite3_file *pf, int offset, int n, int flags)
{
    return REAL(pf)->pMethods->xShmLock(REAL(pf), offset, n, flags);
}
static void cv_shm_barrier(sqlite3_file *pf) { REAL(pf)->pMethods->xShmBarrier(REAL(pf)); }
static int cv_shm_unmap(sqlite3_file *pf, int del) { return REAL(pf)->pMethods->xShmUnmap(REAL(pf), del); }

static const sqlite3_io_methods g_io = {
    2, /* shared memory (WAL), no xFetch: no memory-mapped reads around the overlay */
    cv_close, cv_read, cv_write, cv_truncate, cv_sync, cv_file_size, cv_lock, cv_unlock, cv_check_reserved,
    cv_file_control, cv_sector_size, cv_device_chars, cv_shm_map, cv_shm_lock, cv_shm_barrier, cv_shm_unmap,
    NULL, NULL,
};

static int cv_open(sqlite3_vfs *vfs, const char *name, sqlite3_file *pf, int flags, int *out_flags)
{
    (void)vfs;
    cv_file *f = (cv_file *)pf;
    memset(f, 0, sizeof *f);
    f->real = (sqlite3_file *)((char *)f + ((sizeof *f + 15) & ~(size_t)15));
    int rc = g_real->xOpen(g_real, name, f->real, flags, out_flags);
    if (rc != SQLITE_OK) {
        if (f->real->pMethods)
            f->real->pMethods->xClose(f->real);
        f->base.pMethods = NULL;
        return rc;
    }
    f->base.pMethods = &g_io;
    f->passthrough = !name || !(flags & (SQLITE_OPEN_MAIN_DB | SQLITE_OPEN_WAL | SQLITE_OPEN_MAIN_JOURNAL));
    if (!f->passthrough) {
        snprintf(f->name, sizeof f->name, "%s", name);
        for (cv_file *o = g_files; o; o = o->next) {
            if (strcmp(o->name, f->name) == 0) {
                fprintf(stderr, "crashvfs: %s opened twice: one connection per file\n", name);
                _exit(3);
            }
        }
        f->next = g_files;
        g_files = f;
    }
    return SQLITE_OK;
}

static int cv_delete(sqlite3_vfs *vfs, const char *name, int sync_dir)
{
    (void)vfs;
    return g_real->xDelete(g_real, name, sync_dir);
}
static int cv_access(sqlite3_vfs *vfs, const char *name, int flags, int *out)
{
    (void)vfs;
    return g_real->xAccess(g_real, name, flags, out);
}
static int cv_full_pathname(sqlite3_vfs *vfs, const char *name, int n, char *out)
{
    (void)vfs;
    return g_real->xFullPathname(g_real, name, n, out);
}
static void *cv_dlopen(sqlite3_vfs *vfs, const char *name) { (void)vfs; return g_real->xDlOpen(g_real, name); }
static void cv_dlerror(sqlite3_vfs *vfs, int n, char *msg) { (void)vfs; g_real->xDlError(g_real, n, msg); }
static void (*cv_dlsym(sqlite3_vfs *vfs, void *h, const char *sym))(void)
{
    (void)vfs;
    return g_real->xDlSym(g_real, h, sym);
}
static void cv_dlclose(sqlite3_vfs *vfs, void *h) { (void)vfs; g_real->xDlClose(g_real, h); }
static int cv_randomness(sqlite3_vfs *vfs, int n, char *out)
{
    (void)vfs;
    return g_real->xRandomness(g_real, n, out);
}
static int cv_sleep(sqlite3_vfs *vfs, int us) { (void)vfs; return g_real->xSleep(g_real, us); }
static int cv_current_time(sqlite3_vfs *vfs, double *out) { (void)vfs; return g_real->xCurrentTime(g_real, out); }
static int cv_last_error(sqlite3_vfs *vfs, int n, char *out)
{
    (void)vfs;
    return g_real->xGetLastError ? g_real->xGetLastError(g_real, n, out) : 0;
}
static int cv_current_time64(sqlite3_vfs *vfs, sqlite3_int64 *out)
{
    (void)vfs;
    return g_real->xCurrentTimeInt64(g_real, out);
}

int crashvfs_register(const crashvfs_config *cfg, int make_default)
{
    g_real = sqlite3_vfs_find(NULL);
    if (!g_real)
        return SQLITE_ERROR;
    g_cfg = *cfg;
    g_rng = cfg->seed ? cfg->seed : 1;
    g_syncs = 0;
    memset(&g_vfs, 0, sizeof g_vfs);
    g_vfs.iVersion = 2;
    g_vfs.szOsFile = (int)(((sizeof(cv_file) + 15) & ~(size_t)15) + (size_t)g_real->szOsFile);
    g_vfs.mxPathname = g_real->mxPathname;
    g_vfs.zName = "crash";
    g_vfs.xOpen = cv_open;
    g_vfs.xDelete = cv_delete;
    g_vfs.xAccess = cv_access;
    g_vfs.xFullPathname = cv_full_pathname;
    g_vfs.xDlOpen = cv_dlopen;
    g_vfs.xDlError = cv_dlerror;
    g_vfs.xDlSym = cv_dlsym;
    g_vfs.xDlClose = cv_dlclose;
    g_vfs.xRandomness = cv_randomness;
    g_vfs.xSleep = cv_sleep;
    g_vfs.xCurrentTime = cv_current_time;
    g_vfs.xGetLastError = cv_last_error;
    g_vfs.xCurrentTimeInt64 = cv_current_time64;
    return sqlite3_vfs_register(&g_vfs, make_default);
}

uint64_t crashvfs_syncs(void) { return g_syncs; }
