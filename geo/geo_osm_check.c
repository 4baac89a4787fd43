/* geo_osm_check.c — the validation pass run over an OSM file before readosm
 * reads it (geo_osm_check in geo_osm_import.h).
 *
 * Why it exists: Debian's readosm 1.1.0 trusts its input and dies with
 * SIGSEGV on malformed files (reproducers in tests/fuzz/readosm-crashes/):
 * in OSM XML, strlen(NULL) for a <tag> without k or v and a <member> without
 * role; in PBF, string-table indexes used unchecked (tag keys and values,
 * member roles, dense-node keys and user names), a negative block size
 * (malloc fails, fread writes through NULL), a raw block whose declared size
 * exceeds its bytes (read past the buffer), a packed field whose last value
 * is cut (read through NULL), a repeated packed field or string table
 * (uninitialised indexes). The library is not ours to fix, so nothing
 * reaches it that this pass has not walked; what it refuses gets one line
 * naming the line of the XML, or the block and byte offset of the PBF.
 *
 * XML: one streaming pass with expat (the parser readosm itself uses, so
 * both see the same elements). Beyond the crash patterns it refuses what is
 * plainly not OSM: a root other than <osm>; a <member> without type, ref or
 * role, or of an unknown type; a <nd> without a numeric ref; a <node>,
 * <way>, <relation> without a numeric id; a node without lat and lon within
 * WGS 84. XML errors come with line and column.
 *
 * PBF: a walk that decodes the file exactly as readosm's protobuf.c does,
 * not as protobuf should be decoded: one-byte field keys, only the fields
 * readosm knows for each message (any other is an error there too), varints
 * of at most 5 bytes for 32-bit fields and 10 for 64-bit ones, no empty
 * message or packed field, a block ending at its granularity field. On that
 * view it checks every size against the file and the format's limits
 * (BlobHeader up to 64 KiB, Blob packed or unpacked up to 32 MiB), inflates
 * every zlib block (the main cost of the pass), checks each string index
 * against the string table readosm will hold at that point, the lengths
 * readosm pairs (keys and values, ids and coordinates, roles, refs and
 * types), and refuses a repeated packed field, a second string table, and a
 * way or relation id above 2^31-1 (readosm reads its 64-bit fields into an
 * int: such an id would come out wrong, silently).
 * Whatever readosm would refuse on its own is refused here as well, with a
 * better message. Node coordinates are left to the reader (geo_osm_read.c
 * refuses a node outside WGS 84). */
#include <errno.h>
#include <expat.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <zlib.h>

#include "geo_osm_import.h"
#include "geo_types.h"

/* --- OSM XML ---------------------------------------------------------------- */

#define XML_CHUNK (64 * 1024)

typedef struct xml_ctx {
    XML_Parser p;
    int root_seen;
    char msg[200]; /* the first problem; "" while none */
} xml_ctx;

static const char *xml_attr(const char **a, const char *name)
{
    for (size_t i = 0; a[i]; i += 2)
        if (strcmp(a[i], name) == 0)
            return a[i + 1];
    return NULL;
}

/* An OSM id or ref: an integer that fits (readosm reads it with atoll). */
static int is_int(const char *s)
{
    if (!s || !*s)
        return 0;
    char *end;
    errno = 0;
    (void)strtoll(s, &end, 10);
    return *end == '\0' && errno == 0;
}

static int is_number(const char *s, double *v)
{
    if (!s || !*s)
        return 0;
    char *end;
    *v = strtod(s, &end);
    return *end == '\0' && isfinite(*v);
}

/* Records the first problem, with its line, and stops the parser. */
static void xml_refuse(xml_ctx *c, const char *fmt, ...)
{
    int n = snprintf(c->msg, sizeof c->msg, "line %lu: ", (unsigned long)XML_GetCurrentLineNumber(c->p));
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(c->msg + n, sizeof c->msg - (size_t)n, fmt, ap);
    va_end(ap);
    XML_StopParser(c->p, XML_FALSE);
}

