/* cmd_geocode.c — `pccc geocode`: find a building by house code, address or
 * coordinates and print the ranked candidates as JSON, best first. */
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "geo_geocode.h"
#include "geo_proj.h"

void usage_geocode(void)
{
    printf("usage: pccc geocode [--db FILE] [--max N] TEXT...\n"
           "       pccc geocode [--db FILE] [--max N] --at LAT,LON\n"
           "       pccc geocode [--db FILE] [--max N] --vn2000 X,Y\n\n"
           "TEXT is a house code (HN-XXXX-XXXX-C) or a Vietnamese address as people type it\n"
           "(\"số 5 ngách 12 ngõ 34 phố Khương Hạ\", \"5/12/34 Khuong Ha\", ...). --at takes WGS 84,\n"
           "--vn2000 takes VN-2000 / TM-3 105°00' (EPSG:5897) easting,northing in metres; both give\n"
           "the building containing the point, else the nearest.\n\n"
           "Prints {\"status\", \"candidates\": [{house_code, address, lat, lon, confidence, ...}]}.\n"
           "A house code with a wrong check character is refused with the existing codes one typo\n"
           "away as \"suggestions\". Exit 0 when something was found, 1 otherwise.\n");
}

static void json_str(const char *s)
{
    if (!s) {
        fputs("null", stdout);
        return;
    }
    putchar('"');
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (*p == '"' || *p == '\\')
            printf("\\%c", *p);
        else if (*p < 0x20)
            printf("\\u%04x", *p);
        else
            putchar(*p);
    }
    putchar('"');
}

static const char *match_name(geo_gc_match m)
{
    static const char *const names[] = {"house_code", "address", "address_point", "contains", "nearest"};
    return m <= GEO_GC_NEAREST ? names[m] : "unknown";
}

static void print_cands(const char *key, const geo_gc_candidate *c, size_t n)
{
    printf(",\"%s\":[", key);
    for (size_t i = 0; i < n; i++) {
        printf("%s{\"house_code\":", i ? "," : "");
        json_str(c[i].house_code);
        printf(",\"address\":");
        json_str(c[i].address);
        printf(",\"lat\":%.7f,\"lon\":%.7f,\"confidence\":%.3f,\"match\":\"%s\",\"building_id\":%" PRId64,
               c[i].pos.lat_deg, c[i].pos.lon_deg, c[i].confidence, match_name(c[i].match), c[i].building_id);
        if (c[i].address_point_id)
            printf(",\"address_point_id\":%" PRId64, c[i].address_point_id);
        if (c[i].dist_m >= 0)
            printf(",\"dist_m\":%.2f", c[i].dist_m);
        putchar('}');
    }
    putchar(']');
}

static void print_parsed(const geo_address *a)
{
    printf(",\"parsed\":{\"number\":");
    json_str(a->number);
    printf(",\"ngach\":");
    json_str(a->ngach);
    printf(",\"ngo\":");
    json_str(a->ngo);
    printf(",\"street\":");
    json_str(a->street);
    printf(",\"ward\":");
    json_str(a->ward);
    printf(",\"district\":");
    json_str(a->district);
    printf(",\"free\":[");
    for (size_t i = 0; i < a->n_free; i++) {
        if (i)
            putchar(',');
        json_str(a->free[i]);
    }
    printf("]}");
}

static int print_result(const geo_gc_result *r)
{
    static const char *const status[] = {"found", "no_match", "refused"};
    printf("{\"status\":\"%s\"", status[r->status]);
    if (r->status == GEO_GC_BAD_CHECK) {
        printf(",\"reason\":\"the check character of house code %s is wrong\",\"typed_code\":", r->typed_code);
        json_str(r->typed_code);
        print_cands("suggestions", r->suggestions, r->n_suggestions);
    }
    print_cands("candidates", r->cands, r->n_cands);
    if (r->is_address)
        print_parsed(&r->parsed);
    printf("}\n");
    return r->status == GEO_GC_FOUND ? CLI_OK : CLI_ERROR;
}

/* "X,Y" in VN-2000 metres -> WGS 84. */
static int vn2000_to_lonlat(const char *arg, geo_lonlat *out)
{
    double x, y;
    const char *comma = strchr(arg, ',');
    char a[48];
    if (!comma || comma - arg >= (long)sizeof a)
        return -1;
    memcpy(a, arg, (size_t)(comma - arg));
    a[comma - arg] = '\0';
    if (cli_parse_double(a, GEO_VN2000_EAST_MIN_M, GEO_VN2000_EAST_MAX_M, &x) != 0 ||
        cli_parse_double(comma + 1, GEO_VN2000_NORTH_MIN_M, GEO_VN2000_NORTH_MAX_M, &y) != 0)
        return -1;
    geo_proj *p = NULL;
    char err[256];
    if (geo_proj_create(&p, err, sizeof err) != PC_OK) {
        fprintf(stderr, "pccc geocode: %s\n", err);
        return -2;
    }
    pc_rc rc = geo_proj_from_vn2000(p, (geo_xy){x, y}, out);
    geo_proj_destroy(p);
    return rc == PC_OK ? 0 : -1;
}

