/* csv.c — the RFC 4180 reader (csv.h).
 *
 * One pass over the input with a small state machine per record. Field
 * bytes are copied into one growing buffer, each ended by a NUL; field
 * pointers are fixed up once the record is complete (the buffer may move
 * while it grows). */
#include "csv.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct eng_csv {
    const char *p, *end;
    size_t line;      /* physical line of p */
    char *buf;
    size_t len, cap;
    size_t starts[ENG_CSV_MAX_FIELDS];
    const char *fields[ENG_CSV_MAX_FIELDS];
};

pc_rc eng_csv_open(const char *data, size_t len, eng_csv **out)
{
    *out = NULL;
    eng_csv *c = calloc(1, sizeof *c);
    if (!c)
        return PC_ENOMEM;
    c->p = data;
    c->end = data + len;
    c->line = 1;
    if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0)
        c->p += 3;
    *out = c;
    return PC_OK;
}

void eng_csv_close(eng_csv *c)
{
    if (!c)
        return;
    free(c->buf);
    free(c);
}

static int put(eng_csv *c, char ch)
{
    if (c->len == c->cap) {
        size_t ncap = c->cap ? c->cap * 2 : 256;
        char *n = realloc(c->buf, ncap);
        if (!n)
            return -1;
        c->buf = n;
        c->cap = ncap;
    }
    c->buf[c->len++] = ch;
    return 0;
}

/* Skips the rest of the current physical line (after an error). */
static void skip_line(eng_csv *c)
{
    while (c->p < c->end && *c->p != '\n')
        c->p++;
    if (c->p < c->end) {
        c->p++;
        c->line++;
    }
}

static pc_rc bad(eng_csv *c, char *err, size_t err_len, const char *why, size_t field)
{
    if (err && err_len)
        snprintf(err, err_len, "field %zu: %s", field, why);
    skip_line(c);
    return PC_EFORMAT;
}

/* At a record end? Consumes the line break. */
static int at_eol(eng_csv *c)
{
    if (c->p >= c->end)
        return 1;
    if (*c->p == '\n') {
        c->p++;
        c->line++;
        return 1;
    }
    if (*c->p == '\r' && c->p + 1 < c->end && c->p[1] == '\n') {
        c->p += 2;
        c->line++;
        return 1;
    }
    return 0;
}

/* Reads one quoted field (opening quote consumed). 0 ok, else why. */
static const char *quoted(eng_csv *c, size_t *n)
{
    for (;;) {
        if (c->p >= c->end)
            return "a quoted field is still open at the end of the input";
        char ch = *c->p++;
        if (ch == '"') {
            if (c->p < c->end && *c->p == '"') {
                c->p++;
            } else {
                return NULL;
            }
        } else if (ch == '\0') {
            return "NUL byte";
        } else if (ch == '\n') {
            c->line++;
        }
        if (++*n > ENG_CSV_MAX_FIELD)
            return "field longer than 4096 bytes";
        if (put(c, ch) != 0)
            return "out of memory";
    }
}

static const char *unquoted(eng_csv *c, size_t *n)
{
    while (c->p < c->end && *c->p != ',' && *c->p != '\n') {
        char ch = *c->p;
        if (ch == '\r' && c->p + 1 < c->end && c->p[1] == '\n')
            break;
        if (ch == '"')
            return "a quote inside an unquoted field (quote the whole field and double the quote)";
        if (ch == '\r')
            return "a bare carriage return";
        if (ch == '\0')
            return "NUL byte";
        if (++*n > ENG_CSV_MAX_FIELD)
            return "field longer than 4096 bytes";
        if (put(c, ch) != 0)
            return "out of memory";
        c->p++;
    }
    return NULL;
}

pc_rc eng_csv_next(eng_csv *c, const char *const **fields, size_t *n_fields, size_t *line, char *err,
                   size_t err_len)
{
    *fields = NULL;
    *n_fields = 0;
    /* wholly empty lines are not records */
    while (c->p < c->end && (*c->p == '\n' || (*c->p == '\r' && c->p + 1 < c->end && c->p[1] == '\n')))
        at_eol(c);
    *line = c->line;
    if (c->p >= c->end)
        return PC_ENOTFOUND;
    c->len = 0;
    size_t nf = 0;
    for (;;) {
        if (nf == ENG_CSV_MAX_FIELDS)
            return bad(c, err, err_len, "more than 64 fields", nf);
        c->starts[nf++] = c->len;
        size_t n = 0;
        const char *why;
        if (c->p < c->end && *c->p == '"') {
            c->p++;
            why = quoted(c, &n);
            if (!why && c->p < c->end && *c->p != ',' && *c->p != '\n' && *c->p != '\r')
                why = "a character after the closing quote";
        } else {
            why = unquoted(c, &n);
        }
        if (why) {
            if (strcmp(why, "out of memory") == 0)
                return PC_ENOMEM;
            return bad(c, err, err_len, why, nf);
        }
        if (put(c, '\0') != 0)
            return PC_ENOMEM;
        if (c->p < c->end && *c->p == ',') {
            c->p++;
            continue;
        }
        if (at_eol(c))
            break;
        return bad(c, err, err_len, "a bare carriage return", nf);
    }
    for (size_t i = 0; i < nf; i++)
        c->fields[i] = c->buf + c->starts[i];
    *fields = c->fields;
    *n_fields = nf;
    return PC_OK;
}
