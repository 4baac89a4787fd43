/* account.h — managing accounts: add, change, disable, list.
 *
 * Decided here, for the CLI and the API alike: only a city admin manages
 * accounts, and only accounts whose admin unit lies in the admin's own
 * scope (an out-of-scope account answers PC_ENOTFOUND). A change of role,
 * scope, password or a disable moves the account's token_epoch and deletes
 * its sessions, so every token issued before is dead at once. Every change
 * is audited in the same transaction; passwords never reach the log.
 *
 * actor NULL is not accepted: the CLI passes eng_principal_cli(). */
#ifndef ENG_ACCOUNT_H
#define ENG_ACCOUNT_H

#include <stddef.h>
#include <stdint.h>

#include "auth.h"
#include "crypt.h"
#include "geo_store.h"

typedef struct eng_user {
    int64_t id;
    char username[ENG_USERNAME_MAX + 1];
    eng_role role;
    int64_t admin_unit_id; /* 0: city-wide */
    char display_name[128];
    int disabled;
    int has_phone;
    char created_at[24];
} eng_user;

typedef struct eng_user_spec {
    const char *username;     /* 3..64 of [a-z0-9._-], first a letter or digit */
    const char *password;     /* eng_password_check_policy */
    eng_role role;
    int64_t admin_unit_id;    /* 0: city-wide; required for district and commune officers */
    const char *display_name; /* may be NULL; <= 127 bytes, no control characters */
    const char *phone;        /* may be NULL; stored encrypted, needs key */
} eng_user_spec;

/* Creates an account. PC_EINVAL (err says why) for a bad field,
 * PC_EEXIST for a taken username, PC_ENOTFOUND for an admin unit outside
 * the actor's scope or absent, PC_EFORBIDDEN when actor is no city admin. */
pc_rc eng_user_add(eng_auth *a, geo_store *s, const eng_key *key, const eng_principal *actor,
                   const eng_user_spec *spec, int64_t *id_out, char *err, size_t err_len);

/* What to change; NULL members stay as they are. */
typedef struct eng_user_change {
    const eng_role *role;
    const int64_t *admin_unit_id;
    const int *disabled;
    const char *display_name;
    const char *password;
    const char *phone;
} eng_user_change;

/* Applies ch to account id (errors as eng_user_add; PC_ECONFLICT when an
 * admin would disable or demote their own account). */
pc_rc eng_user_update(eng_auth *a, geo_store *s, const eng_key *key, const eng_principal *actor, int64_t id,
                      const eng_user_change *ch, char *err, size_t err_len);

/* Looks an account up by id or name within the actor's reach (a user may
 * always read their own account). */
pc_rc eng_user_get(geo_store *s, const eng_principal *actor, int64_t id, eng_user *out);
pc_rc eng_user_find(geo_store *s, const eng_principal *actor, const char *username, eng_user *out);

/* Decrypts the account's phone number into buf (audited as a read of
 * personal data). PC_ENOTFOUND when out of reach or no phone is stored. */
pc_rc eng_user_phone(geo_store *s, const eng_key *key, const eng_principal *actor, int64_t id, char *buf,
                     size_t buf_len);

/* Accounts in the actor's scope, ordered by id. */
pc_rc eng_user_list(geo_store *s, const eng_principal *actor, int64_t offset, size_t cap, eng_user *out, size_t *n_out,
                    int64_t *total);

#endif
