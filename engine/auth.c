/* auth.c — password hashing, login with throttling, session tokens.
 *
 * The throttle is an in-memory table (fixed size, oldest entry evicted when
 * full) keyed by "u:<username>" and "i:<ip>". Each entry counts failures in
 * the current window; reaching the limit locks the key for lockout_s. The
 * lock is checked before any password hashing, so a throttled attacker
 * costs no KDF work. Unknown usernames are hashed anyway (same cost as a
 * real check) so that response time does not reveal which accounts exist. */
#include "auth.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rand.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "audit.h"
#include "geo_account.h"
#include "pc_log.h"

#define MIN_ITERATIONS 600000u
#define MAX_ITERATIONS 20000000u
#define SALT_LEN 16
#define KEY_LEN 32
#define THROTTLE_SLOTS 4096
#define TOUCH_EVERY_S 30

static const char *const ROLE_NAMES[ENG_ROLE_COUNT] = {
    "city_admin", "district_officer", "commune_officer", "dispatcher", "commander", "planner", "citizen"};

const char *eng_role_name(eng_role r) { return (unsigned)r < ENG_ROLE_COUNT ? ROLE_NAMES[r] : "unknown"; }

pc_rc eng_role_parse(const char *name, eng_role *out)
{
    for (int i = 0; name && i < ENG_ROLE_COUNT; i++) {
        if (strcmp(name, ROLE_NAMES[i]) == 0) {
            *out = (eng_role)i;
            return PC_OK;
        }
    }
    return PC_EINVAL;
}

void eng_principal_cli(eng_principal *who, const char *login)
{
    memset(who, 0, sizeof *who);
    who->role = ENG_ROLE_CITY_ADMIN;
    snprintf(who->username, sizeof who->username, "cli:%.60s", login && *login ? login : "operator");
}

typedef struct throttle_slot {
    char key[ENG_USERNAME_MAX + 8];
    int64_t window_start;
    int64_t locked_until;
    unsigned failures;
} throttle_slot;

struct eng_auth {
    eng_auth_config cfg;
    pthread_mutex_t lock;
    throttle_slot slots[THROTTLE_SLOTS];
    atomic_uint kdf_running;
    atomic_uint_fast64_t login_ok, login_failed, login_throttled, login_busy;
    atomic_int_fast64_t clock_offset;
};

void eng_auth_config_defaults(eng_auth_config *c)
{
    memset(c, 0, sizeof *c);
    c->pbkdf2_iterations = MIN_ITERATIONS;
    c->session_idle_s = 1800;
    c->session_absolute_s = 43200;
    c->fail_window_s = 900;
    c->max_fail_account = 5;
    c->max_fail_ip = 20;
    c->lockout_s = 900;
}

pc_rc eng_auth_create(const eng_auth_config *c, eng_auth **out)
{
    *out = NULL;
    if (c->pbkdf2_iterations < MIN_ITERATIONS || c->pbkdf2_iterations > MAX_ITERATIONS || !c->session_idle_s ||
        !c->session_absolute_s || !c->fail_window_s || !c->max_fail_account || !c->max_fail_ip)
        return PC_EINVAL;
    eng_auth *a = calloc(1, sizeof *a);
    if (!a)
        return PC_ENOMEM;
    a->cfg = *c;
    if (!a->cfg.max_concurrent_kdf) {
        long n = sysconf(_SC_NPROCESSORS_ONLN);
        a->cfg.max_concurrent_kdf = n > 0 ? (unsigned)n : 2;
    }
    if (pthread_mutex_init(&a->lock, NULL) != 0) {
        free(a);
        return PC_ENOMEM;
    }
    *out = a;
    return PC_OK;
}

void eng_auth_destroy(eng_auth *a)
{
    if (!a)
        return;
    pthread_mutex_destroy(&a->lock);
    free(a);
}

const eng_auth_config *eng_auth_config_get(const eng_auth *a) { return &a->cfg; }

int64_t eng_auth_now(const eng_auth *a)
{
    return (int64_t)time(NULL) + (a ? (int64_t)atomic_load(&((eng_auth *)a)->clock_offset) : 0);
}

