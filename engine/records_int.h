/* records_int.h — the transaction-free halves of records.c, for the CSV
 * importer (engine/import.c) which runs many of them in one transaction,
 * each row in a savepoint. Inside engine/ only. */
#ifndef ENG_RECORDS_INT_H
#define ENG_RECORDS_INT_H

#include "records.h"

/* As eng_facility_register / eng_record_add, inside the caller's
 * transaction; audit 0 skips the per-row audit row (the importer writes one
 * summary row instead). */
pc_rc eng_facility_register_tx(geo_store *s, const eng_principal *who, const eng_facility_spec *f, int audit,
                               int64_t *id_out, char *err, size_t err_len);
pc_rc eng_record_add_tx(geo_store *s, const eng_principal *who, int64_t facility_id, const eng_record *r, int audit,
                        int64_t *id_out, char *err, size_t err_len);

/* Formats err (when given) and returns rc. */
pc_rc eng_fail(char *err, size_t err_len, pc_rc rc, const char *fmt, ...) __attribute__((format(printf, 4, 5)));

#endif
