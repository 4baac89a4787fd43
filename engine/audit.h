/* audit.h — the append-only, hash-chained audit log.
 *
 * Every change and every read of personal data writes one row: when, who
 * (account id and name), from where (IP), what (action), on which object,
 * and a short detail. Rows are chained: hash = SHA-256(prev_hash || text)
 * where text is the canonical form of the row (every field, length-prefixed,
 * so no two rows share a text) and the first row's prev_hash is 32 zero
 * bytes. The newest (id, hash) is also kept in the meta table, written in
 * the same transaction, so that deleting the newest rows is detected too.
 *
 * The table's triggers refuse UPDATE and DELETE; eng_audit_verify detects
 * an edited, inserted, reordered or deleted row even if someone dropped
 * those triggers first. (An attacker who rewrites the whole chain and the
 * head can only be caught by comparing the head with a copy kept elsewhere:
 * `pccc audit verify` prints it for that purpose.) */
#ifndef ENG_AUDIT_H
#define ENG_AUDIT_H

#include <stdint.h>

#include "auth.h"
#include "geo_store.h"

/* Appends one row. Must run inside the caller's write transaction
 * (geo_store_begin) so that the change and its audit row commit together.
 * who NULL: anonymous. Over-long fields are truncated (detail to 511 bytes,
 * at a UTF-8 boundary). action must be non-empty. */
pc_rc eng_audit_append(geo_store *s, const eng_principal *who, const char *action, const char *object,
                       const char *detail);

/* As eng_audit_append in a transaction of its own (for reads of personal
 * data and other events that change nothing else). */
pc_rc eng_audit_record(geo_store *s, const eng_principal *who, const char *action, const char *object,
                       const char *detail);

/* One row as shown to an auditor (no hashes). */
typedef struct eng_audit_entry {
    int64_t id;
    char at[32];
    int64_t actor_id;
    char actor[80];
    char ip[64];
    char action[48];
    char object[96];
    char detail[512];
} eng_audit_entry;

/* Rows newest first, for a city admin whose scope is the whole city
 * (PC_EFORBIDDEN for anyone else: the log spans every area). */
pc_rc eng_audit_list(geo_store *s, const eng_principal *who, int64_t offset, size_t cap, eng_audit_entry *out,
                     size_t *n_out, int64_t *total);

typedef struct eng_audit_report {
    int64_t rows;          /* rows checked */
    int64_t bad_id;        /* first row at fault (0: none or the head) */
    char problem[200];     /* empty when intact */
    char head_hex[65];     /* hash of the newest row, hex */
} eng_audit_report;

/* Checks the whole chain. PC_OK when intact; PC_EFORMAT when a row was
 * edited, deleted or inserted (out->problem says which and where); other
 * codes for I/O failures. */
pc_rc eng_audit_verify(geo_store *s, eng_audit_report *out);

#endif