static void xml_member(xml_ctx *c, const char **a)
{
    const char *type = xml_attr(a, "type");
    if (!xml_attr(a, "role")) /* readosm 1.1.0: strlen(NULL) */
        xml_refuse(c, "<member> without role (every member needs type, ref and role)");
    else if (!type || (strcmp(type, "node") != 0 && strcmp(type, "way") != 0 && strcmp(type, "relation") != 0))
        xml_refuse(c, "<member> without a type node, way or relation");
    else if (!is_int(xml_attr(a, "ref")))
        xml_refuse(c, "<member> without a numeric ref");
}

static void xml_node(xml_ctx *c, const char **a)
{
    const char *id = xml_attr(a, "id");
    double lat, lon;
    if (!is_int(id))
        xml_refuse(c, "<node> without a numeric id");
    else if (!is_number(xml_attr(a, "lat"), &lat) || !is_number(xml_attr(a, "lon"), &lon))
        xml_refuse(c, "node %.24s: lat or lon missing or not a number", id);
    else if (!geo_lonlat_valid((geo_lonlat){lon, lat}))
        xml_refuse(c, "node %.24s: position outside WGS 84 (lat %g, lon %g)", id, lat, lon);
}

static void xml_start(void *user, const char *el, const char **a)
{
    xml_ctx *c = user;
    if (c->msg[0]) /* expat may still report an element after XML_StopParser */
        return;
    if (!c->root_seen) {
        c->root_seen = 1;
        if (strcmp(el, "osm") != 0)
            xml_refuse(c, "the root element is <%.40s>, not <osm>: not an OSM XML file", el);
        return;
    }
    if (strcmp(el, "tag") == 0) {
        const char *k = xml_attr(a, "k"), *v = xml_attr(a, "v");
        if (!k || !v) /* readosm 1.1.0: strlen(NULL) */
            xml_refuse(c, "<tag> without %s (every tag needs k and v)", k ? "v" : "k");
    } else if (strcmp(el, "nd") == 0) {
        if (!is_int(xml_attr(a, "ref")))
            xml_refuse(c, "<nd> without a numeric ref");
    } else if (strcmp(el, "member") == 0) {
        xml_member(c, a);
    } else if (strcmp(el, "node") == 0) {
        xml_node(c, a);
    } else if (strcmp(el, "way") == 0 || strcmp(el, "relation") == 0) {
        if (!is_int(xml_attr(a, "id")))
            xml_refuse(c, "<%s> without a numeric id", el);
    }
}

static pc_rc check_xml(FILE *f, const char *path, char *err, size_t err_len)
{
    xml_ctx c = {0};
    char *buf = malloc(XML_CHUNK);
    pc_rc rc = PC_OK;
    if (!buf || !(c.p = XML_ParserCreate(NULL))) {
        snprintf(err, err_len, "%s: out of memory", path);
        rc = PC_ENOMEM;
        goto cleanup;
    }
    XML_SetUserData(c.p, &c);
    XML_SetStartElementHandler(c.p, xml_start);
    for (int done = 0; !done;) {
        size_t n = fread(buf, 1, XML_CHUNK, f);
        if (ferror(f)) {
            snprintf(err, err_len, "%s: read error: %s", path, strerror(errno));
            rc = PC_EIO;
            goto cleanup;
        }
        done = n < XML_CHUNK;
        if (XML_Parse(c.p, buf, (int)n, done) == XML_STATUS_ERROR) {
            if (c.msg[0])
                snprintf(err, err_len, "%s: %s", path, c.msg);
            else
                snprintf(err, err_len, "%s: broken or truncated OSM XML at line %lu, column %lu: %s", path,
                         (unsigned long)XML_GetCurrentLineNumber(c.p),
                         (unsigned long)XML_GetCurrentColumnNumber(c.p) + 1,
                         XML_ErrorString(XML_GetErrorCode(c.p)));
            rc = PC_EFORMAT;
            goto cleanup;
        }
    }
cleanup:
    if (c.p)
        XML_ParserFree(c.p);
    free(buf);
    return rc;
}

/* --- protobuf as readosm 1.1.0 reads it ----------------------------------------- */

