/* import.h — bulk import of fire-safety records from CSV (officers keep
 * spreadsheets), and of a population-register extract of residents.
 *
 * Records: the first line names the columns (any order; unknown or
 * duplicated columns and missing required ones refuse the file). Kinds and
 * their columns (* required):
 *   facilities      house_code* category* name* operator_name note
 *                   (or admin_unit_code instead of house_code)
 *   safety_records  facility_id* kind* number issued_by issued_on* valid_until note supersedes_id
 *   inspections     facility_id* inspected_on* inspector result* findings ok_conditions
 *                   failed_conditions supersedes_id   (conditions: codes separated by ';')
 *   violations      facility_id* found_on* legal_article* description fine_vnd status
 *                   inspection_id supersedes_id
 *   suspensions     facility_id* kind* decision_no reason start_on* end_on reinstated_on supersedes_id
 *   fires           facility_id* kind* occurred_at* cause deaths injuries damage_vnd supersedes_id
 * An empty field is an absent value. Every row goes through exactly the
 * validation and scope checks of the API (engine/records), each in a
 * savepoint of one transaction, so a dry run reports every bad row with its
 * line number and reason, and a commit writes all rows or none (any bad row:
 * nothing is written). A commit is audited as one row.
 *
 * Residents (`pccc import-residents`): columns house_code* pid* birth_year
 * disabled bedridden residence* (permanent/temporary; flags 0/1). House
 * codes are verified — a malformed code, a wrong check character
 * (mismatched) or an unknown code is listed, never guessed. Personal ID
 * numbers (9 or 12 digits) are encrypted (AES-256-GCM, engine/crypt) and
 * keyed-hashed; a number listed twice is refused. The extract replaces the
 * residents of each house it lists, and each house's occupant and
 * vulnerable counts are derived from its residents (see geo_citizen.h). */
#ifndef ENG_IMPORT_H
#define ENG_IMPORT_H

#include <stddef.h>
#include <stdint.h>

#include "auth.h"
#include "crypt.h"
#include "geo_store.h"
#include "pc_arena.h"

#define ENG_IMPORT_MAX_ROWS 100000

typedef struct eng_import_error {
    size_t line;
    char reason[200];
} eng_import_error;

typedef struct eng_import_result {
    char kind[24];
    size_t rows;             /* data rows read (header excluded) */
    size_t rows_ok;          /* rows that passed */
    eng_import_error *errors; /* malloc'ed: eng_import_result_free */
    size_t n_errors;
    int committed;           /* 1 when every row was written */
    int64_t first_id, last_id; /* ids written (records) */
    size_t buildings;        /* residents: houses updated */
} eng_import_result;

void eng_import_result_free(eng_import_result *r);

/* Imports csv (len bytes) as records of kind. commit 0: dry run. PC_OK when
 * the file was read (row errors are in out; out->committed says whether
 * anything was written); PC_EINVAL for an unknown kind or a bad header (err
 * says why); PC_ELIMIT past ENG_IMPORT_MAX_ROWS rows; PC_EFORBIDDEN for
 * non-officers. */
pc_rc eng_import_records(geo_store *s, const eng_principal *who, const char *kind, const char *csv, size_t len,
                         int commit, eng_import_result *out, char *err, size_t err_len);

/* Imports a register extract (see above). Errors as eng_import_records. */
pc_rc eng_import_residents(geo_store *s, const eng_key *key, const eng_principal *who, const char *csv, size_t len,
                           int commit, eng_import_result *out, char *err, size_t err_len);

typedef struct eng_resident_view {
    int64_t id;
    char pid[16];
    int birth_year; /* 0: unknown */
    int disabled, bedridden;
    char residence[12];
} eng_resident_view;

/* The residents of a building with their ID numbers decrypted: for the
 * city admin and district and commune officers in scope only (others:
 * PC_EFORBIDDEN; out of scope: PC_ENOTFOUND). Every read is audited. */
pc_rc eng_residents_read(geo_store *s, const eng_key *key, const eng_principal *who, int64_t building_id,
                         pc_arena *a, eng_resident_view **out, size_t *n_out);

#endif
