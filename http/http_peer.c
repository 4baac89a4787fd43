/* http_peer.c — trusted proxies, X-Forwarded-For, per-IP connection counts.
 *
 * Addresses are kept as 16 bytes, IPv4 as IPv4-mapped IPv6 (::ffff:a.b.c.d),
 * so one comparison serves both families; an IPv4 block a.b.c.d/p is the
 * mapped block with prefix p + 96. The per-IP counts live in an open
 * addressing table (linear probing, backward-shift deletion) of at least
 * four times max_connections slots: libmicrohttpd refuses connections past
 * max_connections before asking us (and at most two daemons run, during a
 * certificate change), so the table stays at most half full. */
#include "http_peer.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pc_progress.h"

typedef struct addr16 {
    uint8_t b[16];
} addr16;

typedef struct cidr {
    addr16 net;
    unsigned prefix; /* bits, 0..128 */
} cidr;

typedef struct slot {
    addr16 key;
    unsigned count; /* 0: empty */
} slot;

#define RATE_SLOTS 4096 /* a power of two */
#define RATE_PROBES 8

typedef struct rate_slot {
    addr16 key;
    double tokens, last_s; /* last_s 0: unused */
} rate_slot;

struct http_peers {
    cidr trusted[HTTP_MAX_TRUSTED_PROXIES];
    size_t n_trusted;
    unsigned max_per_ip;
    pthread_mutex_t lock;
    slot *slots;
    size_t mask; /* number of slots - 1 (a power of two) */
    double rate_per_s, burst; /* new connections per address; 0: no limit */
    rate_slot *rates;         /* RATE_SLOTS, when limited */
};

static void map_v4(const void *v4, addr16 *out)
{
    memset(out->b, 0, 10);
    out->b[10] = out->b[11] = 0xff;
    memcpy(out->b + 12, v4, 4);
}

/* sa as 16 bytes; 0 when it is neither IPv4 nor IPv6. */
static int sa_addr(const struct sockaddr *sa, addr16 *out)
{
    if (!sa)
        return 0;
    if (sa->sa_family == AF_INET) {
        map_v4(&((const struct sockaddr_in *)sa)->sin_addr, out);
        return 1;
    }
    if (sa->sa_family == AF_INET6) {
        memcpy(out->b, &((const struct sockaddr_in6 *)sa)->sin6_addr, 16);
        return 1;
    }
    return 0;
}

/* Parses an address literal; *is_v4 tells the family. 0 on failure. */
static int parse_addr(const char *text, addr16 *out, int *is_v4)
{
    unsigned char buf[16];
    if (inet_pton(AF_INET, text, buf) == 1) {
        map_v4(buf, out);
        *is_v4 = 1;
        return 1;
    }
    if (inet_pton(AF_INET6, text, buf) == 1) {
        memcpy(out->b, buf, 16);
        *is_v4 = 0;
        return 1;
    }
    return 0;
}

