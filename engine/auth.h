/* auth.h — roles, passwords, login throttling and session tokens.
 *
 * Passwords: PBKDF2-HMAC-SHA256 (OpenSSL), 16-byte random salt, at least
 * 600,000 iterations, stored as "pbkdf2-sha256$ITER$SALT_HEX$HASH_HEX" and
 * compared in constant time.
 *
 * Sessions: a token is 32 random bytes shown once to the client as 64 hex
 * digits; the store keeps only SHA-256(token). A session dies when it has
 * been idle too long, when its absolute lifetime (a shift) ends, on logout,
 * when the account is disabled, and when the account's token_epoch moves
 * (role or scope change, password change).
 *
 * Login throttling: failures are counted per account and per client IP in a
 * sliding window; past the limit, attempts are refused before any hashing
 * with a retry delay. At most max_concurrent_kdf password hashes run at once
 * (further logins get PC_EBUSY), so logins cannot eat every core.
 *
 * An eng_auth holds the configuration and the throttle tables; it is shared
 * by all worker threads (internally locked). */
#ifndef ENG_AUTH_H
#define ENG_AUTH_H

#include <stddef.h>
#include <stdint.h>

#include "geo_store.h"
#include "pc_rc.h"

typedef enum eng_role {
    ENG_ROLE_CITY_ADMIN,       /* PC07, city level */
    ENG_ROLE_DISTRICT_OFFICER,
    ENG_ROLE_COMMUNE_OFFICER,
    ENG_ROLE_DISPATCHER,
    ENG_ROLE_COMMANDER,
    ENG_ROLE_PLANNER,
    ENG_ROLE_CITIZEN,
    ENG_ROLE_COUNT
} eng_role;

#define ENG_ROLE_BIT(r) (1u << (r))
#define ENG_ROLES_ALL ((1u << ENG_ROLE_COUNT) - 1u)
#define ENG_ROLES_STAFF (ENG_ROLES_ALL & ~ENG_ROLE_BIT(ENG_ROLE_CITIZEN))

/* "city_admin", "district_officer", ... (the account.role values). */
const char *eng_role_name(eng_role r);
/* PC_EINVAL for an unknown name. */
pc_rc eng_role_parse(const char *name, eng_role *out);

#define ENG_USERNAME_MAX 64
#define ENG_IP_MAX 63

/* Who is asking: the account behind a session, or the local CLI operator
 * (account_id 0, role city_admin, whole city). */
typedef struct eng_principal {
    int64_t account_id;
    eng_role role;
    int64_t scope_unit_id; /* 0: whole city */
    char username[ENG_USERNAME_MAX + 16];
    char ip[ENG_IP_MAX + 1]; /* where the request came from ("" for the CLI) */
} eng_principal;

/* Fills *who as the local operator "cli:<login>". */
void eng_principal_cli(eng_principal *who, const char *login);

typedef struct eng_auth_config {
    unsigned pbkdf2_iterations;  /* default and minimum 600000 */
    unsigned session_idle_s;     /* default 1800 */
    unsigned session_absolute_s; /* default 43200 (a 12-hour shift) */
    unsigned fail_window_s;      /* default 900 */
    unsigned max_fail_account;   /* failures per window per account, default 5 */
    unsigned max_fail_ip;        /* failures per window per IP, default 20 */
    unsigned lockout_s;          /* refusal after the limit, default 900 */
    unsigned max_concurrent_kdf; /* default 0: number of cores */
} eng_auth_config;

void eng_auth_config_defaults(eng_auth_config *c);

typedef struct eng_auth eng_auth;

/* Caller owns *out (eng_auth_destroy). PC_EINVAL when c asks for fewer than
 * 600,000 iterations or zero timeouts. */
pc_rc eng_auth_create(const eng_auth_config *c, eng_auth **out);
void eng_auth_destroy(eng_auth *a);
const eng_auth_config *eng_auth_config_get(const eng_auth *a);

/* Password policy: 12 to 256 bytes, not all one character. err gets why not. */
pc_rc eng_password_check_policy(const char *password, char *err, size_t err_len);

/* Hashes password into out ("pbkdf2-sha256$..."); out_len >= 160.
 * iterations below 600,000 are raised to 600,000. */
pc_rc eng_password_hash(const char *password, unsigned iterations, char *out, size_t out_len);

/* *ok = 1 when password matches stored. PC_EFORMAT for a malformed stored hash. */
pc_rc eng_password_verify(const char *password, const char *stored, int *ok);

#define ENG_TOKEN_LEN 64 /* hex digits */

typedef struct eng_login_result {
    char token[ENG_TOKEN_LEN + 1]; /* shown once; never stored */
    eng_principal who;
    int64_t expires_at;     /* unix seconds, absolute end */
    unsigned retry_after_s; /* set with PC_ELIMIT / PC_EBUSY */
} eng_login_result;

/* Checks username/password from ip and opens a session.
 * PC_EAUTH: wrong username, wrong password or disabled account (not told
 * apart); PC_ELIMIT: throttled (retry_after_s set, no hashing done);
 * PC_EBUSY: too many hashes in progress. Every outcome is audited. */
pc_rc eng_login(eng_auth *a, geo_store *s, const char *username, const char *password, const char *ip,
                eng_login_result *out);

/* Resolves a bearer token to its principal (ip recorded in who->ip).
 * PC_EAUTH when the token is malformed, unknown, idle too long, past its
 * end, revoked by an epoch change, or its account is disabled. */
pc_rc eng_session_check(eng_auth *a, geo_store *s, const char *token, const char *ip, eng_principal *who);

/* Ends the session of token (audited). Unknown tokens: PC_EAUTH. */
pc_rc eng_logout(eng_auth *a, geo_store *s, const char *token, const eng_principal *who);

/* Counters since creation, for /metrics. */
typedef struct eng_auth_stats {
    uint64_t login_ok, login_failed, login_throttled, login_busy;
} eng_auth_stats;
void eng_auth_stats_get(eng_auth *a, eng_auth_stats *out);

/* Current unix time in seconds; tests may move it (eng_auth_set_clock_offset). */
int64_t eng_auth_now(const eng_auth *a);
void eng_auth_set_clock_offset(eng_auth *a, int64_t offset_s);

#endif
