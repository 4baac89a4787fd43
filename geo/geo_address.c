/* geo_address.c — the Vietnamese address parser (geo_address.h).
 *
 * How it works: the text is folded (no diacritics, lower case), cut into
 * tokens (words, numbers such as "5a", "40-42" or "5/12/34", and separators
 * for commas), then read left to right by a small state machine. A keyword
 * either waits for a number (số, ngõ, ngách, ng.) or opens a name (phố,
 * phường, quận ...); the first word after a name keyword always belongs to
 * the name, so "phố Xã Đàn" or "phường Phương Liệt" read right. A name runs
 * until a separator, a number or the next keyword. Words with no keyword
 * before them become free names. Anything that fits nowhere is counted in
 * n_ignored so that the geocoder can lower its confidence. */
#include "geo_address.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "geo_text.h"

#define MAX_TOKENS 128
#define TOK_LEN 48

enum { K_NONE, K_NUMBER, K_NGO, K_NGACH, K_NG, K_STREET, K_WARD, K_DISTRICT, K_CITY, K_DROP };
enum { T_NONE, T_STREET, T_WARD, T_DISTRICT, T_CITY, T_FREE, T_ALLEY };
enum { NEED_NUM = 1, NEED_DOT = 2 }; /* when a short word counts as a keyword */

typedef struct tok {
    char s[TOK_LEN];
    int dot; /* followed by '.' */
    int sep; /* a separator (comma ...) */
} tok;

typedef struct kw {
    const char *w1, *w2;
    int kind;
    int need;
    const char *norm; /* the kind word kept in the result */
} kw;

static const kw KEYWORDS[] = {
    {"so", "nha", K_NUMBER, 0, "so"},        {"nha", "so", K_NUMBER, 0, "so"},
    {"so", NULL, K_NUMBER, 0, "so"},         {"sn", NULL, K_NUMBER, 0, "so"},
    {"nha", NULL, K_NUMBER, NEED_NUM, "so"}, {"no", NULL, K_NUMBER, NEED_NUM, "so"},
    {"ngach", NULL, K_NGACH, 0, "ngach"},    {"ngh", NULL, K_NGACH, 0, "ngach"},
    {"ngo", NULL, K_NGO, 0, "ngo"},          {"hem", NULL, K_NGO, 0, "hem"},
    {"kiet", NULL, K_NGO, 0, "kiet"},        {"ng", NULL, K_NG, 0, "ng"},
    {"pho", NULL, K_STREET, 0, "pho"},       {"duong", NULL, K_STREET, 0, "duong"},
    {"d", NULL, K_STREET, NEED_DOT, "duong"}, {"dg", NULL, K_STREET, NEED_DOT, "duong"},
    {"thi", "tran", K_WARD, 0, "thi tran"},  {"phuong", NULL, K_WARD, 0, "phuong"},
    {"xa", NULL, K_WARD, 0, "xa"},           {"p", NULL, K_WARD, 0, "phuong"},
    {"ph", NULL, K_WARD, NEED_DOT, "phuong"}, {"f", NULL, K_WARD, NEED_DOT, "phuong"},
    {"tt", NULL, K_WARD, 0, "thi tran"},     {"thi", "xa", K_DISTRICT, 0, "thi xa"},
    {"quan", NULL, K_DISTRICT, 0, "quan"},   {"huyen", NULL, K_DISTRICT, 0, "huyen"},
    {"q", NULL, K_DISTRICT, 0, "quan"},      {"h", NULL, K_DISTRICT, NEED_DOT, "huyen"},
    {"tx", NULL, K_DISTRICT, 0, "thi xa"},   {"thanh", "pho", K_CITY, 0, "tp"},
    {"tp", NULL, K_CITY, 0, "tp"},           {"tinh", NULL, K_CITY, 0, "tp"},
    {"ha", "noi", K_DROP, 0, ""},            {"hanoi", NULL, K_DROP, 0, ""},
    {"hn", NULL, K_DROP, 0, ""},             {"viet", "nam", K_DROP, 0, ""},
    {"vietnam", NULL, K_DROP, 0, ""},        {"vn", NULL, K_DROP, 0, ""},
};

static int is_num(const char *s) { return isdigit((unsigned char)s[0]); }

