/* audit.c — the audit hash chain: append and verify.
 *
 * Canonical text of a row: each of id, at, actor_id, actor, ip, action,
 * object, detail written as "<byte length>:<bytes>;" in that order. The
 * chain hash of row n is SHA-256(hash of row n-1 || text of row n). */
#include "audit.h"

#include <inttypes.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "geo_audit.h"
#include "pc_buf.h"
#include "pc_log.h"

#define HEAD_ID_KEY "audit_head_id"
#define HEAD_HASH_KEY "audit_head_hash"

static void put_field(pc_buf *b, const char *s) { pc_buf_printf(b, "%zu:%s;", strlen(s), s); }

/* hash = SHA-256(prev || canonical text of row). */
static pc_rc chain_hash(const geo_audit_row *row, const uint8_t prev[GEO_AUDIT_HASH_LEN],
                        uint8_t out[GEO_AUDIT_HASH_LEN])
{
    pc_buf b = {0};
    char num[32];
    snprintf(num, sizeof num, "%" PRId64, row->id);
    put_field(&b, num);
    put_field(&b, row->at);
    snprintf(num, sizeof num, "%" PRId64, row->actor_id);
    put_field(&b, num);
    put_field(&b, row->actor);
    put_field(&b, row->ip);
    put_field(&b, row->action);
    put_field(&b, row->object);
    put_field(&b, row->detail);
    pc_rc rc = pc_buf_rc(&b);
    EVP_MD_CTX *md = NULL;
    if (rc != PC_OK)
        goto cleanup;
    unsigned len = 0;
    md = EVP_MD_CTX_new();
    if (!md || EVP_DigestInit_ex(md, EVP_sha256(), NULL) != 1 || EVP_DigestUpdate(md, prev, GEO_AUDIT_HASH_LEN) != 1 ||
        EVP_DigestUpdate(md, b.data, b.len) != 1 || EVP_DigestFinal_ex(md, out, &len) != 1 ||
        len != GEO_AUDIT_HASH_LEN)
        rc = PC_ENOMEM;
cleanup:
    EVP_MD_CTX_free(md);
    pc_buf_free(&b);
    return rc;
}

static void to_hex(const uint8_t *p, size_t n, char *out)
{
    static const char hx[] = "0123456789abcdef";
    for (size_t i = 0; i < n; i++) {
        out[2 * i] = hx[p[i] >> 4];
        out[2 * i + 1] = hx[p[i] & 15];
    }
    out[2 * n] = '\0';
}

/* Copies s into dst (cap bytes with NUL), cutting at a UTF-8 boundary. */
static void copy_trunc(char *dst, size_t cap, const char *s)
{
    size_t n = s ? strlen(s) : 0;
    if (n >= cap) {
        n = cap - 1;
        while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
            n--;
    }
    if (n)
        memcpy(dst, s, n);
    dst[n] = '\0';
}

static void now_iso(char *buf, size_t len)
{
    struct timespec ts;
    struct tm tm;
    clock_gettime(CLOCK_REALTIME, &ts);
    gmtime_r(&ts.tv_sec, &tm);
    char base[24];
    strftime(base, sizeof base, "%Y-%m-%dT%H:%M:%S", &tm);
    snprintf(buf, len, "%.19s.%03dZ", base, (int)(ts.tv_nsec / 1000000L));
}

pc_rc eng_audit_append(geo_store *s, const eng_principal *who, const char *action, const char *object,
                       const char *detail)
{
    if (!action || !*action)
        return PC_EINVAL;
    geo_audit_row row;
    memset(&row, 0, sizeof row);
    int64_t last_id = 0;
    pc_rc rc = geo_audit_last(s, &last_id, row.prev_hash);
    if (rc != PC_OK)
        return rc;
    row.id = last_id + 1;
    now_iso(row.at, sizeof row.at);
    if (who) {
        row.actor_id = who->account_id;
        copy_trunc(row.actor, sizeof row.actor, who->username);
        copy_trunc(row.ip, sizeof row.ip, who->ip);
    }
    copy_trunc(row.action, sizeof row.action, action);
    copy_trunc(row.object, sizeof row.object, object);
    copy_trunc(row.detail, sizeof row.detail, detail);
    if ((rc = chain_hash(&row, row.prev_hash, row.hash)) != PC_OK)
        return rc;
    if ((rc = geo_audit_insert(s, &row)) != PC_OK)
        return rc;
    char id_txt[24], hex[2 * GEO_AUDIT_HASH_LEN + 1];
    snprintf(id_txt, sizeof id_txt, "%" PRId64, row.id);
    to_hex(row.hash, GEO_AUDIT_HASH_LEN, hex);
    rc = geo_store_meta_set(s, HEAD_ID_KEY, id_txt);
    if (rc == PC_OK)
        rc = geo_store_meta_set(s, HEAD_HASH_KEY, hex);
    return rc;
}

