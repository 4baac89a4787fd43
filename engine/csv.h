/* csv.h — a small, strict RFC 4180 CSV reader for officers' spreadsheets.
 *
 * Records are separated by CRLF or LF; fields by commas. A field may be
 * quoted: inside quotes, commas and line breaks are data and "" is one
 * quote. Refused (PC_EFORMAT, with the line and why): a quote inside an
 * unquoted field, anything but a comma or line end after a closing quote,
 * a quoted field still open at the end of the input, a bare CR, a NUL byte,
 * too many fields (ENG_CSV_MAX_FIELDS) or a field longer than
 * ENG_CSV_MAX_FIELD bytes. After a bad record the reader skips to the next
 * line, so every later record is still read and checked. A UTF-8 byte
 * order mark at the start is skipped; wholly empty lines are skipped.
 *
 * The reader does not copy the input (it must outlive the reader); fields
 * are NUL-terminated copies valid until the next call. */
#ifndef ENG_CSV_H
#define ENG_CSV_H

#include <stddef.h>

#include "pc_rc.h"

#define ENG_CSV_MAX_FIELDS 64
#define ENG_CSV_MAX_FIELD 4096

typedef struct eng_csv eng_csv;

/* Caller owns *out: eng_csv_close. */
pc_rc eng_csv_open(const char *data, size_t len, eng_csv **out);
void eng_csv_close(eng_csv *c);

/* The next record: *fields (n_fields entries) and the physical line it
 * starts on. PC_ENOTFOUND at the end; PC_EFORMAT for a malformed record
 * (err says why; *line is set; call again for the next record); PC_ENOMEM. */
pc_rc eng_csv_next(eng_csv *c, const char *const **fields, size_t *n_fields, size_t *line, char *err,
                   size_t err_len);

#endif