#define PBF_HEADER_MAX (64u * 1024)       /* BlobHeader: the format's limit */
#define PBF_BLOB_MAX (32u * 1024 * 1024) /* Blob, packed and unpacked: the format's limit */

enum { PB_V32 = 1, PB_V64, PB_BYTES };

typedef struct pb_hint {
    unsigned char id, kind;
} pb_hint; /* the fields readosm accepts in a message; {0, 0} ends the list */

typedef struct pb_field {
    unsigned id;
    int kind;
    uint64_t v;       /* a varint as readosm decodes it (32-bit fields: the low 32 bits) */
    const uint8_t *p; /* PB_BYTES: the bytes */
    size_t len;
} pb_field;

typedef struct pb_msg {
    const uint8_t *p, *end;
    const pb_hint *hints;
    int n; /* fields read so far */
} pb_msg;

/* One varint as readosm's read_var reads it: at most max bytes (5 for a
 * 32-bit field, 10 for a 64-bit one); NULL when cut short or longer. */
static const uint8_t *pb_varint(const uint8_t *p, const uint8_t *end, int max, uint64_t *v)
{
    uint64_t x = 0;
    if (p < end && *p < 0x80) { /* the common case: one byte */
        *v = *p;
        return p + 1;
    }
    for (int i = 0; i < max && p < end; i++) {
        uint8_t b = *p++;
        x |= (uint64_t)(b & 0x7f) << (7 * i);
        if (!(b & 0x80)) {
            *v = max == 5 ? (uint32_t)x : x;
            return p;
        }
    }
    return NULL;
}

static pb_msg pb_open(const pb_field *f, const pb_hint *hints)
{
    return (pb_msg){f->p, f->p + f->len, hints, 0};
}

/* The next field of m as readosm's parse_field reads it: a one-byte key
 * (field number in bits 3-7, wire type in bits 0-2) naming a field of the
 * hints with a matching wire type (0: varint, 2: bytes), then the value
 * within the message. 1: a field; 0: the end; -1: broken (readosm refuses
 * an empty message, an unknown field, a cut value, a length past the end). */
static int pb_next(pb_msg *m, pb_field *f)
{
    if (m->p >= m->end)
        return m->n ? 0 : -1;
    unsigned id = *m->p >> 3, wire = *m->p & 7;
    const pb_hint *h = m->hints;
    while (h->kind && !(h->id == id && ((wire == 0 && h->kind != PB_BYTES) || (wire == 2 && h->kind == PB_BYTES))))
        h++;
    if (!h->kind)
        return -1;
    const uint8_t *p = m->p + 1;
    uint64_t len;
    f->id = id, f->kind = h->kind, f->v = 0, f->p = NULL, f->len = 0;
    if (h->kind == PB_BYTES) {
        if (!(p = pb_varint(p, m->end, 5, &len)) || len > (uint64_t)(m->end - p))
            return -1;
        f->p = p, f->len = (size_t)len, p += len;
    } else if (!(p = pb_varint(p, m->end, h->kind == PB_V32 ? 5 : 10, &f->v))) {
        return -1;
    }
    m->p = p, m->n++;
    return 1;
}

/* Walks a packed field: at least one value (readosm refuses an empty one),
 * every varint whole (readosm 1.1.0 reads through NULL after a cut last
 * value). each (may be NULL) sees every value. Returns the count, or -1. */
typedef int (*pb_each_fn)(void *user, uint64_t v);
static int64_t pb_packed(const pb_field *f, int max, pb_each_fn each, void *user)
{
    const uint8_t *p = f->p, *end = f->p + f->len;
    int64_t n = 0;
    uint64_t v;
    int run = 0;
    if (p >= end)
        return -1;
    if (!each) { /* counting only: a value ends at each byte below 0x80 */
        for (; p < end; p++) {
            if (!(*p & 0x80))
                n++, run = 0;
            else if (++run >= max)
                return -1;
        }
        return run ? -1 : n;
    }
    for (; p < end; n++) {
        if (!(p = pb_varint(p, end, max, &v)) || (each && !each(user, v)))
            return -1;
    }
    return n;
}

