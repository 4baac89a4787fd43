/* coverage_png.c — a PNG map of coverage classes, with no image library.
 *
 * Each building's entrance is a 2x2 dot coloured by class (green within T1,
 * yellow within T2, orange beyond, red unreachable) on white, in an
 * equirectangular view scaled by cos(latitude). The PNG is RGB, 8 bits, its
 * zlib stream made of stored (uncompressed) deflate blocks: a valid PNG
 * without zlib, at the price of size (3 bytes a pixel). CRC-32 and Adler-32
 * are computed here. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "coverage_int.h"

static const unsigned char class_rgb[ENG_COV_N_CLASSES][3] = {
    {26, 152, 80}, {254, 224, 139}, {252, 141, 89}, {215, 48, 39}};

static uint32_t crc32_update(const uint32_t *tab, uint32_t crc, const unsigned char *p, size_t n)
{
    crc = ~crc;
    while (n--)
        crc = tab[(crc ^ *p++) & 0xff] ^ (crc >> 8);
    return ~crc;
}

static void put32(unsigned char *p, uint32_t v)
{
    p[0] = (unsigned char)(v >> 24), p[1] = (unsigned char)(v >> 16), p[2] = (unsigned char)(v >> 8),
    p[3] = (unsigned char)v;
}

static void chunk(pc_buf *out, const uint32_t *tab, const char type[4], const unsigned char *data, size_t n)
{
    unsigned char h[8];
    put32(h, (uint32_t)n);
    memcpy(h + 4, type, 4);
    pc_buf_append(out, h, 8);
    if (n)
        pc_buf_append(out, data, n);
    uint32_t crc = crc32_update(tab, 0, (const unsigned char *)type, 4);
    crc = crc32_update(tab, crc, data, n);
    put32(h, crc);
    pc_buf_append(out, h, 4);
}

/* The zlib stream of raw (filter byte + pixels per row) in stored blocks. */
static unsigned char *zlib_stored(const unsigned char *raw, size_t n, size_t *n_out)
{
    size_t n_blocks = n / 65535 + 1;
    unsigned char *z = malloc(2 + n + 5 * n_blocks + 4);
    if (!z)
        return NULL;
    size_t k = 0;
    z[k++] = 0x78, z[k++] = 0x01;
    uint32_t s1 = 1, s2 = 0;
    for (size_t off = 0, b = 0; b < n_blocks; b++) {
        size_t len = n - off > 65535 ? 65535 : n - off;
        z[k++] = b + 1 == n_blocks;
        z[k++] = (unsigned char)len, z[k++] = (unsigned char)(len >> 8);
        z[k++] = (unsigned char)~len, z[k++] = (unsigned char)(~len >> 8);
        memcpy(z + k, raw + off, len);
        for (size_t i = 0; i < len; i++) {
            s1 = (s1 + raw[off + i]) % 65521;
            s2 = (s2 + s1) % 65521;
        }
        k += len, off += len;
    }
    put32(z + k, (s2 << 16) | s1);
    *n_out = k + 4;
    return z;
}

pc_rc eng_cov_png(const eng_cov_ctx *c, const eng_cov_result *r, long unit_ix, int width_px, pc_buf *out)
{
    if (width_px < 16 || width_px > 8000)
        return PC_EINVAL;
    unsigned char *in = calloc(r->n_units + 1, 1);
    if (!in)
        return PC_ENOMEM;
    for (size_t u = 0; u < r->n_units; u++)
        in[u] = (unsigned char)eng_cov_unit_under(r, (long)u, unit_ix);
#define IN_AREA(i) (unit_ix < 0 || (c->b_unit[i] >= 0 && in[c->b_unit[i]]))
    double x0 = INFINITY, x1 = -INFINITY, y0 = INFINITY, y1 = -INFINITY;
    for (size_t i = 0; i < c->n_bld; i++)
        if (IN_AREA(i)) {
            geo_lonlat p = c->bld[i].entrance;
            x0 = fmin(x0, p.lon_deg), x1 = fmax(x1, p.lon_deg), y0 = fmin(y0, p.lat_deg), y1 = fmax(y1, p.lat_deg);
        }
    if (!isfinite(x0)) {
        free(in);
        return PC_ENOTFOUND;
    }
    double k = cos((y0 + y1) / 2 * M_PI / 180), span_x = fmax((x1 - x0) * k, 1e-6), span_y = fmax(y1 - y0, 1e-6);
    int w = width_px, h = (int)ceil(w * span_y / span_x);
    h = h < 16 ? 16 : h > 8000 ? 8000 : h;
    size_t row = 1 + 3 * (size_t)w, n_raw = row * (size_t)h;
    unsigned char *raw = malloc(n_raw);
    pc_rc rc = raw ? PC_OK : PC_ENOMEM;
    for (size_t y = 0; rc == PC_OK && y < (size_t)h; y++) {
        raw[y * row] = 0;
        memset(raw + y * row + 1, 255, row - 1);
    }
    for (size_t i = 0; rc == PC_OK && i < c->n_bld; i++) {
        if (!IN_AREA(i))
            continue;
        geo_lonlat p = c->bld[i].entrance;
        int px = (int)((p.lon_deg - x0) * k / span_x * (w - 2)), py = (int)((y1 - p.lat_deg) / span_y * (h - 2));
        for (int dy = 0; dy < 2; dy++)
            for (int dx = 0; dx < 2; dx++)
                memcpy(raw + (size_t)(py + dy) * row + 1 + 3 * (size_t)(px + dx), class_rgb[r->b[i].cls], 3);
    }
#undef IN_AREA
    size_t n_z = 0;
    unsigned char *z = rc == PC_OK ? zlib_stored(raw, n_raw, &n_z) : NULL;
    if (rc == PC_OK && !z)
        rc = PC_ENOMEM;
    if (rc == PC_OK) {
        uint32_t tab[256];
        for (uint32_t n = 0; n < 256; n++) {
            uint32_t v = n;
            for (int b = 0; b < 8; b++)
                v = v & 1 ? 0xEDB88320u ^ (v >> 1) : v >> 1;
            tab[n] = v;
        }
        static const unsigned char sig[8] = {0x89, 'P', 'N', 'G', 0x0d, 0x0a, 0x1a, 0x0a};
        unsigned char ihdr[13] = {0};
        put32(ihdr, (uint32_t)w), put32(ihdr + 4, (uint32_t)h);
        ihdr[8] = 8, ihdr[9] = 2; /* 8 bits, RGB; deflate, filter 0, no interlace */
        pc_buf_append(out, sig, 8);
        chunk(out, tab, "IHDR", ihdr, 13);
        chunk(out, tab, "IDAT", z, n_z);
        chunk(out, tab, "IEND", NULL, 0);
        rc = pc_buf_rc(out);
    }
    free(z);
    free(raw);
    free(in);
    return rc;
}
