/* test_http_peer.c — trusted proxies, X-Forwarded-For and the per-IP
 * connection table (http/http_peer.c).
 *
 * The table is checked against a plain array of counts through thousands of
 * random opens and closes over addresses chosen to collide (a small table,
 * many addresses), so backward-shift deletion is exercised on long probe
 * runs; X-Forwarded-For against hand-written expectations. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>

#include "http_peer.h"

static struct sockaddr_in v4(const char *text)
{
    struct sockaddr_in sa;
    memset(&sa, 0, sizeof sa);
    sa.sin_family = AF_INET;
    assert_int_equal(inet_pton(AF_INET, text, &sa.sin_addr), 1);
    return sa;
}

static struct sockaddr_in6 v6(const char *text)
{
    struct sockaddr_in6 sa;
    memset(&sa, 0, sizeof sa);
    sa.sin6_family = AF_INET6;
    assert_int_equal(inet_pton(AF_INET6, text, &sa.sin6_addr), 1);
    return sa;
}

#define SA(x) ((const struct sockaddr *)&(x))

static void test_bad_trusted(void **state)
{
    (void)state;
    http_peers *p = NULL;
    char err[128] = "";
    const char *bad[] = {"127.0.0.1/33", "10.0.0.0/", "300.1.1.1", "::1/129", "", "a.b.c.d", "1.2.3.4/8x"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        assert_int_equal(http_peers_create(&bad[i], 1, 4, 16, &p, err, sizeof err), PC_EINVAL);
        assert_null(p);
        assert_non_null(strstr(err, "bad trusted proxy"));
    }
}

static void test_trusted_blocks(void **state)
{
    (void)state;
    const char *t[] = {"127.0.0.1", "10.20.0.0/15", "fd00::/8"};
    http_peers *p = NULL;
    char err[128];
    assert_int_equal(http_peers_create(t, 3, 4, 16, &p, err, sizeof err), PC_OK);
    struct sockaddr_in a = v4("127.0.0.1"), b = v4("127.0.0.2"), c = v4("10.21.255.255"), d = v4("10.22.0.0");
    struct sockaddr_in6 e = v6("fd12::1"), f = v6("fe80::1"), g = v6("::ffff:127.0.0.1");
    assert_true(http_peers_trusted(p, SA(a)));
    assert_false(http_peers_trusted(p, SA(b)));
    assert_true(http_peers_trusted(p, SA(c)));
    assert_false(http_peers_trusted(p, SA(d)));
    assert_true(http_peers_trusted(p, SA(e)));
    assert_false(http_peers_trusted(p, SA(f)));
    assert_true(http_peers_trusted(p, SA(g))); /* IPv4-mapped is the same address */
    http_peers_destroy(p);
}

static void test_forwarded_for(void **state)
{
    (void)state;
    const char *t[] = {"127.0.0.1", "10.0.0.0/8"};
    http_peers *p = NULL;
    char err[128], ip[HTTP_ADDR_MAX];
    assert_int_equal(http_peers_create(t, 2, 4, 16, &p, err, sizeof err), PC_OK);
    struct sockaddr_in proxy = v4("127.0.0.1"), stranger = v4("192.0.2.7");
    static const struct {
        const char *xff, *want;
        int forwarded;
    } cases[] = {
        {NULL, "127.0.0.1", 0},
        {"198.51.100.4", "198.51.100.4", 1},
        {" 198.51.100.4 ", "198.51.100.4", 1},
        {"6.6.6.6, 198.51.100.4", "198.51.100.4", 1},     /* the client's forgery is to the left */
        {"6.6.6.6, 198.51.100.4, 10.1.1.1", "198.51.100.4", 1}, /* a trusted hop is skipped */
        {"10.1.1.2,10.1.1.1", "10.1.1.2", 1},             /* all trusted: the left-most */
        {"2001:db8::1", "2001:db8::1", 1},
        {"junk", "127.0.0.1", 0},                          /* malformed: the peer stands */
        {"198.51.100.4, junk", "127.0.0.1", 0},
        {"junk, 198.51.100.4", "198.51.100.4", 1},         /* the walk stops at the first untrusted */
        {"junk, 10.1.1.1", "10.1.1.1", 1},                 /* ... or at a malformed entry */
        {"198.51.100.4:80", "127.0.0.1", 0},               /* ports are not addresses */
        {"", "127.0.0.1", 0},
        {",", "127.0.0.1", 0},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        int fwd = http_peers_client(p, SA(proxy), cases[i].xff, ip, sizeof ip);
        assert_int_equal(fwd, cases[i].forwarded);
        assert_string_equal(ip, cases[i].want);
    }
    /* from an untrusted peer the header is never read */
    assert_int_equal(http_peers_client(p, SA(stranger), "198.51.100.4", ip, sizeof ip), 0);
    assert_string_equal(ip, "192.0.2.7");
    http_peers_destroy(p);
}

/* Random opens and closes against a reference array; the table is small
 * (64 slots), the addresses many, so probe runs are long and wrap around. */