/* --- the PBF walk ------------------------------------------------------------ */

typedef struct pbf_ctx {
    const char *path;
    char *err;
    size_t err_len;
    long block;         /* 1-based; block 1 is the OSMHeader */
    uint64_t block_at;  /* byte offset of its length prefix */
    uint32_t n_strings; /* strings in the current block's table (readosm's count) */
    int n_tables;
    uint32_t bad_index; /* the index an index check refused */
    uint32_t user_sum;  /* running user-name index of dense nodes (readosm's int, wrapped) */
    uint8_t *buf, *raw;
    size_t buf_cap, raw_cap;
} pbf_ctx;

/* Fills err ("PATH: broken PBF, block N at byte X: ..."); PC_EFORMAT. */
static pc_rc pbf_bad(pbf_ctx *c, const char *fmt, ...)
{
    if (!c->err_len)
        return PC_EFORMAT;
    int n = snprintf(c->err, c->err_len, "%s: broken PBF, block %ld at byte %llu: ", c->path, c->block,
                     (unsigned long long)c->block_at);
    if (n >= 0 && (size_t)n < c->err_len) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(c->err + n, c->err_len - (size_t)n, fmt, ap);
        va_end(ap);
    }
    return PC_EFORMAT;
}

static int index_ok(void *user, uint64_t v)
{
    pbf_ctx *c = user;
    c->bad_index = (uint32_t)v;
    return v < c->n_strings;
}

static int key_index_ok(void *user, uint64_t v) /* DenseNodes keys_vals: 0 ends a node */
{
    return v == 0 || index_ok(user, v);
}

/* DenseInfo user_sid: zigzag sint32 deltas summed as readosm does (its
 * unsigned arithmetic, its int); readosm reads strings[sum] when sum > 0. */
static int user_index_ok(void *user, uint64_t v)
{
    pbf_ctx *c = user;
    uint32_t u = (uint32_t)v, half = (uint32_t)(u + 1u) / 2u;
    c->user_sum += (u & 1u) ? 0u - half : half;
    int32_t sid = (int32_t)c->user_sum; /* wraps, as readosm's int sum does */
    return sid <= 0 || index_ok(c, (uint64_t)sid);
}

/* A packed field of string indexes; *n gets the count. */
static pc_rc check_indexes(pbf_ctx *c, const pb_field *f, pb_each_fn each, const char *what, int64_t *n)
{
    c->bad_index = 0;
    if ((*n = pb_packed(f, 5, each, c)) >= 0)
        return PC_OK;
    if (c->bad_index >= c->n_strings && pb_packed(f, 5, NULL, NULL) >= 0)
        return pbf_bad(c, "%s: string index %lu is past the block's string table (%lu strings)", what,
                       (unsigned long)c->bad_index, (unsigned long)c->n_strings);
    return pbf_bad(c, "%s: broken packed field (a value cut short or too long)", what);
}

static pc_rc check_strings(pbf_ctx *c, const pb_field *t)
{
    static const pb_hint hints[] = {{1, PB_BYTES}, {0, 0}};
    pb_msg m = pb_open(t, hints);
    pb_field f;
    int r;
    if (c->n_tables++)
        return pbf_bad(c, "a second string table (readosm would index past its end)");
    while ((r = pb_next(&m, &f)) == 1)
        c->n_strings++;
    return r < 0 ? pbf_bad(c, "broken string table") : PC_OK;
}

/* Way and relation Info: only its framing matters (readosm checks the user
 * index itself). */
static pc_rc check_info(pbf_ctx *c, const pb_field *info, const char *what)
{
    static const pb_hint hints[] = {{1, PB_V32}, {2, PB_V32}, {3, PB_V64}, {4, PB_V32},
                                    {5, PB_V32}, {6, PB_V32}, {0, 0}};
    pb_msg m = pb_open(info, hints);
    pb_field f;
    int r;
    while ((r = pb_next(&m, &f)) == 1)
        ;
    return r < 0 ? pbf_bad(c, "%s: broken info (version, timestamp, user)", what) : PC_OK;
}