static void copy(char *dst, size_t n, const char *src)
{
    size_t l = strlen(src);
    if (l >= n)
        l = n - 1;
    memcpy(dst, src, l);
    dst[l] = '\0';
}

/* --- tokens ------------------------------------------------------------ */

typedef struct toks {
    tok t[MAX_TOKENS];
    int n;
    int overflow;
} toks;

static tok *tok_new(toks *ts)
{
    if (ts->n >= MAX_TOKENS) {
        ts->overflow = 1;
        return NULL;
    }
    tok *t = &ts->t[ts->n++];
    memset(t, 0, sizeof *t);
    return t;
}

/* Splits "ngo34", "so5", "p12" into keyword and number. */
static void split_glued(toks *ts, tok *t)
{
    size_t i = 0;
    while (isalpha((unsigned char)t->s[i]))
        i++;
    if (i == 0 || !isdigit((unsigned char)t->s[i]))
        return;
    static const char *const glue[] = {"so", "sn", "ngo", "ngach", "hem", "kiet", "ng", "ngh", "p", "q", "f", "no"};
    for (size_t g = 0; g < sizeof glue / sizeof glue[0]; g++) {
        if (strlen(glue[g]) == i && strncmp(t->s, glue[g], i) == 0) {
            tok *n = tok_new(ts);
            if (!n)
                return;
            t = &ts->t[ts->n - 2]; /* t may not move, but be explicit */
            copy(n->s, sizeof n->s, t->s + i);
            n->dot = t->dot;
            t->s[i] = '\0';
            t->dot = 0;
            return;
        }
    }
}

static void tokenize(const char *f, toks *ts)
{
    char cur[TOK_LEN];
    size_t len = 0;
    int last_sep = 1;
    for (const char *p = f;; p++) {
        unsigned char c = (unsigned char)*p;
        int word = isalnum(c) || ((c == '/' || c == '-') && len > 0 && isdigit((unsigned char)cur[0]) &&
                                  isalnum((unsigned char)p[1]));
        if (word) {
            if (len + 1 < sizeof cur)
                cur[len++] = (char)c;
            continue;
        }
        if (len > 0) {
            tok *t = tok_new(ts);
            if (!t)
                return;
            cur[len] = '\0';
            copy(t->s, sizeof t->s, cur);
            t->dot = c == '.';
            len = 0;
            last_sep = 0;
            split_glued(ts, t);
        }
        if (c == '\0')
            return;
        if ((c == ',' || c == ';' || c == '(' || c == ')' || c == '\n' || c == '|') && !last_sep) {
            tok *t = tok_new(ts);
            if (!t)
                return;
            t->sep = 1;
            last_sep = 1;
        }
    }
}

/* The keyword at token i (1 or 2 tokens long), or NULL. */
static const kw *keyword_at(const toks *ts, int i, int *len)
{
    const tok *t = &ts->t[i], *next = i + 1 < ts->n ? &ts->t[i + 1] : NULL;
    for (size_t k = 0; k < sizeof KEYWORDS / sizeof KEYWORDS[0]; k++) {
        const kw *w = &KEYWORDS[k];
        if (strcmp(t->s, w->w1) != 0)
            continue;
        if (w->w2) {
            if (next && !next->sep && !t->dot && strcmp(next->s, w->w2) == 0) {
                *len = 2;
                return w;
            }
            continue;
        }
        int num_next = next && !next->sep && is_num(next->s);
        if ((w->need & NEED_NUM) && !num_next)
            continue;
        if ((w->need & NEED_DOT) && !t->dot && !num_next)
            continue;
        /* a name keyword needs something after it */
        if (w->kind >= K_STREET && w->kind <= K_CITY && (!next || next->sep))
            continue;
        *len = 1;
        return w;
    }
    return NULL;
}

/* --- the state machine ------------------------------------------------- */

typedef struct pstate {
    geo_address *a;
    int target;
    int forced; /* the next word belongs to the name even if it is a keyword */
    const char *kind;
    int pending; /* a number keyword waiting for its number */
    char name[GEO_ADDR_NAME_LEN];
    char amb[2][GEO_ADDR_NUM_LEN]; /* numbers after "ng." */
    char ngach_chain[TOK_LEN];      /* "ngách 34/12", resolved at the end */
    int n_amb;
} pstate;

