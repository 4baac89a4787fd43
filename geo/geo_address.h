/* geo_address.h — reading a Vietnamese address as people type it.
 *
 * Pure text work, no database: the parser folds the text (geo_text_fold)
 * and splits it into house number, ngách, ngõ, street, ward and district,
 * understanding the usual words and abbreviations — số / số nhà / sn / no.,
 * ngách / ngh., ngõ / hẻm / kiệt, ng. (ngõ or ngách, decided by context),
 * phố / đường / đ., phường / xã / thị trấn / p., quận / huyện / thị xã / q.
 * — with or without commas, and the slash form "5/12/34" (read as số 5,
 * ngách 12, ngõ 34; the other reading, ngõ 5, ngách 12, số 34 as in the
 * South, is kept as the alternative). Names that carry no keyword ("5/12/34
 * Khương Hạ", "..., Thanh Xuân") are returned as free names for the
 * geocoder to resolve against the data (street, ward or district).
 *
 * Every name is returned as a key: folded, only [a-z0-9] words separated by
 * one space ("Văn Miếu - Quốc Tử Giám" -> "van mieu quoc tu giam"). */
#ifndef GEO_ADDRESS_H
#define GEO_ADDRESS_H

#include <stddef.h>

#include "pc_rc.h"

#define GEO_ADDRESS_MAX_LEN 400 /* bytes of input accepted */
#define GEO_ADDR_NUM_LEN 24
#define GEO_ADDR_NAME_LEN 128
#define GEO_ADDR_MAX_FREE 4

typedef struct geo_address {
    char number[GEO_ADDR_NUM_LEN]; /* "5", "5a", "40-42"; "" when absent */
    char ngach[GEO_ADDR_NUM_LEN];
    char ngo[GEO_ADDR_NUM_LEN];
    char street[GEO_ADDR_NAME_LEN]; /* key, without its kind word: "khuong ha" */
    char street_kind[8];            /* "pho", "duong" or "" */
    char ward[GEO_ADDR_NAME_LEN];   /* key, without phường/xã */
    char ward_kind[16];             /* the keyword that introduced it, folded */
    char district[GEO_ADDR_NAME_LEN];
    char district_kind[16];
    char free[GEO_ADDR_MAX_FREE][GEO_ADDR_NAME_LEN]; /* names without a keyword, in order */
    size_t n_free;
    int has_alt; /* a bare slash chain: the other reading below */
    char alt_number[GEO_ADDR_NUM_LEN], alt_ngach[GEO_ADDR_NUM_LEN], alt_ngo[GEO_ADDR_NUM_LEN];
    int n_ignored; /* tokens that fitted nowhere (extra numbers, stray keywords) */
} geo_address;

/* Parses text into *out (zeroed first). PC_EINVAL: NULL, not valid UTF-8,
 * or nothing that looks like an address part; PC_ELIMIT: longer than
 * GEO_ADDRESS_MAX_LEN bytes or more than 128 tokens. */
pc_rc geo_address_parse(const char *text, geo_address *out);

/* The name key of already folded text (see above) into out (NUL-terminated,
 * truncated to out_len - 1). */
void geo_address_name_key(const char *folded, char *out, size_t out_len);

/* How well a typed house number q matches a stored one rec (both folded):
 * 100 equal, 90 rec is a range or list containing q ("40-42", "56-58-60"),
 * 60 same number with a different letter ("5" / "5a"), 0 otherwise. */
int geo_address_number_match(const char *q, const char *rec);

/* Levenshtein distance between a and b, or max + 1 if it exceeds max. */
int geo_address_edit_distance(const char *a, const char *b, int max);

#endif
