/* crashvfs.h — a test SQLite VFS that simulates power loss.
 *
 * In the spirit of SQLite's own crash tests (src/test6.c, test_journal.c):
 * the VFS wraps the default one ("unix"). Every write and truncate of a
 * durable file (main database, WAL, rollback journal) is kept in memory,
 * in order, and reads see it; only xSync hands the pending operations to
 * the real file. At the chosen xSync (the Nth of the process) the power
 * fails instead: each pending operation of each open file is, at random,
 * dropped, applied, or applied garbled (random bytes over part of the
 * written range, never outside it: the disk honours SQLite's
 * POWERSAFE_OVERWRITE assumption and nothing more), and the process ends
 * with _exit(CRASHVFS_EXIT) without closing anything. A process that never
 * reaches the Nth sync can call crashvfs_power_off() itself.
 *
 * Temporary files (statement journals, temp databases) pass straight
 * through: they do not survive a power loss either way. Memory mapping is
 * not offered (no xFetch), so every read goes through the overlay.
 *
 * One process, one connection per file: two handles on one file would not
 * see each other's pending writes (the test drivers open one connection).
 * Test code only; never linked into pccc. */
#ifndef CRASHVFS_H
#define CRASHVFS_H

#include <stdint.h>

#define CRASHVFS_EXIT 42 /* exit status of a process whose power failed */

/* What happens to the pending writes when the power fails. */
typedef enum crashvfs_policy {
    CRASHVFS_RANDOM = 0, /* each write dropped, applied or garbled at random */
    CRASHVFS_DROP_ALL,   /* nothing unsynced reaches the disk */
    CRASHVFS_KEEP_ALL,   /* everything reaches the disk (a sync that just missed) */
    CRASHVFS_GARBLE,     /* mostly garbled */
    CRASHVFS_POLICY_COUNT_
} crashvfs_policy;

typedef struct crashvfs_config {
    uint64_t seed;        /* for the choices made at power loss */
    uint64_t crash_at;    /* power fails at this xSync (1-based); 0: never by itself */
    crashvfs_policy policy;
} crashvfs_config;

/* Registers the VFS "crash" (as the default when make_default) over the
 * current default VFS. Returns SQLITE_OK or an SQLite error code. Call once
 * per process (in the forked child). */
int crashvfs_register(const crashvfs_config *cfg, int make_default);

/* Number of xSync calls seen so far (syncs of durable files). */
uint64_t crashvfs_syncs(void);

/* Fails the power now: applies the pending writes per the policy and ends
 * the process with _exit(CRASHVFS_EXIT). Never returns. */
void crashvfs_power_off(void);

#endif