static pc_rc check_dense_info(pbf_ctx *c, const pb_field *info)
{
    static const pb_hint hints[] = {{1, PB_BYTES}, {2, PB_BYTES}, {3, PB_BYTES}, {4, PB_BYTES},
                                    {5, PB_BYTES}, {6, PB_BYTES}, {0, 0}};
    pb_msg m = pb_open(info, hints);
    pb_field f;
    int r;
    int64_t n;
    pc_rc rc = PC_OK;
    while (rc == PC_OK && (r = pb_next(&m, &f)) == 1) {
        if (f.id == 5) {
            c->user_sum = 0;
            rc = check_indexes(c, &f, user_index_ok, "dense nodes, user names", &n);
        } else if (f.id != 6 && pb_packed(&f, f.id == 3 ? 10 : 5, NULL, NULL) < 0) { /* 6: not read */
            rc = pbf_bad(c, "dense nodes: broken info field %u", f.id);
        }
    }
    return rc == PC_OK && r < 0 ? pbf_bad(c, "dense nodes: broken info") : rc;
}

/* Refuses a packed field seen twice in one message: readosm appends the
 * values again but counts the first ones twice (uninitialised indexes). */
static pc_rc once(pbf_ctx *c, unsigned *seen, unsigned id, const char *what)
{
    if (*seen & (1u << id))
        return pbf_bad(c, "%s: field %u repeated (readosm would read uninitialised values)", what, id);
    *seen |= 1u << id;
    return PC_OK;
}

static pc_rc check_dense(pbf_ctx *c, const pb_field *dense)
{
    static const pb_hint hints[] = {{1, PB_BYTES}, {5, PB_BYTES}, {8, PB_BYTES}, {9, PB_BYTES}, {10, PB_BYTES}, {0, 0}};
    pb_msg m = pb_open(dense, hints);
    pb_field f;
    int64_t n[11] = {0};
    unsigned seen = 0;
    int r = 0;
    pc_rc rc = PC_OK;
    while (rc == PC_OK && (r = pb_next(&m, &f)) == 1) {
        if (f.id == 5)
            rc = check_dense_info(c, &f);
        else if ((rc = once(c, &seen, f.id, "dense nodes")) != PC_OK)
            break;
        else if (f.id == 10)
            rc = check_indexes(c, &f, key_index_ok, "dense nodes, tags", &n[10]);
        else if ((n[f.id] = pb_packed(&f, 10, NULL, NULL)) < 0)
            rc = pbf_bad(c, "dense nodes: broken packed field %u", f.id);
    }
    if (rc != PC_OK)
        return rc;
    if (r < 0)
        return pbf_bad(c, "broken dense nodes");
    if (n[1] != n[8] || n[1] != n[9])
        return pbf_bad(c, "dense nodes: %lld ids but %lld latitudes and %lld longitudes", (long long)n[1],
                       (long long)n[8], (long long)n[9]);
    return PC_OK;
}

/* A Way (is_rel 0) or a Relation (1): fields 2 and 3 are tag keys and
 * values, 4 the info; a way's 8 its node refs; a relation's 8 member roles,
 * 9 member refs, 10 member types. */