/* Joins the remaining arguments with spaces (an address need not be quoted). */
static int join_args(int argc, char **argv, char *buf, size_t n)
{
    size_t len = 0;
    buf[0] = '\0';
    for (int i = optind; i < argc; i++) {
        size_t l = strlen(argv[i]);
        if (len + l + 2 > n)
            return -1;
        if (len)
            buf[len++] = ' ';
        memcpy(buf + len, argv[i], l + 1);
        len += l;
    }
    return len ? 0 : -1;
}

int cmd_geocode(int argc, char **argv)
{
    static const struct option opts[] = {{"db", required_argument, 0, 'd'},     {"at", required_argument, 0, 'a'},
                                         {"vn2000", required_argument, 0, 'v'}, {"max", required_argument, 0, 'm'},
                                         {0, 0, 0, 0}};
    const char *db = cli_default_db(), *at = NULL, *vn = NULL;
    unsigned long long max = 10;
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        if (c == 'd') db = optarg;
        else if (c == 'a') at = optarg;
        else if (c == 'v') vn = optarg;
        else if (c == 'm' && cli_parse_uint(optarg, 1, GEO_GEOCODE_MAX_RESULTS, &max) == 0) continue;
        else { usage_geocode(); return CLI_USAGE; }
    }
    char text[GEO_ADDRESS_MAX_LEN + 2];
    int has_text = optind < argc;
    if ((at != NULL) + (vn != NULL) + has_text != 1) {
        fprintf(stderr, "pccc geocode: give exactly one of TEXT, --at LAT,LON or --vn2000 X,Y\n");
        return CLI_USAGE;
    }
    if (has_text && join_args(argc, argv, text, sizeof text) != 0) {
        fprintf(stderr, "pccc geocode: the text is longer than %d bytes\n", GEO_ADDRESS_MAX_LEN);
        return CLI_USAGE;
    }
    geo_lonlat pos = {0, 0};
    if (at && cli_parse_latlon(at, &pos.lat_deg, &pos.lon_deg) != 0) {
        fprintf(stderr, "pccc geocode: --at wants LAT,LON in degrees (WGS 84)\n");
        return CLI_USAGE;
    }
    int vrc = vn ? vn2000_to_lonlat(vn, &pos) : 0;
    if (vrc != 0) {
        if (vrc == -1)
            fprintf(stderr, "pccc geocode: --vn2000 wants X,Y in metres inside VN-2000 / TM-3 105° "
                            "(easting %.0f..%.0f, northing %.0f..%.0f)\n",
                    GEO_VN2000_EAST_MIN_M, GEO_VN2000_EAST_MAX_M, GEO_VN2000_NORTH_MIN_M, GEO_VN2000_NORTH_MAX_M);
        return vrc == -1 ? CLI_USAGE : CLI_ERROR;
    }
    geo_store *s = NULL;
    geo_geocoder *g = NULL;
    pc_arena *a = NULL;
    geo_gc_result *r = NULL;
    char err[256];
    int ret = CLI_ERROR;
    if (geo_store_open(db, GEO_STORE_READONLY, &s, err, sizeof err) != PC_OK) {
        fprintf(stderr, "pccc geocode: %s\n", err);
        goto cleanup;
    }
    pc_rc rc = geo_geocoder_create(s, &g);
    if (rc == PC_OK && !(a = pc_arena_create(0)))
        rc = PC_ENOMEM;
    if (rc == PC_OK)
        rc = has_text ? geo_geocode_text(g, text, (size_t)max, a, &r) : geo_geocode_reverse(g, pos, (size_t)max, a, &r);
    if (rc == PC_EINVAL || rc == PC_ELIMIT) {
        fprintf(stderr, "pccc geocode: %s: not a house code or an address (valid UTF-8, at most %d bytes)\n",
                pc_rc_str(rc), GEO_ADDRESS_MAX_LEN);
        ret = CLI_USAGE;
    } else if (rc != PC_OK) {
        fprintf(stderr, "pccc geocode: %s (%s)\n", pc_rc_str(rc), geo_store_errmsg(s));
    } else {
        ret = print_result(r);
    }
cleanup:
    pc_arena_destroy(a);
    geo_geocoder_destroy(g);
    geo_store_close(s);
    return ret;
}