pc_rc eng_audit_record(geo_store *s, const eng_principal *who, const char *action, const char *object,
                       const char *detail)
{
    pc_rc rc = geo_store_begin(s);
    if (rc != PC_OK)
        return rc;
    rc = eng_audit_append(s, who, action, object, detail);
    if (rc == PC_OK)
        rc = geo_store_commit(s);
    if (rc != PC_OK) {
        geo_store_rollback(s);
        pc_log(PC_LOG_ERROR, "audit: cannot record %s: %s", action, pc_rc_str(rc));
    }
    return rc;
}

pc_rc eng_audit_list(geo_store *s, const eng_principal *who, int64_t offset, size_t cap, eng_audit_entry *out,
                     size_t *n_out, int64_t *total)
{
    *n_out = 0;
    *total = 0;
    if (!who || who->role != ENG_ROLE_CITY_ADMIN || who->scope_unit_id != 0)
        return PC_EFORBIDDEN;
    geo_audit_row *rows = cap ? calloc(cap, sizeof *rows) : NULL;
    if (cap && !rows)
        return PC_ENOMEM;
    size_t n = 0;
    pc_rc rc = geo_audit_list(s, offset, cap, rows, &n, total);
    for (size_t i = 0; rc == PC_OK && i < n; i++) {
        eng_audit_entry *e = &out[i];
        const geo_audit_row *r = &rows[i];
        e->id = r->id;
        e->actor_id = r->actor_id;
        memcpy(e->at, r->at, sizeof e->at);
        memcpy(e->actor, r->actor, sizeof e->actor);
        memcpy(e->ip, r->ip, sizeof e->ip);
        memcpy(e->action, r->action, sizeof e->action);
        memcpy(e->object, r->object, sizeof e->object);
        memcpy(e->detail, r->detail, sizeof e->detail);
    }
    if (rc == PC_OK)
        *n_out = n;
    free(rows);
    return rc;
}

typedef struct verify_ctx {
    eng_audit_report *rep;
    uint8_t prev[GEO_AUDIT_HASH_LEN];
    int64_t last_id;
    int bad;
    pc_rc rc;
} verify_ctx;

static int verify_row(void *p, const geo_audit_row *row)
{
    verify_ctx *v = p;
    eng_audit_report *rep = v->rep;
    uint8_t h[GEO_AUDIT_HASH_LEN];
    rep->rows++;
    const char *why = NULL;
    if (row->id != v->last_id + 1)
        why = row->id > v->last_id + 1 ? "rows missing before this one (deleted)" : "row id out of sequence";
    else if (CRYPTO_memcmp(row->prev_hash, v->prev, GEO_AUDIT_HASH_LEN) != 0)
        why = "prev_hash does not match the previous row (a row was deleted, inserted or edited)";
    else if ((v->rc = chain_hash(row, v->prev, h)) != PC_OK)
        return 1;
    else if (CRYPTO_memcmp(h, row->hash, GEO_AUDIT_HASH_LEN) != 0)
        why = "hash does not match the row's content (the row was edited)";
    if (why) {
        rep->bad_id = row->id;
        snprintf(rep->problem, sizeof rep->problem, "row %" PRId64 ": %s", row->id, why);
        v->bad = 1;
        return 1;
    }
    memcpy(v->prev, row->hash, GEO_AUDIT_HASH_LEN);
    v->last_id = row->id;
    return 0;
}

/* Compares the chain's end with the head kept in meta. */
static void check_head(geo_store *s, verify_ctx *v)
{
    char id_txt[32] = "", hex[80] = "", want_id[32];
    pc_rc a = geo_store_meta_get(s, HEAD_ID_KEY, id_txt, sizeof id_txt);
    pc_rc b = geo_store_meta_get(s, HEAD_HASH_KEY, hex, sizeof hex);
    snprintf(want_id, sizeof want_id, "%" PRId64, v->last_id);
    if (v->last_id == 0 && a == PC_ENOTFOUND && b == PC_ENOTFOUND)
        return; /* empty log, never written */
    if (a != PC_OK || b != PC_OK || strcmp(id_txt, want_id) != 0 || strcmp(hex, v->rep->head_hex) != 0) {
        v->bad = 1;
        snprintf(v->rep->problem, sizeof v->rep->problem,
                 "the log ends at row %s but the recorded head is row %s: newest rows were deleted or replaced",
                 want_id, a == PC_OK ? id_txt : "(missing)");
    }
}

pc_rc eng_audit_verify(geo_store *s, eng_audit_report *out)
{
    memset(out, 0, sizeof *out);
    verify_ctx v;
    memset(&v, 0, sizeof v);
    v.rep = out;
    /* one read transaction: a consistent snapshot while the server appends */
    pc_rc rc = geo_store_begin(s);
    if (rc != PC_OK)
        return rc;
    rc = geo_audit_scan(s, 0, verify_row, &v);
    if (rc == PC_OK)
        rc = v.rc;
    to_hex(v.prev, GEO_AUDIT_HASH_LEN, out->head_hex);
    if (rc == PC_OK && !v.bad)
        check_head(s, &v);
    geo_store_rollback(s);
    if (rc == PC_EFORMAT && !v.bad) {
        v.bad = 1;
        snprintf(out->problem, sizeof out->problem, "a row holds a field longer than pccc ever writes");
    }
    if (v.bad)
        return PC_EFORMAT;
    return rc;
}