static pc_rc check_object(pbf_ctx *c, const pb_field *obj, int is_rel)
{
    static const pb_hint way_hints[] = {{1, PB_V64},   {2, PB_BYTES}, {3, PB_BYTES},
                                        {4, PB_BYTES}, {8, PB_BYTES}, {0, 0}};
    static const pb_hint rel_hints[] = {{1, PB_V64},    {2, PB_BYTES}, {3, PB_BYTES},  {4, PB_BYTES},
                                        {8, PB_BYTES}, {9, PB_BYTES}, {10, PB_BYTES}, {0, 0}};
    pb_msg m = pb_open(obj, is_rel ? rel_hints : way_hints);
    pb_field f;
    int64_t n[11] = {0}, id = 0;
    unsigned seen = 0;
    int r = 0;
    pc_rc rc = PC_OK;
    char what[64];
    snprintf(what, sizeof what, "%s", is_rel ? "a relation" : "a way");
    while (rc == PC_OK && (r = pb_next(&m, &f)) == 1) {
        if (f.id == 1) {
            id = (int64_t)f.v;
            snprintf(what, sizeof what, "%s %lld", is_rel ? "relation" : "way", (long long)id);
            if (f.v > INT32_MAX) /* readosm 1.1.0 casts its 64-bit fields to int */
                rc = pbf_bad(c, "%s: an id above 2^31-1, which readosm 1.1.0 would truncate", what);
        } else if (f.id == 4) {
            rc = check_info(c, &f, what);
        } else if ((rc = once(c, &seen, f.id, what)) != PC_OK) {
            break;
        } else if (f.id == 2 || f.id == 3 || (is_rel && f.id == 8)) {
            rc = check_indexes(c, &f, index_ok, what, &n[f.id]);
        } else if ((n[f.id] = pb_packed(&f, f.id == 10 ? 5 : 10, NULL, NULL)) < 0) {
            rc = pbf_bad(c, "%s: broken packed field %u", what, f.id);
        }
    }
    if (rc != PC_OK)
        return rc;
    if (r < 0)
        return pbf_bad(c, "%s: broken", what);
    if (n[2] != n[3])
        return pbf_bad(c, "%s: %lld tag keys but %lld values", what, (long long)n[2], (long long)n[3]);
    if (is_rel && (n[8] != n[9] || n[8] != n[10]))
        return pbf_bad(c, "%s: %lld member roles, %lld refs and %lld types", what, (long long)n[8],
                       (long long)n[9], (long long)n[10]);
    return PC_OK;
}

static pc_rc check_group(pbf_ctx *c, const pb_field *group)
{
    static const pb_hint hints[] = {{1, PB_BYTES}, {2, PB_BYTES}, {3, PB_BYTES}, {4, PB_BYTES}, {5, PB_BYTES}, {0, 0}};
    pb_msg m = pb_open(group, hints);
    pb_field f;
    int r = 0;
    pc_rc rc = PC_OK;
    while (rc == PC_OK && (r = pb_next(&m, &f)) == 1) {
        if (f.id == 2)
            rc = check_dense(c, &f);
        else if (f.id == 3 || f.id == 4)
            rc = check_object(c, &f, f.id == 4);
        /* 1 (plain nodes) and 5 (changesets): readosm skips them */
    }
    return rc == PC_OK && r < 0 ? pbf_bad(c, "broken primitive group") : rc;
}

/* A PrimitiveBlock, in readosm's order: indexes are checked against the
 * string table read so far; readosm stops at the granularity field (17). */
static pc_rc check_block(pbf_ctx *c, const uint8_t *p, size_t len)
{
    static const pb_hint hints[] = {{1, PB_BYTES}, {2, PB_BYTES}, {17, PB_V32}, {18, PB_V32},
                                    {19, PB_V64},  {20, PB_V64},  {0, 0}};
    pb_field whole = {0, PB_BYTES, 0, p, len}, f;
    pb_msg m = pb_open(&whole, hints);
    int r = 0;
    pc_rc rc = PC_OK;
    c->n_strings = 0, c->n_tables = 0;
    while (rc == PC_OK && (r = pb_next(&m, &f)) == 1) {
        if (f.id == 1)
            rc = check_strings(c, &f);
        else if (f.id == 2)
            rc = check_group(c, &f);
        else if (f.id == 17)
            return PC_OK;
    }
    return rc == PC_OK && r < 0 ? pbf_bad(c, "broken primitive block") : rc;
}

static pc_rc grow(uint8_t **buf, size_t *cap, size_t need)
{
    if (need <= *cap)
        return PC_OK;
    uint8_t *p = realloc(*buf, need);
    if (!p)
        return PC_ENOMEM;
    *buf = p, *cap = need;
    return PC_OK;
}

/* The Blob of an OSMData block, taken as readosm's parse_osm_data takes it:
 * the last raw (1), raw_size (2) and zlib_data (3) win, in file order. */
