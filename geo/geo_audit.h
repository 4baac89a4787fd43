/* geo_audit.h — the audit_log table: rows in, rows out.
 *
 * The hash chain itself (what is hashed, how it is checked) lives in
 * engine/audit; this file only stores and reads rows. The table refuses
 * UPDATE and DELETE by trigger; engine/audit detects tampering even when
 * someone drops the triggers. Empty text fields are stored as NULL and read
 * back as "", so a row reads back byte for byte as it was written. */
#ifndef GEO_AUDIT_H
#define GEO_AUDIT_H

#include <stddef.h>
#include <stdint.h>

#include "geo_store.h"

#define GEO_AUDIT_HASH_LEN 32

typedef struct geo_audit_row {
    int64_t id;          /* explicit: the chain covers it */
    char at[32];         /* ISO-8601 UTC with milliseconds */
    int64_t actor_id;    /* 0: not an account (CLI operator, anonymous) */
    char actor[80];      /* username or "cli:<login>" */
    char ip[64];
    char action[48];     /* "login", "user.add", "read.phone", ... */
    char object[96];     /* "account/12" */
    char detail[512];
    uint8_t prev_hash[GEO_AUDIT_HASH_LEN];
    uint8_t hash[GEO_AUDIT_HASH_LEN];
} geo_audit_row;

/* The newest row's id and hash; (0, zeros) on an empty log. */
pc_rc geo_audit_last(geo_store *s, int64_t *id, uint8_t hash[GEO_AUDIT_HASH_LEN]);

/* Inserts row as given (id included). PC_EEXIST when the id is taken. */
pc_rc geo_audit_insert(geo_store *s, const geo_audit_row *row);

/* Calls fn for every row with id > after_id in id order until fn returns
 * nonzero. A stored field longer than its buffer is reported as PC_EFORMAT
 * (it cannot have been written by pccc). */
typedef int (*geo_audit_fn)(void *ctx, const geo_audit_row *row);
pc_rc geo_audit_scan(geo_store *s, int64_t after_id, geo_audit_fn fn, void *ctx);

/* Newest first: skips offset rows, fills at most cap. *total = all rows. */
pc_rc geo_audit_list(geo_store *s, int64_t offset, size_t cap, geo_audit_row *out, size_t *n_out, int64_t *total);

#endif