void eng_auth_set_clock_offset(eng_auth *a, int64_t offset_s) { atomic_store(&a->clock_offset, offset_s); }

void eng_auth_stats_get(eng_auth *a, eng_auth_stats *out)
{
    out->login_ok = atomic_load(&a->login_ok);
    out->login_failed = atomic_load(&a->login_failed);
    out->login_throttled = atomic_load(&a->login_throttled);
    out->login_busy = atomic_load(&a->login_busy);
}

/* --- passwords ------------------------------------------------------------ */

static void to_hex(const uint8_t *p, size_t n, char *out)
{
    static const char hx[] = "0123456789abcdef";
    for (size_t i = 0; i < n; i++) {
        out[2 * i] = hx[p[i] >> 4];
        out[2 * i + 1] = hx[p[i] & 15];
    }
    out[2 * n] = '\0';
}

/* Decodes exactly 2n lowercase hex digits; -1 on anything else. */
static int from_hex(const char *s, size_t n, uint8_t *out)
{
    for (size_t i = 0; i < 2 * n; i++) {
        char c = s[i];
        int v = (c >= '0' && c <= '9') ? c - '0' : (c >= 'a' && c <= 'f') ? c - 'a' + 10 : -1;
        if (v < 0)
            return -1;
        out[i / 2] = (uint8_t)(i % 2 ? (out[i / 2] | v) : v << 4);
    }
    return 0;
}

pc_rc eng_password_check_policy(const char *pw, char *err, size_t err_len)
{
    size_t n = pw ? strlen(pw) : 0;
    const char *why = NULL;
    if (n < 12)
        why = "passwords need at least 12 characters";
    else if (n > 256)
        why = "passwords are limited to 256 bytes";
    else if (strspn(pw, (char[]){pw[0], '\0'}) == n)
        why = "a password may not repeat a single character";
    if (!why)
        return PC_OK;
    if (err && err_len)
        snprintf(err, err_len, "%s", why);
    return PC_EINVAL;
}

static pc_rc kdf(const char *pw, const uint8_t *salt, unsigned iter, uint8_t out[KEY_LEN])
{
    return PKCS5_PBKDF2_HMAC(pw, (int)strlen(pw), salt, SALT_LEN, (int)iter, EVP_sha256(), KEY_LEN, out) == 1
               ? PC_OK
               : PC_ENOMEM;
}

pc_rc eng_password_hash(const char *password, unsigned iterations, char *out, size_t out_len)
{
    uint8_t salt[SALT_LEN], key[KEY_LEN];
    char salt_hex[2 * SALT_LEN + 1], key_hex[2 * KEY_LEN + 1];
    if (out_len)
        out[0] = '\0';
    if (!password || out_len < 160)
        return PC_EINVAL;
    if (iterations < MIN_ITERATIONS)
        iterations = MIN_ITERATIONS;
    if (RAND_bytes(salt, SALT_LEN) != 1)
        return PC_EIO;
    pc_rc rc = kdf(password, salt, iterations, key);
    if (rc != PC_OK)
        return rc;
    to_hex(salt, SALT_LEN, salt_hex);
    to_hex(key, KEY_LEN, key_hex);
    OPENSSL_cleanse(key, sizeof key);
    snprintf(out, out_len, "pbkdf2-sha256$%u$%s$%s", iterations, salt_hex, key_hex);
    return PC_OK;
}