static void add_free(pstate *st, const char *kind, const char *name)
{
    geo_address *a = st->a;
    if (a->n_free >= GEO_ADDR_MAX_FREE) {
        a->n_ignored++;
        return;
    }
    char *dst = a->free[a->n_free++];
    if (kind && *kind) {
        copy(dst, GEO_ADDR_NAME_LEN, kind);
        size_t l = strlen(dst);
        if (l + 1 < GEO_ADDR_NAME_LEN) {
            dst[l] = ' ';
            copy(dst + l + 1, GEO_ADDR_NAME_LEN - l - 1, name);
        }
    } else {
        copy(dst, GEO_ADDR_NAME_LEN, name);
    }
}

static void set_named(pstate *st, char *field, char *kind_field, size_t kind_len)
{
    if (*field) {
        add_free(st, st->kind, st->name);
        return;
    }
    copy(field, GEO_ADDR_NAME_LEN, st->name);
    copy(kind_field, kind_len, st->kind ? st->kind : "");
}

static void flush(pstate *st)
{
    geo_address *a = st->a;
    if (st->name[0]) {
        switch (st->target) {
        case T_STREET: set_named(st, a->street, a->street_kind, sizeof a->street_kind); break;
        case T_WARD: set_named(st, a->ward, a->ward_kind, sizeof a->ward_kind); break;
        case T_DISTRICT: set_named(st, a->district, a->district_kind, sizeof a->district_kind); break;
        case T_ALLEY:
            st->kind = "";
            set_named(st, a->street, a->street_kind, sizeof a->street_kind);
            break;
        case T_CITY: break;
        default: add_free(st, NULL, st->name); break;
        }
    }
    st->target = T_NONE;
    st->name[0] = '\0';
    st->forced = 0;
    st->kind = NULL;
}

static void append_word(pstate *st, const char *w)
{
    size_t l = strlen(st->name), wl = strlen(w);
    if (l + wl + 2 > sizeof st->name) {
        st->a->n_ignored++;
        return;
    }
    if (l)
        st->name[l++] = ' ';
    memcpy(st->name + l, w, wl + 1);
}

/* Splits a number chain "a/b/c" into at most 8 parts (in place). */
static int split_chain(char *s, char *parts[8])
{
    int n = 0;
    for (char *p = strtok(s, "/"); p && n < 8; p = strtok(NULL, "/"))
        parts[n++] = p;
    return n;
}

static void put(char *field, const char *v, int *ignored)
{
    if (!*field)
        copy(field, GEO_ADDR_NUM_LEN, v);
    else if (strcmp(field, v) != 0)
        (*ignored)++;
}

/* A house number, bare or after số: "5", "5/34", "5/12/34". */
static void set_number(pstate *st, const char *s)
{
    geo_address *a = st->a;
    char buf[TOK_LEN], *p[8];
    copy(buf, sizeof buf, s);
    int n = split_chain(buf, p);
    if (n == 1) {
        if (!a->number[0])
            copy(a->number, sizeof a->number, p[0]);
        else if (strlen(p[0]) < 5) /* longer ones are postcodes */
            a->n_ignored++;
        return;
    }
    if (a->number[0] || n == 0) {
        a->n_ignored++;
        return;
    }
    copy(a->number, sizeof a->number, p[0]);
    put(a->ngo, p[n - 1], &a->n_ignored);
    if (n >= 3)
        put(a->ngach, p[1], &a->n_ignored);
    if (n > 3)
        a->n_ignored++;
    a->has_alt = 1;
    copy(a->alt_ngo, sizeof a->alt_ngo, p[0]);
    copy(a->alt_number, sizeof a->alt_number, p[n - 1]);
    if (n >= 3)
        copy(a->alt_ngach, sizeof a->alt_ngach, p[1]);
}

/* "ngõ 34" or "ngõ 34/12" (ngách 12 of ngõ 34). */
static void set_ngo(pstate *st, const char *s)
{
    geo_address *a = st->a;
    char buf[TOK_LEN], *p[8];
    copy(buf, sizeof buf, s);
    int n = split_chain(buf, p);
    if (n == 0)
        return;
    put(a->ngo, p[0], &a->n_ignored);
    if (n >= 2)
        put(a->ngach, p[1], &a->n_ignored);
    if (n > 2)
        a->n_ignored++;
}

