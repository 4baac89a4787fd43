/* fuzz_csv.c — libFuzzer harness for the RFC 4180 reader (engine/csv).
 *
 * Any bytes: reading always ends, with at most one record per input byte
 * (plus one); record line numbers never go backwards; every record read has
 * 1 to ENG_CSV_MAX_FIELDS fields of at most ENG_CSV_MAX_FIELD bytes; and a
 * record written back with RFC 4180 quoting reads back field for field
 * (a leading byte order mark is quoted, since one at the start of a file is
 * skipped by design). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "csv.h"

/* Writes the record with RFC 4180 quoting; returns the length. */
static size_t write_record(char *out, const char *const *f, size_t n)
{
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        if (i)
            out[k++] = ',';
        /* quoted also when a leading byte order mark would be taken for the file's */
        int q = !f[i][0] || strpbrk(f[i], ",\"\r\n") != NULL || (i == 0 && strncmp(f[i], "\xEF\xBB\xBF", 3) == 0);
        if (q)
            out[k++] = '"';
        for (const char *p = f[i]; *p; p++) {
            if (*p == '"')
                out[k++] = '"';
            out[k++] = *p;
        }
        if (q)
            out[k++] = '"';
    }
    out[k++] = '\n';
    return k;
}

static void check_round_trip(const char *const *f, size_t n)
{
    size_t cap = 4;
    for (size_t i = 0; i < n; i++)
        cap += 2 * strlen(f[i]) + 3;
    char *buf = malloc(cap);
    char **copy = calloc(n, sizeof *copy);
    if (!buf || !copy)
        goto cleanup;
    for (size_t i = 0; i < n; i++)
        if (!(copy[i] = strdup(f[i])))
            goto cleanup;
    size_t len = write_record(buf, (const char *const *)copy, n);
    eng_csv *c = NULL;
    if (eng_csv_open(buf, len, &c) != PC_OK)
        goto cleanup;
    const char *const *g;
    size_t m, line;
    if (eng_csv_next(c, &g, &m, &line, NULL, 0) != PC_OK || m != n)
        abort();
    for (size_t i = 0; i < n; i++)
        if (strcmp(g[i], copy[i]) != 0)
            abort();
    eng_csv_close(c);
cleanup:
    for (size_t i = 0; copy && i < n; i++)
        free(copy[i]);
    free(copy);
    free(buf);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    eng_csv *c = NULL;
    if (eng_csv_open((const char *)data, size, &c) != PC_OK)
        return 0;
    size_t records = 0, last_line = 0;
    char err[160];
    for (;;) {
        const char *const *f;
        size_t n, line;
        pc_rc rc = eng_csv_next(c, &f, &n, &line, err, sizeof err);
        if (rc == PC_ENOTFOUND)
            break;
        if (++records > size + 1 || line < last_line)
            abort();
        last_line = line;
        if (rc == PC_ENOMEM)
            break;
        if (rc != PC_OK)
            continue;
        if (n < 1 || n > ENG_CSV_MAX_FIELDS)
            abort();
        for (size_t i = 0; i < n; i++)
            if (strlen(f[i]) > ENG_CSV_MAX_FIELD)
                abort();
        check_round_trip(f, n);
    }
    eng_csv_close(c);
    return 0;
}
