/* test_csv.c — the RFC 4180 reader (engine/csv): quoting, line breaks,
 * line numbers, every refusal and the recovery after it, and a round trip
 * of random records through an independent writer. Also the date checks
 * the importers rely on. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "csv.h"
#include "records.h"

typedef struct rec {
    pc_rc rc;
    size_t line, n;
    char f[8][64];
    char err[128];
} rec;

/* Reads every record of text into out (at most max); returns how many. */
static size_t read_all(const char *text, size_t len, rec *out, size_t max)
{
    eng_csv *c = NULL;
    assert_int_equal(eng_csv_open(text, len, &c), PC_OK);
    size_t k = 0;
    for (;;) {
        const char *const *f;
        size_t n, line;
        char err[128] = "";
        pc_rc rc = eng_csv_next(c, &f, &n, &line, err, sizeof err);
        if (rc == PC_ENOTFOUND)
            break;
        assert_true(k < max);
        rec *r = &out[k++];
        memset(r, 0, sizeof *r);
        r->rc = rc;
        r->line = line;
        r->n = n;
        snprintf(r->err, sizeof r->err, "%s", err);
        for (size_t i = 0; rc == PC_OK && i < n && i < 8; i++)
            snprintf(r->f[i], sizeof r->f[i], "%s", f[i]);
    }
    eng_csv_close(c);
    return k;
}

static void test_plain_and_quoted(void **state)
{
    (void)state;
    static const char text[] = "\xEF\xBB\xBF"
                               "a,b,c\r\n"
                               "1,\"x, y\",\"he said \"\"hi\"\"\"\n"
                               "\n"
                               ",,\r\n"
                               "\"multi\nline\",\"\",end\n"
                               "last,record";
    rec r[8];
    size_t n = read_all(text, sizeof text - 1, r, 8);
    assert_int_equal(n, 5);
    assert_int_equal(r[0].n, 3);
    assert_string_equal(r[0].f[0], "a"); /* the byte order mark is skipped */
    assert_int_equal(r[1].line, 2);
    assert_string_equal(r[1].f[1], "x, y");
    assert_string_equal(r[1].f[2], "he said \"hi\"");
    assert_int_equal(r[2].line, 4); /* the empty line 3 is no record */
    assert_int_equal(r[2].n, 3);
    assert_string_equal(r[2].f[2], "");
    assert_int_equal(r[3].line, 5);
    assert_string_equal(r[3].f[0], "multi\nline");
    assert_string_equal(r[3].f[1], "");
    assert_int_equal(r[4].line, 7); /* the quoted line break counted */
    assert_string_equal(r[4].f[1], "record");
}

static void test_refusals_and_recovery(void **state)
{
    (void)state;
    static const char text[] = "ok,1\n"
                               "bad\"quote,2\n"
                               "\"closed\"junk,3\n"
                               "cr\rhere,4\n"
                               "fine,5\n"
                               "\"open forever,6\nstill open";
    rec r[8];
    size_t n = read_all(text, sizeof text - 1, r, 8);
    assert_int_equal(n, 6);
    assert_int_equal(r[0].rc, PC_OK);
    assert_int_equal(r[1].rc, PC_EFORMAT);
    assert_int_equal(r[1].line, 2);
    assert_non_null(strstr(r[1].err, "field 1: a quote inside an unquoted field"));
    assert_int_equal(r[2].rc, PC_EFORMAT);
    assert_int_equal(r[2].line, 3);
    assert_non_null(strstr(r[2].err, "after the closing quote"));
    assert_int_equal(r[3].rc, PC_EFORMAT);
    assert_non_null(strstr(r[3].err, "carriage return"));
    assert_int_equal(r[4].rc, PC_OK); /* reading goes on after bad lines */
    assert_int_equal(r[4].line, 5);
    assert_string_equal(r[4].f[0], "fine");
    assert_int_equal(r[5].rc, PC_EFORMAT);
    assert_int_equal(r[5].line, 6);
    assert_non_null(strstr(r[5].err, "still open at the end"));
}

