/* geo_residents.c — resident rows from the population register extract and
 * the building counts derived from them (geo_citizen.h). Personal ID
 * numbers arrive here already encrypted (pid_enc) and keyed-hashed
 * (pid_hash); this file never sees one in clear. */
#include <string.h>

#include "geo_citizen.h"
#include "geo_records_int.h"

pc_rc geo_resident_clear(geo_store *s, int64_t building_id)
{
    sqlite3_stmt *st = geo_prep(s, "DELETE FROM resident WHERE building_id=?");
    if (!st)
        return PC_EIO;
    sqlite3_bind_int64(st, 1, building_id);
    pc_rc rc = geo_step_insert(s, st, NULL);
    sqlite3_finalize(st);
    return rc;
}

pc_rc geo_resident_insert(geo_store *s, int64_t building_id, const uint8_t *pid_enc, size_t enc_len,
                          const uint8_t pid_hash[32], int birth_year, int disabled, int bedridden,
                          const char *residence)
{
    sqlite3_stmt *st = geo_prep(s, "INSERT INTO resident(building_id,pid_enc,pid_hash,birth_year,disabled,bedridden,"
                                   "residence) VALUES(?,?,?,?,?,?,?)");
    if (!st)
        return PC_EIO;
    sqlite3_bind_int64(st, 1, building_id);
    sqlite3_bind_blob(st, 2, pid_enc, (int)enc_len, SQLITE_TRANSIENT);
    sqlite3_bind_blob(st, 3, pid_hash, 32, SQLITE_TRANSIENT);
    geo_bind_opt_int(st, 4, birth_year > 0 ? birth_year : -1);
    sqlite3_bind_int(st, 5, disabled ? 1 : 0);
    sqlite3_bind_int(st, 6, bedridden ? 1 : 0);
    sqlite3_bind_text(st, 7, residence, -1, SQLITE_TRANSIENT);
    pc_rc rc = geo_step_insert(s, st, NULL);
    sqlite3_finalize(st);
    return rc;
}

pc_rc geo_resident_recount(geo_store *s, int64_t building_id, int this_year)
{
    sqlite3_stmt *st = geo_prep(
        s, "UPDATE building SET (occupants,vuln_elderly,vuln_children,vuln_disabled,vuln_bedridden,updated_at)="
           "(SELECT count(*), coalesce(sum(birth_year<=?2-60),0), coalesce(sum(birth_year>?2-16),0),"
           " coalesce(sum(disabled),0), coalesce(sum(bedridden),0), strftime('%Y-%m-%dT%H:%M:%SZ','now')"
           " FROM resident WHERE building_id=?1) WHERE id=?1");
    if (!st)
        return PC_EIO;
    sqlite3_bind_int64(st, 1, building_id);
    sqlite3_bind_int(st, 2, this_year);
    pc_rc rc = geo_step_insert(s, st, NULL);
    sqlite3_finalize(st);
    return rc;
}

pc_rc geo_resident_list(geo_store *s, int64_t building_id, pc_arena *a, geo_resident **out, size_t *n_out)
{
    *out = NULL;
    *n_out = 0;
    int64_t n = 0;
    pc_rc rc = geo_query_int64(s, "SELECT count(*) FROM resident WHERE building_id=?", building_id, &n);
    if (rc != PC_OK)
        return rc;
    geo_resident *r = pc_arena_calloc(a, (size_t)n + 1, sizeof *r);
    if (!r)
        return PC_ENOMEM;
    sqlite3_stmt *st = geo_prep(s, "SELECT id,pid_enc,coalesce(birth_year,0),disabled,bedridden,residence"
                                   " FROM resident WHERE building_id=? ORDER BY id");
    if (!st)
        return PC_EIO;
    sqlite3_bind_int64(st, 1, building_id);
    size_t k = 0;
    int src;
    while ((src = sqlite3_step(st)) == SQLITE_ROW && k < (size_t)n) {
        geo_resident *x = &r[k++];
        x->id = sqlite3_column_int64(st, 0);
        x->enc_len = (size_t)sqlite3_column_bytes(st, 1);
        x->pid_enc = pc_arena_alloc(a, x->enc_len + 1);
        if (!x->pid_enc) {
            rc = PC_ENOMEM;
            break;
        }
        memcpy(x->pid_enc, sqlite3_column_blob(st, 1), x->enc_len);
        x->birth_year = sqlite3_column_int(st, 2);
        x->disabled = sqlite3_column_int(st, 3);
        x->bedridden = sqlite3_column_int(st, 4);
        x->residence = pc_arena_strdup(a, (const char *)sqlite3_column_text(st, 5));
    }
    if (rc == PC_OK && src != SQLITE_ROW && src != SQLITE_DONE)
        rc = geo_rc(src);
    sqlite3_finalize(st);
    if (rc == PC_OK) {
        *out = r;
        *n_out = k;
    }
    return rc;
}