static pc_rc check_blob(pbf_ctx *c, const uint8_t *p, size_t len)
{
    static const pb_hint hints[] = {{1, PB_BYTES}, {2, PB_V32}, {3, PB_BYTES}, {0, 0}};
    pb_field whole = {0, PB_BYTES, 0, p, len}, f;
    pb_msg m = pb_open(&whole, hints);
    const uint8_t *raw = NULL, *zip = NULL;
    size_t raw_len = 0, zip_len = 0;
    int64_t raw_sz = 0; /* readosm's int */
    int r;
    while ((r = pb_next(&m, &f)) == 1) {
        if (f.id == 1)
            raw = f.p, raw_len = f.len, raw_sz = (int64_t)f.len;
        else if (f.id == 2)
            raw_sz = (int32_t)(uint32_t)f.v;
        else
            zip = f.p, zip_len = f.len;
    }
    if (r < 0)
        return pbf_bad(c, "broken block envelope (Blob; only raw and zlib blocks are readable)");
    if (zip && zip_len && raw_sz) {
        if (raw_sz < 0 || raw_sz > PBF_BLOB_MAX)
            return pbf_bad(c, "declares %lld bytes unpacked (the format allows up to 32 MiB)", (long long)raw_sz);
        if (grow(&c->raw, &c->raw_cap, (size_t)raw_sz) != PC_OK)
            return PC_ENOMEM;
        uLongf out = (uLongf)raw_sz;
        if (uncompress(c->raw, &out, zip, (uLong)zip_len) != Z_OK || out != (uLongf)raw_sz)
            return pbf_bad(c, "the compressed block does not unpack to its declared %lld bytes", (long long)raw_sz);
        return check_block(c, c->raw, (size_t)out);
    }
    if (!raw || raw_sz == 0)
        return pbf_bad(c, "the block holds no data");
    if (raw_sz != (int64_t)raw_len)
        return pbf_bad(c, "the raw block declares %lld bytes but holds %zu", (long long)raw_sz, raw_len);
    return check_block(c, raw, raw_len);
}

/* The BlobHeader: readosm wants the type named (any field 1 equal to it)
 * and a non-zero datasize (the last field 3, an int). */
static pc_rc check_blob_header(pbf_ctx *c, size_t hlen, const char *type, int64_t *datasize)
{
    static const pb_hint hints[] = {{1, PB_BYTES}, {2, PB_BYTES}, {3, PB_V32}, {0, 0}};
    pb_field whole = {0, PB_BYTES, 0, c->buf, hlen}, f;
    pb_msg m = pb_open(&whole, hints);
    int r, named = 0;
    *datasize = 0;
    while ((r = pb_next(&m, &f)) == 1) {
        if (f.id == 1 && f.len == strlen(type) && memcmp(f.p, type, f.len) == 0)
            named = 1;
        else if (f.id == 3)
            *datasize = (int32_t)(uint32_t)f.v;
    }
    if (r < 0)
        return pbf_bad(c, "broken block header%s", c->block == 1 ? " (not a PBF file?)" : "");
    if (!named)
        return pbf_bad(c, "the block is not of type %s%s", type, c->block == 1 ? " (not a PBF file?)" : "");
    if (*datasize <= 0 || *datasize > PBF_BLOB_MAX)
        return pbf_bad(c, "declares a block of %lld bytes (the format allows 1 byte to 32 MiB)", (long long)*datasize);
    return PC_OK;
}

static pc_rc pbf_read(pbf_ctx *c, FILE *f, size_t n)
{
    if (fread(c->buf, 1, n, f) == n)
        return PC_OK;
    snprintf(c->err, c->err_len, "%s: read error: %s", c->path, ferror(f) ? strerror(errno) : "file shrank");
    return PC_EIO;
}