/* "ngách 12", or "ngách 34/12": ngách 12 of ngõ 34. A chain waits for the
 * end (resolve_deferred), since the ngõ may be named after it: in "ngách
 * 12/34 ngõ 34" the part equal to the ngõ is the ngõ. */
static void set_ngach(pstate *st, const char *s)
{
    if (!strchr(s, '/'))
        put(st->a->ngach, s, &st->a->n_ignored);
    else if (!st->ngach_chain[0])
        copy(st->ngach_chain, sizeof st->ngach_chain, s);
    else
        st->a->n_ignored++;
}

static void resolve_ngach_chain(pstate *st)
{
    geo_address *a = st->a;
    char *p[8];
    int n = st->ngach_chain[0] ? split_chain(st->ngach_chain, p) : 0;
    if (n < 2)
        return;
    if (a->ngo[0] && strcmp(a->ngo, p[1]) == 0) {
        put(a->ngach, p[0], &a->n_ignored);
    } else {
        put(a->ngo, p[0], &a->n_ignored);
        put(a->ngach, p[1], &a->n_ignored);
    }
    if (n > 2)
        a->n_ignored++;
}

static void on_number(pstate *st, const char *s)
{
    if ((st->target == T_WARD || st->target == T_DISTRICT) && !st->name[0]) {
        copy(st->name, sizeof st->name, s); /* "phường 12", "quận 3" */
        flush(st);
        return;
    }
    flush(st);
    switch (st->pending) {
    case K_NGO: set_ngo(st, s); break;
    case K_NGACH: set_ngach(st, s); break;
    case K_NG:
        if (st->n_amb < 2)
            copy(st->amb[st->n_amb++], GEO_ADDR_NUM_LEN, s);
        else
            st->a->n_ignored++;
        break;
    default: set_number(st, s); break;
    }
    st->pending = K_NONE;
}

/* A keyword at token i; returns the number of tokens it used. */
static int on_keyword(pstate *st, const toks *ts, int i, const kw *w, int len)
{
    flush(st);
    st->pending = K_NONE;
    const tok *next = i + len < ts->n ? &ts->t[i + len] : NULL;
    switch (w->kind) {
    case K_NUMBER: st->pending = K_NUMBER; break;
    case K_NGO:
    case K_NGACH:
    case K_NG:
        if (next && !next->sep && !is_num(next->s)) { /* a named alley: "ngõ Thông Phong" */
            st->target = T_ALLEY;
            append_word(st, "ngo");
            st->forced = 1;
        } else {
            st->pending = w->kind;
        }
        break;
    case K_STREET: st->target = T_STREET; break;
    case K_WARD: st->target = T_WARD; break;
    case K_DISTRICT: st->target = T_DISTRICT; break;
    case K_CITY: st->target = T_CITY; break;
    default: break;
    }
    if (w->kind >= K_STREET && w->kind <= K_CITY) {
        st->forced = 1;
        st->kind = w->norm;
    }
    return len;
}

static void resolve_ambiguous(pstate *st)
{
    geo_address *a = st->a;
    if (st->n_amb == 2) {
        put(a->ngach, st->amb[0], &a->n_ignored);
        put(a->ngo, st->amb[1], &a->n_ignored);
    } else if (st->n_amb == 1) {
        if (!a->ngo[0])
            copy(a->ngo, sizeof a->ngo, st->amb[0]);
        else
            put(a->ngach, st->amb[0], &a->n_ignored);
    }
}

