/* geo_account.h — the account and session tables of the store.
 *
 * Plain records in and out; no policy here (engine/auth decides who may do
 * what, hashes passwords and tokens). Text fields are fixed buffers so that a
 * record can live on the stack; values longer than a buffer are refused on
 * write with PC_EINVAL and cannot come back longer on read.
 *
 * admin_unit_id 0 means "no unit" (stored as NULL): a city-wide account. */
#ifndef GEO_ACCOUNT_H
#define GEO_ACCOUNT_H

#include <stddef.h>
#include <stdint.h>

#include "geo_store.h"

#define GEO_USERNAME_MAX 64    /* bytes, without the NUL */
#define GEO_PWHASH_MAX 191     /* bytes, without the NUL */
#define GEO_DISPLAY_MAX 127    /* bytes, without the NUL */
#define GEO_SESSION_HASH_LEN 32

typedef struct geo_account {
    int64_t id;
    char username[GEO_USERNAME_MAX + 1];
    char pw_hash[GEO_PWHASH_MAX + 1];
    char role[24];
    int64_t admin_unit_id; /* 0: city-wide */
    char display_name[GEO_DISPLAY_MAX + 1];
    int disabled;
    int64_t token_epoch;
    char created_at[24];
    int has_phone; /* read only: phone_enc IS NOT NULL */
} geo_account;

/* Inserts a; phone_enc (may be NULL) is stored as is (already encrypted).
 * *id_out gets the new row id. PC_EEXIST when the username is taken. */
pc_rc geo_account_insert(geo_store *s, const geo_account *a, const void *phone_enc, size_t phone_len,
                         int64_t *id_out);

/* Reads one account by id or by username (exact, case-sensitive).
 * PC_ENOTFOUND when absent; *out is zeroed on failure. */
pc_rc geo_account_get(geo_store *s, int64_t id, geo_account *out);
pc_rc geo_account_get_by_name(geo_store *s, const char *username, geo_account *out);

/* Writes the mutable columns of a (pw_hash, role, admin_unit_id,
 * display_name, disabled, token_epoch) to row a->id. PC_ENOTFOUND when absent. */
pc_rc geo_account_update(geo_store *s, const geo_account *a);

/* Copies the encrypted phone blob of account id into buf. PC_ENOTFOUND when
 * the account or its phone is absent; PC_ELIMIT when buf is too small. */
pc_rc geo_account_phone(geo_store *s, int64_t id, void *buf, size_t buf_len, size_t *len_out);

/* Replaces the encrypted phone blob of account id (NULL/0: removes it). */
pc_rc geo_account_set_phone(geo_store *s, int64_t id, const void *phone_enc, size_t phone_len);

/* Accounts whose admin unit lies under scope_root (0: every account), ordered
 * by id, skipping offset and filling at most cap entries of out. *n_out is the
 * number filled, *total the number of matching rows. */
pc_rc geo_account_list(geo_store *s, int64_t scope_root, int64_t offset, size_t cap, geo_account *out, size_t *n_out,
                       int64_t *total);

typedef struct geo_session {
    uint8_t token_hash[GEO_SESSION_HASH_LEN]; /* SHA-256 of the token; the token itself is never stored */
    int64_t account_id;
    int64_t token_epoch; /* the account's epoch when the session was made */
    int64_t created_at;  /* unix seconds */
    int64_t last_seen;
    int64_t expires_at;  /* absolute end */
    char ip[64];
} geo_session;

pc_rc geo_session_insert(geo_store *s, const geo_session *ses);
/* PC_ENOTFOUND when no session has this hash. */
pc_rc geo_session_get(geo_store *s, const uint8_t hash[GEO_SESSION_HASH_LEN], geo_session *out);
pc_rc geo_session_touch(geo_store *s, const uint8_t hash[GEO_SESSION_HASH_LEN], int64_t last_seen);
/* Deleting an absent session is not an error. */
pc_rc geo_session_delete(geo_store *s, const uint8_t hash[GEO_SESSION_HASH_LEN]);
pc_rc geo_session_delete_account(geo_store *s, int64_t account_id);
/* Deletes sessions past their absolute end or idle longer than idle_s.
 * *n_deleted (may be NULL) gets the count. */
pc_rc geo_session_purge(geo_store *s, int64_t now, int64_t idle_s, int64_t *n_deleted);

#endif