pc_rc eng_password_verify(const char *password, const char *stored, int *ok)
{
    *ok = 0;
    static const char prefix[] = "pbkdf2-sha256$";
    if (!password || !stored || strncmp(stored, prefix, sizeof prefix - 1) != 0)
        return PC_EFORMAT;
    const char *p = stored + sizeof prefix - 1;
    char *end = NULL;
    unsigned long iter = strtoul(p, &end, 10);
    uint8_t salt[SALT_LEN], want[KEY_LEN], got[KEY_LEN];
    if (end == p || *end != '$' || iter < 1000 || iter > MAX_ITERATIONS || strlen(end + 1) != 2 * SALT_LEN + 1 + 2 * KEY_LEN ||
        from_hex(end + 1, SALT_LEN, salt) != 0 || end[1 + 2 * SALT_LEN] != '$' ||
        from_hex(end + 2 + 2 * SALT_LEN, KEY_LEN, want) != 0)
        return PC_EFORMAT;
    pc_rc rc = kdf(password, salt, (unsigned)iter, got);
    if (rc == PC_OK)
        *ok = CRYPTO_memcmp(got, want, KEY_LEN) == 0;
    OPENSSL_cleanse(got, sizeof got);
    return rc;
}

/* --- throttle ------------------------------------------------------------- */

/* Is a a better slot to overwrite than b? Empty first, then unlocked, then oldest. */
static int better_victim(const throttle_slot *a, const throttle_slot *b, int64_t now)
{
    if (!b)
        return 1;
    if (!a->key[0] || !b->key[0])
        return !a->key[0] && b->key[0];
    int a_locked = a->locked_until > now, b_locked = b->locked_until > now;
    if (a_locked != b_locked)
        return !a_locked;
    return a->window_start < b->window_start;
}

/* The slot of key among 16 probes; with create, takes over the best victim. */
static throttle_slot *slot_find(eng_auth *a, const char *key, int create, int64_t now)
{
    throttle_slot *victim = NULL;
    uint64_t h = 1469598103934665603ull; /* FNV-1a */
    for (const char *c = key; *c; c++)
        h = (h ^ (unsigned char)*c) * 1099511628211ull;
    for (size_t probe = 0; probe < 16; probe++) {
        throttle_slot *sl = &a->slots[(h + probe) % THROTTLE_SLOTS];
        if (sl->key[0] && strcmp(sl->key, key) == 0)
            return sl;
        if (better_victim(sl, victim, now))
            victim = sl;
    }
    if (!create)
        return NULL;
    memset(victim, 0, sizeof *victim);
    snprintf(victim->key, sizeof victim->key, "%s", key);
    victim->window_start = now;
    return victim;
}

/* Seconds until key may try again (0: now). */
static int64_t throttle_wait(eng_auth *a, const char *key, int64_t now)
{
    pthread_mutex_lock(&a->lock);
    throttle_slot *sl = slot_find(a, key, 0, now);
    int64_t wait = sl && sl->locked_until > now ? sl->locked_until - now : 0;
    pthread_mutex_unlock(&a->lock);
    return wait;
}

/* Counts a failure; returns 1 when this failure locked the key. */
static int throttle_fail(eng_auth *a, const char *key, unsigned limit, int64_t now)
{
    int locked = 0;
    pthread_mutex_lock(&a->lock);
    throttle_slot *sl = slot_find(a, key, 1, now);
    if (now - sl->window_start >= (int64_t)a->cfg.fail_window_s) {
        sl->window_start = now;
        sl->failures = 0;
    }
    if (++sl->failures >= limit) {
        sl->locked_until = now + a->cfg.lockout_s;
        sl->failures = 0;
        sl->window_start = now;
        locked = 1;
    }
    pthread_mutex_unlock(&a->lock);
    return locked;
}

static void throttle_clear(eng_auth *a, const char *key, int64_t now)
{
    pthread_mutex_lock(&a->lock);
    throttle_slot *sl = slot_find(a, key, 0, now);
    if (sl)
        memset(sl, 0, sizeof *sl);
    pthread_mutex_unlock(&a->lock);
}

/* --- login and sessions --------------------------------------------------- */

static int kdf_acquire(eng_auth *a)
{
    if (atomic_fetch_add(&a->kdf_running, 1) >= a->cfg.max_concurrent_kdf) {
        atomic_fetch_sub(&a->kdf_running, 1);
        return 0;
    }
    return 1;
}

static void kdf_release(eng_auth *a) { atomic_fetch_sub(&a->kdf_running, 1); }