pc_rc geo_address_parse(const char *text, geo_address *out)
{
    memset(out, 0, sizeof *out);
    if (!text)
        return PC_EINVAL;
    size_t len = strlen(text);
    if (len > GEO_ADDRESS_MAX_LEN)
        return PC_ELIMIT;
    char folded[GEO_ADDRESS_MAX_LEN + 1];
    pc_rc rc = geo_text_fold(text, folded, sizeof folded);
    if (rc != PC_OK)
        return rc == PC_ELIMIT ? PC_ELIMIT : PC_EINVAL;
    toks *ts = calloc(1, sizeof *ts);
    if (!ts)
        return PC_ENOMEM;
    tokenize(folded, ts);
    pstate st = {.a = out};
    for (int i = 0; i < ts->n && !ts->overflow; i++) {
        const tok *t = &ts->t[i];
        int klen = 0;
        const kw *w = NULL;
        if (t->sep) {
            flush(&st);
            if (st.pending)
                out->n_ignored++;
            st.pending = K_NONE;
        } else if (is_num(t->s)) {
            on_number(&st, t->s);
        } else if (!st.forced && (w = keyword_at(ts, i, &klen)) != NULL) {
            i += on_keyword(&st, ts, i, w, klen) - 1;
        } else {
            if (st.pending) {
                out->n_ignored++;
                st.pending = K_NONE;
            }
            if (st.target == T_NONE)
                st.target = T_FREE;
            append_word(&st, t->s);
            st.forced = 0;
        }
    }
    flush(&st);
    resolve_ambiguous(&st);
    resolve_ngach_chain(&st);
    rc = ts->overflow ? PC_ELIMIT : PC_OK;
    free(ts);
    if (rc == PC_OK && !out->number[0] && !out->ngo[0] && !out->ngach[0] && !out->street[0] && !out->ward[0] &&
        !out->district[0] && out->n_free == 0)
        rc = PC_EINVAL;
    if (rc != PC_OK)
        memset(out, 0, sizeof *out);
    return rc;
}

/* --- helpers for the geocoder ------------------------------------------ */

void geo_address_name_key(const char *folded, char *out, size_t out_len)
{
    size_t n = 0;
    int space = 0;
    if (out_len == 0)
        return;
    for (const unsigned char *p = (const unsigned char *)folded; *p; p++) {
        if (isalnum(*p)) {
            if (space && n > 0 && n + 1 < out_len)
                out[n++] = ' ';
            space = 0;
            if (n + 1 < out_len)
                out[n++] = (char)tolower(*p);
        } else {
            space = 1;
        }
    }
    out[n] = '\0';
}

/* Leading digits of s as a number (-1 if none); *rest points after them. */
static long lead_num(const char *s, const char **rest)
{
    char *end;
    if (!isdigit((unsigned char)*s)) {
        *rest = s;
        return -1;
    }
    long v = strtol(s, &end, 10);
    *rest = end;
    return v;
}

int geo_address_number_match(const char *q, const char *rec)
{
    if (!q || !rec || !*q || !*rec)
        return 0;
    if (strcmp(q, rec) == 0)
        return 100;
    const char *qr;
    long qv = lead_num(q, &qr);
    /* a list or range: "40-42", "56-58-60", "17,19" */
    if (strpbrk(rec, "-,&; ")) {
        char buf[64], *save = NULL;
        copy(buf, sizeof buf, rec);
        long lo = -1, hi = -1;
        for (char *p = strtok_r(buf, "-,&; ", &save); p; p = strtok_r(NULL, "-,&; ", &save)) {
            if (strcmp(p, q) == 0)
                return 90;
            const char *r;
            long v = lead_num(p, &r);
            if (v >= 0 && (lo < 0 || v < lo))
                lo = v;
            if (v > hi)
                hi = v;
        }
        if (qv >= 0 && !*qr && lo >= 0 && qv >= lo && qv <= hi && strchr(rec, '-'))
            return 90;
    }
    const char *rr;
    long rv = lead_num(rec, &rr);
    if (qv >= 0 && qv == rv && (isalpha((unsigned char)*qr) || isalpha((unsigned char)*rr)))
        return 60;
    return 0;
}

int geo_address_edit_distance(const char *a, const char *b, int max)
{
    size_t la = strlen(a), lb = strlen(b);
    if (la > 127 || lb > 127)
        return max + 1;
    if ((la > lb ? la - lb : lb - la) > (size_t)max)
        return max + 1;
    int prev[128], cur[128];
    for (size_t j = 0; j <= lb; j++)
        prev[j] = (int)j;
    for (size_t i = 1; i <= la; i++) {
        cur[0] = (int)i;
        int best = cur[0];
        for (size_t j = 1; j <= lb; j++) {
            int sub = prev[j - 1] + (a[i - 1] != b[j - 1]);
            int del = prev[j] + 1, ins = cur[j - 1] + 1;
            cur[j] = sub < del ? (sub < ins ? sub : ins) : (del < ins ? del : ins);
            if (cur[j] < best)
                best = cur[j];
        }
        if (best > max)
            return max + 1;
        memcpy(prev, cur, (lb + 1) * sizeof prev[0]);
    }
    return prev[lb] > max ? max + 1 : prev[lb];
}