static void test_counts(void **state)
{
    (void)state;
    enum { N_ADDR = 40, LIMIT = 3, STEPS = 20000 };
    const char *t[] = {"127.0.0.1"};
    http_peers *p = NULL;
    char err[128];
    assert_int_equal(http_peers_create(t, 1, LIMIT, 8, &p, err, sizeof err), PC_OK);
    struct sockaddr_in addr[N_ADDR];
    unsigned count[N_ADDR] = {0};
    for (int i = 0; i < N_ADDR; i++) {
        addr[i] = v4("198.51.100.0");
        addr[i].sin_addr.s_addr = htonl(ntohl(addr[i].sin_addr.s_addr) + (uint32_t)i * 7919u);
    }
    srand(7);
    size_t live = 0;
    for (int step = 0; step < STEPS; step++) {
        int i = rand() % N_ADDR;
        /* the table has its minimum of 64 slots: 40 addresses fill most of it */
        if ((rand() & 1) && live < 32) {
            int admit = http_peers_admit(p, SA(addr[i]));
            assert_int_equal(admit, count[i] < LIMIT);
            if (admit) {
                assert_int_equal(http_peers_opened(p, SA(addr[i])), 1);
                count[i]++, live++;
            }
        } else if (count[i]) {
            http_peers_closed(p, SA(addr[i]));
            count[i]--, live--;
        }
        if (step % 997 == 0) /* every address agrees with the reference */
            for (int k = 0; k < N_ADDR; k++)
                assert_int_equal(http_peers_admit(p, SA(addr[k])), count[k] < LIMIT);
    }
    /* the trusted proxy is never counted nor refused */
    struct sockaddr_in proxy = v4("127.0.0.1");
    for (int k = 0; k < 10; k++) {
        assert_true(http_peers_admit(p, SA(proxy)));
        assert_int_equal(http_peers_opened(p, SA(proxy)), 0);
    }
    http_peers_destroy(p);
}

/* More distinct addresses than slots (never happens in the server, whose
 * table is four times its connection limit): refused, counted as not
 * opened, and no endless probing. */
static void test_full_table(void **state)
{
    (void)state;
    http_peers *p = NULL;
    char err[128];
    assert_int_equal(http_peers_create(NULL, 0, 2, 1, &p, err, sizeof err), PC_OK);
    struct sockaddr_in a = v4("198.51.100.1");
    int opened = 0;
    for (uint32_t i = 0; i < 100; i++) {
        a.sin_addr.s_addr = htonl(0xc6336400u + i);
        opened += http_peers_opened(p, SA(a));
    }
    assert_int_equal(opened, 64); /* the minimum table */
    a.sin_addr.s_addr = htonl(0xc6336400u + 99);
    assert_false(http_peers_admit(p, SA(a)));
    http_peers_closed(p, SA(a)); /* never counted: no effect */
    a.sin_addr.s_addr = htonl(0xc6336400u + 0);
    assert_true(http_peers_admit(p, SA(a))); /* one of 2 used */
    http_peers_closed(p, SA(a));
    a.sin_addr.s_addr = htonl(0xc6336400u + 99);
    assert_true(http_peers_admit(p, SA(a))); /* a slot was freed */
    http_peers_destroy(p);
}

/* New connections per address: a token bucket (rate 5/s, burst 10 since
 * max_per_ip 4 is smaller), per address, trusted proxies exempt; addresses
 * beyond the rate table's room are forgotten stalest first. */
static void test_rate(void **state)
{
    (void)state;
    const char *t[] = {"127.0.0.1"};
    http_peers *p = NULL;
    char err[128];
    assert_int_equal(http_peers_create(t, 1, 4, 16, &p, err, sizeof err), PC_OK);
    assert_int_equal(http_peers_set_rate(p, 5), PC_OK);
    struct sockaddr_in a = v4("192.0.2.1"), b = v4("192.0.2.2"), proxy = v4("127.0.0.1");
    double now = 1000.0;
    int got = 0;
    for (int i = 0; i < 30; i++) /* a burst: 10 admitted (none kept open) */
        got += http_peers_admit_at(p, SA(a), now);
    assert_int_equal(got, 10);
    assert_true(http_peers_admit_at(p, SA(b), now)); /* another address has its own bucket */
    for (int i = 0; i < 100; i++)
        assert_true(http_peers_admit_at(p, SA(proxy), now));
    got = 0;
    for (int i = 0; i < 30; i++) /* one second later: 5 more */
        got += http_peers_admit_at(p, SA(a), now + 1.0);
    assert_int_equal(got, 5);
    got = 0;
    for (int i = 0; i < 30; i++) /* a long pause refills to the burst, not beyond */
        got += http_peers_admit_at(p, SA(a), now + 100.0);
    assert_int_equal(got, 10);
    /* the open-connection limit still holds within the rate */
    for (int i = 0; i < 4; i++)
        assert_int_equal(http_peers_opened(p, SA(b)), 1);
    assert_false(http_peers_admit_at(p, SA(b), now + 100.0));
    /* far more addresses than the table holds: each new one starts with a full
     * bucket (the stalest entries are forgotten, nothing is refused for room) */
    struct sockaddr_in x = v4("203.0.113.0");
    for (uint32_t i = 0; i < 20000; i++) {
        x.sin_addr.s_addr = htonl(0xcb007100u + i);
        assert_true(http_peers_admit_at(p, SA(x), now + 200.0 + i * 1e-3));
    }
    got = 0;
    for (int i = 0; i < 30; i++)
        got += http_peers_admit_at(p, SA(a), now + 300.0);
    assert_int_equal(got, 10);
    assert_int_equal(http_peers_set_rate(p, 0), PC_OK); /* off */
    for (int i = 0; i < 100; i++)
        assert_true(http_peers_admit_at(p, SA(a), now + 300.0));
    http_peers_destroy(p);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_bad_trusted),
        cmocka_unit_test(test_trusted_blocks),
        cmocka_unit_test(test_forwarded_for),
        cmocka_unit_test(test_counts),
        cmocka_unit_test(test_full_table),
        cmocka_unit_test(test_rate),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