static void principal_from(eng_principal *who, const geo_account *acc, const char *ip)
{
    memset(who, 0, sizeof *who);
    who->account_id = acc->id;
    if (eng_role_parse(acc->role, &who->role) != PC_OK)
        who->role = ENG_ROLE_CITIZEN; /* the schema's CHECK makes this unreachable; least privilege anyway */
    who->scope_unit_id = acc->admin_unit_id;
    snprintf(who->username, sizeof who->username, "%s", acc->username);
    snprintf(who->ip, sizeof who->ip, "%s", ip ? ip : "");
}

/* Hashes the 32 raw bytes behind a 64-hex-digit token. */
static pc_rc token_hash(const char *token, uint8_t out[GEO_SESSION_HASH_LEN])
{
    uint8_t raw[32];
    unsigned len = 0;
    if (!token || strlen(token) != ENG_TOKEN_LEN || from_hex(token, sizeof raw, raw) != 0)
        return PC_EAUTH;
    int ok = EVP_Digest(raw, sizeof raw, out, &len, EVP_sha256(), NULL) == 1 && len == GEO_SESSION_HASH_LEN;
    OPENSSL_cleanse(raw, sizeof raw);
    return ok ? PC_OK : PC_ENOMEM;
}

/* Opens a session for acc inside one transaction with its audit row. */
static pc_rc session_open(eng_auth *a, geo_store *s, const geo_account *acc, const char *ip, eng_login_result *out)
{
    uint8_t raw[32];
    geo_session ses;
    memset(&ses, 0, sizeof ses);
    if (RAND_bytes(raw, sizeof raw) != 1)
        return PC_EIO;
    to_hex(raw, sizeof raw, out->token);
    OPENSSL_cleanse(raw, sizeof raw);
    pc_rc rc = token_hash(out->token, ses.token_hash);
    if (rc != PC_OK)
        return rc;
    int64_t now = eng_auth_now(a);
    ses.account_id = acc->id;
    ses.token_epoch = acc->token_epoch;
    ses.created_at = ses.last_seen = now;
    ses.expires_at = now + a->cfg.session_absolute_s;
    snprintf(ses.ip, sizeof ses.ip, "%s", ip ? ip : "");
    principal_from(&out->who, acc, ip);
    out->expires_at = ses.expires_at;
    if ((rc = geo_store_begin(s)) != PC_OK)
        return rc;
    rc = geo_session_purge(s, now, a->cfg.session_idle_s, NULL);
    if (rc == PC_OK)
        rc = geo_session_insert(s, &ses);
    if (rc == PC_OK)
        rc = eng_audit_append(s, &out->who, "login", NULL, NULL);
    if (rc == PC_OK)
        rc = geo_store_commit(s);
    if (rc != PC_OK)
        geo_store_rollback(s);
    return rc;
}

static void login_failed(eng_auth *a, geo_store *s, const char *user_key, const char *ip_key, const char *username,
                         const char *ip, int64_t now)
{
    atomic_fetch_add(&a->login_failed, 1);
    int locked_u = throttle_fail(a, user_key, a->cfg.max_fail_account, now);
    int locked_i = throttle_fail(a, ip_key, a->cfg.max_fail_ip, now);
    eng_principal anon;
    memset(&anon, 0, sizeof anon);
    snprintf(anon.username, sizeof anon.username, "%s", username);
    snprintf(anon.ip, sizeof anon.ip, "%s", ip ? ip : "");
    char detail[96];
    snprintf(detail, sizeof detail, "%s%s", locked_u ? "account locked out; " : "", locked_i ? "ip locked out" : "");
    eng_audit_record(s, &anon, "login.failed", NULL, detail);
}