/* One block at c->block_at of a file of size bytes. */
static pc_rc check_one(pbf_ctx *c, FILE *f, uint64_t size, uint64_t *next)
{
    uint64_t left = size - c->block_at;
    uint8_t be[4];
    int64_t datasize;
    pc_rc rc;
    if (left < 4)
        return pbf_bad(c, c->block == 1 ? "not a PBF file (too short)" : "truncated: the file ends inside a block");
    if (fread(be, 1, 4, f) != 4)
        return pbf_read(c, f, 4);
    uint32_t hlen = (uint32_t)be[0] << 24 | (uint32_t)be[1] << 16 | (uint32_t)be[2] << 8 | be[3];
    if (hlen == 0 || hlen > PBF_HEADER_MAX)
        return pbf_bad(c, "block header of %lu bytes (the format allows 1 byte to 64 KiB)%s", (unsigned long)hlen,
                       c->block == 1 ? ": not a PBF file?" : "");
    if (hlen > left - 4)
        return pbf_bad(c, "truncated: the block header needs %lu bytes, the file ends %llu bytes later",
                       (unsigned long)hlen, (unsigned long long)(left - 4));
    if ((rc = grow(&c->buf, &c->buf_cap, PBF_HEADER_MAX)) != PC_OK || (rc = pbf_read(c, f, hlen)) != PC_OK)
        return rc;
    if ((rc = check_blob_header(c, hlen, c->block == 1 ? "OSMHeader" : "OSMData", &datasize)) != PC_OK)
        return rc;
    if ((uint64_t)datasize > left - 4 - hlen)
        return pbf_bad(c, "truncated: the block needs %lld bytes, the file ends %llu bytes later", (long long)datasize,
                       (unsigned long long)(left - 4 - hlen));
    *next = c->block_at + 4 + hlen + (uint64_t)datasize;
    if (c->block == 1) { /* readosm reads the header block's data and ignores it */
        if (fseeko(f, (off_t)datasize, SEEK_CUR) == 0)
            return PC_OK;
        snprintf(c->err, c->err_len, "%s: seek error: %s", c->path, strerror(errno));
        return PC_EIO;
    }
    if ((rc = grow(&c->buf, &c->buf_cap, (size_t)datasize)) != PC_OK ||
        (rc = pbf_read(c, f, (size_t)datasize)) != PC_OK)
        return rc;
    return check_blob(c, c->buf, (size_t)datasize);
}

static pc_rc check_pbf(FILE *f, const char *path, uint64_t size, char *err, size_t err_len)
{
    pbf_ctx c = {.path = path, .err = err, .err_len = err_len};
    pc_rc rc = PC_OK;
    uint64_t at = 0;
    for (c.block = 1; rc == PC_OK && (c.block == 1 || at < size); c.block++) {
        c.block_at = at;
        rc = check_one(&c, f, size, &at);
    }
    if (rc == PC_ENOMEM)
        snprintf(err, err_len, "%s: out of memory", path);
    free(c.buf);
    free(c.raw);
    return rc;
}

/* --- entry ------------------------------------------------------------------ */

pc_rc geo_osm_check(const char *path, char *err, size_t err_len)
{
    char dummy[1];
    if (!err || !err_len)
        err = dummy, err_len = sizeof dummy;
    err[0] = '\0';
    size_t n = path ? strlen(path) : 0;
    /* the suffixes readosm_open() goes by */
    int xml = n > 4 && strcasecmp(path + n - 4, ".osm") == 0, pbf = n > 4 && strcasecmp(path + n - 4, ".pbf") == 0;
    if (!xml && !pbf) {
        snprintf(err, err_len, "%s: wrong format: the name must end in .osm or .osm.pbf (OSM XML or PBF)",
                 path ? path : "(null)");
        return PC_EFORMAT;
    }
    FILE *f = fopen(path, "rb");
    struct stat sb;
    if (!f) {
        snprintf(err, err_len, "%s: %s", path, strerror(errno));
        return PC_ENOTFOUND;
    }
    pc_rc rc;
    if (fstat(fileno(f), &sb) != 0 || !S_ISREG(sb.st_mode)) {
        snprintf(err, err_len, "%s: not a regular file", path);
        rc = PC_ENOTFOUND;
    } else {
        rc = xml ? check_xml(f, path, err, err_len) : check_pbf(f, path, (uint64_t)sb.st_size, err, err_len);
    }
    fclose(f);
    return rc;
}
