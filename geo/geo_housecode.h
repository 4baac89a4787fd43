/* geo_housecode.h — the house identity code (định danh số nhà).
 *
 * Canonical form: HN-XXXX-XXXX-C (14 characters). "HN" is the province, the
 * eight X are a 40-bit payload in Crockford base32 (0-9 A-Z without I L O U)
 * and C is a check symbol over "HN" and the payload (a weighted sum in the
 * field GF(32)): every single mistyped character and every swap of two
 * characters is caught.
 * docs/HOUSE_CODE.md has the full description.
 *
 * The payload's top 5 bits are a namespace, the low 35 bits a serial:
 * GEO_HC_REGISTRY (entered by officers), GEO_HC_DEMO (generated city),
 * GEO_HC_OSM_WAY / _RELATION / _NODE (imported, serial = OSM id), so an
 * imported building keeps the same code on every re-import. */
#ifndef GEO_HOUSECODE_H
#define GEO_HOUSECODE_H

#include <stddef.h>
#include <stdint.h>

#include "pc_rc.h"

#define GEO_HOUSECODE_LEN 14
#define GEO_HOUSECODE_SERIAL_MAX ((UINT64_C(1) << 35) - 1)

typedef enum geo_hc_namespace {
    GEO_HC_REGISTRY = 0,
    GEO_HC_DEMO = 1,
    GEO_HC_OSM_WAY = 2,
    GEO_HC_OSM_RELATION = 3,
    GEO_HC_OSM_NODE = 4,
} geo_hc_namespace;

/* Writes the canonical code for (ns, serial) into out (GEO_HOUSECODE_LEN+1
 * bytes). PC_EINVAL if serial > GEO_HOUSECODE_SERIAL_MAX or ns > 31. */
pc_rc geo_housecode_make(unsigned ns, uint64_t serial, char *out);

/* Parses what a person typed: any case, spaces and hyphens anywhere,
 * Crockford's look-alikes (O->0, I/L->1). On PC_OK out holds the canonical
 * code. PC_EINVAL: not shaped like a house code. PC_EFORMAT: shaped like one
 * but the check character is wrong (a typo) — out then holds the canonical
 * spelling of what was typed, for geo_housecode_neighbours(). */
pc_rc geo_housecode_parse(const char *text, char *out);

/* Valid codes one typo away from code (canonical spelling, any check char):
 * one character replaced, or two neighbours swapped. Writes at most max codes
 * into out (each GEO_HOUSECODE_LEN+1 bytes) and returns how many exist. */
size_t geo_housecode_neighbours(const char *code, char (*out)[GEO_HOUSECODE_LEN + 1], size_t max);

/* Splits a valid canonical code into namespace and serial. */
pc_rc geo_housecode_decode(const char *code, unsigned *ns, uint64_t *serial);

#endif