pc_rc eng_login(eng_auth *a, geo_store *s, const char *username, const char *password, const char *ip,
                eng_login_result *out)
{
    memset(out, 0, sizeof *out);
    if (!username || !*username || strlen(username) > ENG_USERNAME_MAX || !password || strlen(password) > 1024)
        return PC_EAUTH;
    char user_key[ENG_USERNAME_MAX + 8], ip_key[ENG_IP_MAX + 8];
    snprintf(user_key, sizeof user_key, "u:%s", username);
    snprintf(ip_key, sizeof ip_key, "i:%s", ip ? ip : "");
    int64_t now = eng_auth_now(a);
    int64_t wait_u = throttle_wait(a, user_key, now), wait_i = throttle_wait(a, ip_key, now);
    if (wait_u || wait_i) {
        atomic_fetch_add(&a->login_throttled, 1);
        out->retry_after_s = (unsigned)(wait_u > wait_i ? wait_u : wait_i);
        return PC_ELIMIT;
    }
    if (!kdf_acquire(a)) {
        atomic_fetch_add(&a->login_busy, 1);
        out->retry_after_s = 1;
        return PC_EBUSY;
    }
    geo_account acc;
    pc_rc rc = geo_account_get_by_name(s, username, &acc);
    int ok = 0;
    if (rc == PC_OK) {
        rc = eng_password_verify(password, acc.pw_hash, &ok);
    } else if (rc == PC_ENOTFOUND) {
        uint8_t salt[SALT_LEN] = {0}, key[KEY_LEN];
        rc = kdf(password, salt, a->cfg.pbkdf2_iterations, key); /* same cost as a real check */
        ok = 0;
    }
    kdf_release(a);
    if (rc != PC_OK && rc != PC_EFORMAT)
        return rc;
    if (!ok || acc.disabled) {
        login_failed(a, s, user_key, ip_key, username, ip, now);
        return PC_EAUTH;
    }
    throttle_clear(a, user_key, now);
    rc = session_open(a, s, &acc, ip, out);
    if (rc == PC_OK)
        atomic_fetch_add(&a->login_ok, 1);
    else
        memset(out, 0, sizeof *out);
    return rc;
}

pc_rc eng_session_check(eng_auth *a, geo_store *s, const char *token, const char *ip, eng_principal *who)
{
    memset(who, 0, sizeof *who);
    uint8_t h[GEO_SESSION_HASH_LEN];
    pc_rc rc = token_hash(token, h);
    if (rc != PC_OK)
        return rc;
    geo_session ses;
    if ((rc = geo_session_get(s, h, &ses)) != PC_OK)
        return rc == PC_ENOTFOUND ? PC_EAUTH : rc;
    int64_t now = eng_auth_now(a);
    geo_account acc;
    rc = geo_account_get(s, ses.account_id, &acc);
    if (rc != PC_OK && rc != PC_ENOTFOUND)
        return rc;
    if (rc == PC_ENOTFOUND || acc.disabled || acc.token_epoch != ses.token_epoch || now >= ses.expires_at ||
        now - ses.last_seen > (int64_t)a->cfg.session_idle_s) {
        geo_session_delete(s, h); /* dead for good: expired or revoked */
        return PC_EAUTH;
    }
    if (now - ses.last_seen >= TOUCH_EVERY_S && (rc = geo_session_touch(s, h, now)) != PC_OK)
        pc_log(PC_LOG_WARN, "auth: cannot touch session: %s", pc_rc_str(rc));
    principal_from(who, &acc, ip);
    return PC_OK;
}

pc_rc eng_logout(eng_auth *a, geo_store *s, const char *token, const eng_principal *who)
{
    (void)a;
    uint8_t h[GEO_SESSION_HASH_LEN];
    pc_rc rc = token_hash(token, h);
    if (rc != PC_OK)
        return rc;
    geo_session ses;
    if ((rc = geo_session_get(s, h, &ses)) != PC_OK)
        return rc == PC_ENOTFOUND ? PC_EAUTH : rc;
    if (who && who->account_id != ses.account_id)
        return PC_EAUTH;
    if ((rc = geo_store_begin(s)) != PC_OK)
        return rc;
    rc = geo_session_delete(s, h);
    if (rc == PC_OK)
        rc = eng_audit_append(s, who, "logout", NULL, NULL);
    if (rc == PC_OK)
        rc = geo_store_commit(s);
    if (rc != PC_OK)
        geo_store_rollback(s);
    return rc;
}