static void test_limits(void **state)
{
    (void)state;
    char text[10000];
    size_t k = 0;
    for (int i = 0; i < 65; i++)
        k += (size_t)snprintf(text + k, sizeof text - k, "%s%d", i ? "," : "", i);
    k += (size_t)snprintf(text + k, sizeof text - k, "\n");
    memset(text + k, 'x', ENG_CSV_MAX_FIELD + 1);
    k += ENG_CSV_MAX_FIELD + 1;
    k += (size_t)snprintf(text + k, sizeof text - k, "\na,b\n");
    text[k++] = 'n';
    text[k++] = '\0';
    text[k++] = 'l';
    rec r[8];
    size_t n = read_all(text, k, r, 8);
    assert_int_equal(n, 4);
    assert_int_equal(r[0].rc, PC_EFORMAT);
    assert_non_null(strstr(r[0].err, "more than 64 fields"));
    assert_int_equal(r[1].rc, PC_EFORMAT);
    assert_non_null(strstr(r[1].err, "longer than 4096"));
    assert_int_equal(r[2].rc, PC_OK);
    assert_int_equal(r[2].line, 3);
    assert_int_equal(r[3].rc, PC_EFORMAT);
    assert_non_null(strstr(r[3].err, "NUL"));
}

/* An independent writer: quote when needed, double the quotes. */
static size_t write_field(char *out, const char *f)
{
    size_t k = 0;
    int q = strpbrk(f, ",\"\r\n") != NULL || !*f;
    if (q)
        out[k++] = '"';
    for (const char *p = f; *p; p++) {
        if (*p == '"')
            out[k++] = '"';
        out[k++] = *p;
    }
    if (q)
        out[k++] = '"';
    return k;
}

static void test_round_trip(void **state)
{
    (void)state;
    static const char alphabet[] = "ab ,\"\r\nđê1";
    enum { N = 1000, F = 5 };
    static char want[N][F][16];
    char *text = malloc(N * F * 40);
    assert_non_null(text);
    size_t k = 0, lines = 1;
    size_t start[N];
    uint64_t x = 88172645463325252ULL;
    for (int i = 0; i < N; i++) {
        start[i] = lines;
        for (int j = 0; j < F; j++) {
            size_t len = 1 + (size_t)(x % 10);
            for (size_t m = 0; m < len; m++) {
                x ^= x << 13, x ^= x >> 7, x ^= x << 17; /* xorshift64 */
                want[i][j][m] = alphabet[x % (sizeof alphabet - 1)];
            }
            want[i][j][len] = '\0';
            for (size_t m = 0; m < len; m++)
                lines += want[i][j][m] == '\n';
            if (j)
                text[k++] = ',';
            k += write_field(text + k, want[i][j]);
        }
        text[k++] = '\r', text[k++] = '\n';
        lines++;
    }
    eng_csv *c = NULL;
    assert_int_equal(eng_csv_open(text, k, &c), PC_OK);
    for (int i = 0; i < N; i++) {
        const char *const *f;
        size_t n, line;
        assert_int_equal(eng_csv_next(c, &f, &n, &line, NULL, 0), PC_OK);
        assert_int_equal(n, F);
        assert_int_equal(line, start[i]);
        for (int j = 0; j < F; j++)
            assert_string_equal(f[j], want[i][j]);
    }
    const char *const *f;
    size_t n, line;
    assert_int_equal(eng_csv_next(c, &f, &n, &line, NULL, 0), PC_ENOTFOUND);
    eng_csv_close(c);
    free(text);
}

static void test_dates(void **state)
{
    (void)state;
    assert_true(eng_valid_date("2024-02-29"));
    assert_false(eng_valid_date("2023-02-29"));
    assert_false(eng_valid_date("1900-02-29"));
    assert_true(eng_valid_date("2000-02-29"));
    assert_false(eng_valid_date("2026-13-01"));
    assert_false(eng_valid_date("2026-04-31"));
    assert_false(eng_valid_date("2026-4-1"));
    assert_false(eng_valid_date("2026-04-01x"));
    assert_true(eng_valid_datetime("2026-04-01T23:59"));
    assert_true(eng_valid_datetime("2026-04-01T23:59:59Z"));
    assert_false(eng_valid_datetime("2026-04-01T24:00"));
    assert_false(eng_valid_datetime("2026-04-01 10:00"));
    assert_true(eng_valid_text("Nhà trọ Bình An", 100, 1));
    assert_false(eng_valid_text("bad\xC3", 100, 1)); /* cut UTF-8 */
    assert_false(eng_valid_text("tab\there", 100, 1));
    assert_true(eng_valid_text(NULL, 100, 0));
    assert_false(eng_valid_text(NULL, 100, 1));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_plain_and_quoted), cmocka_unit_test(test_refusals_and_recovery),
        cmocka_unit_test(test_limits),           cmocka_unit_test(test_round_trip),
        cmocka_unit_test(test_dates),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