static void addr_text(const addr16 *a, char *out, size_t out_len)
{
    static const uint8_t v4map[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
    if (memcmp(a->b, v4map, 12) == 0)
        inet_ntop(AF_INET, a->b + 12, out, (socklen_t)out_len);
    else
        inet_ntop(AF_INET6, a->b, out, (socklen_t)out_len);
}

/* "ADDR" or "ADDR/PREFIX" into *c; 0 on failure. */
static int parse_cidr(const char *text, cidr *c)
{
    char buf[HTTP_ADDR_MAX];
    const char *slash = strchr(text, '/');
    size_t len = slash ? (size_t)(slash - text) : strlen(text);
    int is_v4 = 0;
    if (len == 0 || len >= sizeof buf)
        return 0;
    memcpy(buf, text, len);
    buf[len] = '\0';
    if (!parse_addr(buf, &c->net, &is_v4))
        return 0;
    unsigned max = is_v4 ? 32 : 128, prefix = max;
    if (slash) {
        char *end = NULL;
        unsigned long v = strtoul(slash + 1, &end, 10);
        if (!slash[1] || *end || v > max)
            return 0;
        prefix = (unsigned)v;
    }
    c->prefix = is_v4 ? prefix + 96 : prefix;
    return 1;
}

static int cidr_has(const cidr *c, const addr16 *a)
{
    unsigned full = c->prefix / 8, rest = c->prefix % 8;
    if (memcmp(c->net.b, a->b, full) != 0)
        return 0;
    if (!rest)
        return 1;
    uint8_t m = (uint8_t)(0xffu << (8 - rest));
    return (c->net.b[full] & m) == (a->b[full] & m);
}

static int trusted(const http_peers *p, const addr16 *a)
{
    for (size_t i = 0; i < p->n_trusted; i++)
        if (cidr_has(&p->trusted[i], a))
            return 1;
    return 0;
}

pc_rc http_peers_create(const char *const *trusted_list, size_t n_trusted, unsigned max_per_ip,
                        unsigned max_connections, http_peers **out, char *err, size_t err_len)
{
    *out = NULL;
    if (n_trusted > HTTP_MAX_TRUSTED_PROXIES) {
        snprintf(err, err_len, "at most %d trusted proxies", HTTP_MAX_TRUSTED_PROXIES);
        return PC_EINVAL;
    }
    http_peers *p = calloc(1, sizeof *p);
    if (!p)
        return PC_ENOMEM;
    for (size_t i = 0; i < n_trusted; i++) {
        if (!parse_cidr(trusted_list[i], &p->trusted[i])) {
            snprintf(err, err_len, "bad trusted proxy '%s' (an IPv4 or IPv6 address, optionally /PREFIX)",
                     trusted_list[i]);
            free(p);
            return PC_EINVAL;
        }
    }
    p->n_trusted = n_trusted;
    p->max_per_ip = max_per_ip;
    size_t n = 64;
    while (n < 4 * (size_t)max_connections) /* two daemons for a while after a certificate change */
        n *= 2;
    p->mask = n - 1;
    if (!(p->slots = calloc(n, sizeof *p->slots))) {
        free(p);
        return PC_ENOMEM;
    }
    pthread_mutex_init(&p->lock, NULL);
    *out = p;
    return PC_OK;
}

void http_peers_destroy(http_peers *p)
{
    if (!p)
        return;
    pthread_mutex_destroy(&p->lock);
    free(p->slots);
    free(p->rates);
    free(p);
}

int http_peers_trusted(const http_peers *p, const struct sockaddr *sa)
{
    addr16 a;
    return sa_addr(sa, &a) && trusted(p, &a);
}

static size_t hash(const addr16 *a)
{
    uint64_t h = 1469598103934665603ull; /* FNV-1a */
    for (size_t i = 0; i < 16; i++)
        h = (h ^ a->b[i]) * 1099511628211ull;
    return (size_t)h;
}

/* The slot holding a, or the empty slot where it would go; NULL when the
 * table is full (cannot happen at its size, but never loop). Caller holds
 * the lock. */
static slot *slot_find(http_peers *p, const addr16 *a)
{
    size_t i = hash(a) & p->mask;
    for (size_t n = 0; n <= p->mask; n++, i = (i + 1) & p->mask)
        if (!p->slots[i].count || memcmp(p->slots[i].key.b, a->b, 16) == 0)
            return &p->slots[i];
    return NULL;
}

/* Empties slot i and shifts later members of its probe run back into the hole. */
static void slot_delete(http_peers *p, size_t i)
{
    size_t j = i;
    for (;;) {
        p->slots[i].count = 0;
        for (;;) {
            j = (j + 1) & p->mask;
            if (!p->slots[j].count)
                return;
            size_t home = hash(&p->slots[j].key) & p->mask;
            /* j may move to i unless its home lies cyclically in (i, j] */
            if (i <= j ? (home <= i || home > j) : (home <= i && home > j))
                break;
        }
        p->slots[i] = p->slots[j];
        i = j;
    }
}

pc_rc http_peers_set_rate(http_peers *p, unsigned per_s)
{
    if (per_s && !p->rates && !(p->rates = calloc(RATE_SLOTS, sizeof *p->rates)))
        return PC_ENOMEM;
    p->rate_per_s = per_s;
    /* a client may always open its max_per_ip connections at once (a load
     * generator, a browser after a restart), then per_s a second */
    p->burst = 2.0 * per_s > p->max_per_ip ? 2.0 * per_s : (double)p->max_per_ip;
    return PC_OK;
}

/* Takes one token of a's bucket; 0 when it is empty. Caller holds the lock. */
static int rate_take(http_peers *p, const addr16 *a, double now_s)
{
    size_t h = hash(a);
    rate_slot *r = NULL, *victim = NULL;
    for (size_t i = 0; i < RATE_PROBES && !r; i++) {
        rate_slot *x = &p->rates[(h + i) & (RATE_SLOTS - 1)];
        if (x->last_s > 0 && memcmp(x->key.b, a->b, 16) == 0)
            r = x;
        else if (!victim || x->last_s < victim->last_s)
            victim = x; /* unused slots (0) first, then the stalest */
    }
    if (!r) {
        r = victim;
        r->key = *a;
        r->tokens = p->burst;
        r->last_s = now_s;
    }
    r->tokens += (now_s - r->last_s) * p->rate_per_s;
    if (r->tokens > p->burst)
        r->tokens = p->burst;
    r->last_s = now_s > 0 ? now_s : 1e-9;
    if (r->tokens < 1.0)
        return 0;
    r->tokens -= 1.0;
    return 1;
}

int http_peers_admit_at(http_peers *p, const struct sockaddr *sa, double now_s)
{
    addr16 a;
    if (!sa_addr(sa, &a) || trusted(p, &a))
        return 1;
    pthread_mutex_lock(&p->lock);
    slot *s = slot_find(p, &a);
    int ok = s && s->count < p->max_per_ip && (!p->rates || !p->rate_per_s || rate_take(p, &a, now_s));
    pthread_mutex_unlock(&p->lock);
    return ok;
}

int http_peers_admit(http_peers *p, const struct sockaddr *sa) { return http_peers_admit_at(p, sa, pc_now_s()); }

int http_peers_opened(http_peers *p, const struct sockaddr *sa)
{
    addr16 a;
    if (!sa_addr(sa, &a) || trusted(p, &a))
        return 0;
    pthread_mutex_lock(&p->lock);
    slot *s = slot_find(p, &a);
    if (s) {
        s->key = a;
        s->count++;
    }
    pthread_mutex_unlock(&p->lock);
    return s != NULL;
}

void http_peers_closed(http_peers *p, const struct sockaddr *sa)
{
    addr16 a;
    if (!sa_addr(sa, &a))
        return;
    pthread_mutex_lock(&p->lock);
    slot *s = slot_find(p, &a);
    if (s && s->count && --s->count == 0)
        slot_delete(p, (size_t)(s - p->slots));
    pthread_mutex_unlock(&p->lock);
}

void http_addr_text(const struct sockaddr *sa, char *out, size_t out_len)
{
    addr16 a;
    out[0] = '\0';
    if (sa_addr(sa, &a))
        addr_text(&a, out, out_len);
}

/* The last comma-separated entry of xff[0..end), trimmed, into buf; *start
 * gets where it began. 0 when it is empty or too long. */
static int last_entry(const char *xff, size_t end, char *buf, size_t buf_len, size_t *start)
{
    size_t b = end;
    while (b > 0 && xff[b - 1] != ',')
        b--;
    *start = b;
    size_t s = b, e = end;
    while (s < e && (xff[s] == ' ' || xff[s] == '\t'))
        s++;
    while (e > s && (xff[e - 1] == ' ' || xff[e - 1] == '\t'))
        e--;
    if (s == e || e - s >= buf_len)
        return 0;
    memcpy(buf, xff + s, e - s);
    buf[e - s] = '\0';
    return 1;
}

int http_peers_client(const http_peers *p, const struct sockaddr *peer, const char *xff, char *client,
                      size_t out_len)
{
    addr16 a, found;
    int have = 0;
    http_addr_text(peer, client, out_len);
    if (!xff || !sa_addr(peer, &a) || !trusted(p, &a))
        return 0;
    size_t end = strlen(xff);
    /* right to left; a bounded number of hops */
    for (int hops = 0; end > 0 && hops < 32; hops++) {
        char entry[HTTP_ADDR_MAX];
        size_t start = 0;
        int is_v4 = 0;
        if (!last_entry(xff, end, entry, sizeof entry, &start) || !parse_addr(entry, &a, &is_v4))
            break;
        found = a;
        have = 1;
        if (!trusted(p, &a))
            break;
        end = start ? start - 1 : 0;
    }
    if (!have)
        return 0;
    addr_text(&found, client, out_len);
    return 1;
}
