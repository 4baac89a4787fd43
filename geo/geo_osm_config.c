/* geo_osm_config.c — data/osm/roads.conf: road classes, widths, usage.
 *
 * The file is a small INI dialect (see data/osm/README.md): [class]
 * sections of key = value lines, '#' comments. The built-in defaults below
 * are the same text as data/osm/roads.conf without its comments; a unit
 * test checks that both parse to the same configuration. */
#include "geo_osm_int.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "geo_text.h"

static const char *const FORM_KEYS[GEO_OSM_N_FORMS] = {"ngo", "ngach", "hem", "kiet", "pho", "duong", "dai_lo"};
/* folded name prefixes of each form (followed by a space) */
static const char *const FORM_PREFIXES[GEO_OSM_N_FORMS] = {"ngo ", "ngach ", "hem ", "kiet ", "pho ", "duong ",
                                                           "dai lo "};

static const char DEFAULT_CONF[] =
    "[general]\nlane_width_m = 3.25\nwidth_m.ngo = 3.0\nwidth_m.ngach = 2.0\nwidth_m.hem = 3.0\nwidth_m.kiet = 3.0\n"
    "[motorway]\nmotor = yes\nfoot = no\nlanes = yes\nwidth_m = 14\n"
    "[motorway_link]\nmotor = yes\nfoot = no\nlanes = yes\nwidth_m = 7\n"
    "[trunk]\nmotor = yes\nfoot = yes\nlanes = yes\nwidth_m = 14\n"
    "[trunk_link]\nmotor = yes\nfoot = yes\nlanes = yes\nwidth_m = 7\n"
    "[primary]\nmotor = yes\nfoot = yes\nlanes = yes\nwidth_m = 12\n"
    "[primary_link]\nmotor = yes\nfoot = yes\nlanes = yes\nwidth_m = 6\n"
    "[secondary]\nmotor = yes\nfoot = yes\nlanes = yes\nwidth_m = 9\n"
    "[secondary_link]\nmotor = yes\nfoot = yes\nlanes = yes\nwidth_m = 6\n"
    "[tertiary]\nmotor = yes\nfoot = yes\nlanes = yes\nwidth_m = 7\nwidth_m.ngo = 5\nwidth_m.ngach = 3.5\n"
    "[tertiary_link]\nmotor = yes\nfoot = yes\nlanes = yes\nwidth_m = 5\n"
    "[unclassified]\nmotor = yes\nfoot = yes\nlanes = yes\nwidth_m = 5\nwidth_m.ngo = 3.5\nwidth_m.ngach = 2.5\n"
    "[residential]\nmotor = yes\nfoot = yes\nlanes = yes\nwidth_m = 5\nwidth_m.ngo = 3.0\nwidth_m.ngach = 2.2\n"
    "width_m.pho = 7\nwidth_m.duong = 8\n"
    "[living_street]\nmotor = yes\nfoot = yes\nwidth_m = 3.5\nwidth_m.ngo = 2.5\nwidth_m.ngach = 2.0\n"
    "[service]\nmotor = yes\nfoot = yes\nwidth_m = 3.5\nwidth_m.ngo = 2.8\nwidth_m.ngach = 2.0\n"
    "[road]\nmotor = yes\nfoot = yes\nlanes = yes\nwidth_m = 5\n"
    "[track]\nmotor = yes\nfoot = yes\nwidth_m = 3\n"
    "[busway]\nmotor = yes\nfoot = no\nlanes = yes\nwidth_m = 7\n"
    "[pedestrian]\nmotor = no\nfoot = yes\nwidth_m = 5\nwidth_m.ngo = 3.0\n"
    "[footway]\nmotor = no\nfoot = yes\nwidth_m = 1.5\nwidth_m.ngo = 2.0\nwidth_m.ngach = 1.5\n"
    "[path]\nmotor = no\nfoot = yes\nwidth_m = 1.5\nwidth_m.ngo = 2.0\nwidth_m.ngach = 1.5\n"
    "[steps]\nmotor = no\nfoot = yes\nwidth_m = 1.5\n"
    "[cycleway]\nmotor = no\nfoot = yes\nwidth_m = 2\n"
    "[bridleway]\nmotor = no\nfoot = yes\nwidth_m = 2\n"
    "[corridor]\nmotor = no\nfoot = yes\nwidth_m = 2\n"
    "[ladder]\nmotor = no\nfoot = yes\nwidth_m = 0.8\n"
    "[construction]\nmotor = no\nfoot = no\nwidth_m = 5\n"
    "[proposed]\nmotor = no\nfoot = no\nwidth_m = 5\n"
    "[platform]\nimport = no\n[raceway]\nimport = no\n[elevator]\nimport = no\n[bus_stop]\nimport = no\n"
    "[other]\nmotor = no\nfoot = yes\nwidth_m = 2\n";

static void set_err(char *err, size_t err_len, const char *where, int line, const char *what)
{
    if (err && err_len)
        snprintf(err, err_len, "%s:%d: %s", where, line, what);
}

static char *trim(char *s)
{
    while (isspace((unsigned char)*s))
        s++;
    size_t n = strlen(s);
    while (n && isspace((unsigned char)s[n - 1]))
        s[--n] = '\0';
    return s;
}

static int parse_bool(const char *v, int *out)
{
    if (strcmp(v, "yes") == 0 || strcmp(v, "true") == 0 || strcmp(v, "1") == 0)
        return *out = 1, 0;
    if (strcmp(v, "no") == 0 || strcmp(v, "false") == 0 || strcmp(v, "0") == 0)
        return *out = 0, 0;
    return -1;
}

static int parse_width(const char *v, double *out)
{
    char *end = NULL;
    double d = strtod(v, &end);
    if (end == v || *end || !isfinite(d) || d <= 0 || d > 100)
        return -1;
    *out = d;
    return 0;
}

static geo_osm_class *new_class(geo_osm_config *c, const char *name)
{
    for (size_t i = 0; i < c->n_classes; i++)
        if (strcmp(c->classes[i].name, name) == 0)
            return &c->classes[i];
    if (c->n_classes == GEO_OSM_MAX_CLASSES || strlen(name) >= sizeof c->classes[0].name)
        return NULL;
    geo_osm_class *k = &c->classes[c->n_classes++];
    memset(k, 0, sizeof *k);
    snprintf(k->name, sizeof k->name, "%s", name);
    k->import = 1, k->motor = 0, k->foot = 1, k->width_m = 3;
    return k;
}

/* One "key = value" line of section cls (NULL: [general]). 0 or -1. */
static int apply_key(geo_osm_config *c, geo_osm_class *cls, const char *k, const char *v)
{
    double *forms = cls ? cls->form_width_m : c->form_width_m;
    if (strncmp(k, "width_m.", 8) == 0) {
        for (int f = 0; f < GEO_OSM_N_FORMS; f++)
            if (strcmp(k + 8, FORM_KEYS[f]) == 0)
                return parse_width(v, &forms[f]);
        return -1;
    }
    if (!cls)
        return strcmp(k, "lane_width_m") == 0 ? parse_width(v, &c->lane_width_m) : -1;
    if (strcmp(k, "width_m") == 0)
        return parse_width(v, &cls->width_m);
    if (strcmp(k, "import") == 0)
        return parse_bool(v, &cls->import);
    if (strcmp(k, "motor") == 0)
        return parse_bool(v, &cls->motor);
    if (strcmp(k, "foot") == 0)
        return parse_bool(v, &cls->foot);
    if (strcmp(k, "lanes") == 0)
        return parse_bool(v, &cls->use_lanes);
    return -1;
}

/* Parses text (modified in place). where names the source in errors. */
static pc_rc parse_text(geo_osm_config *c, char *text, const char *where, char *err, size_t err_len)
{
    geo_osm_class *cls = NULL;
    int in_general = 0, line_no = 0;
    c->lane_width_m = 3.25;
    for (char *line = text, *next; line; line = next) {
        next = strchr(line, '\n');
        if (next)
            *next++ = '\0';
        line_no++;
        char *hash = strchr(line, '#');
        if (hash)
            *hash = '\0';
        char *l = trim(line);
        if (!*l)
            continue;
        if (*l == '[') {
            char *close = strchr(l, ']');
            if (!close || close[1]) {
                set_err(err, err_len, where, line_no, "bad section header");
                return PC_EFORMAT;
            }
            *close = '\0';
            char *name = trim(l + 1);
            in_general = strcmp(name, "general") == 0;
            cls = in_general ? NULL : new_class(c, name);
            if (!in_general && !cls) {
                set_err(err, err_len, where, line_no, "too many classes or class name too long");
                return PC_ELIMIT;
            }
            continue;
        }
        char *eq = strchr(l, '=');
        if (!eq || (!cls && !in_general)) {
            set_err(err, err_len, where, line_no, eq ? "key outside a section" : "expected key = value");
            return PC_EFORMAT;
        }
        *eq = '\0';
        if (apply_key(c, cls, trim(l), trim(eq + 1)) != 0) {
            set_err(err, err_len, where, line_no, "unknown key or bad value");
            return PC_EFORMAT;
        }
    }
    return PC_OK;
}

static pc_rc config_from_text(const char *text, const char *where, geo_osm_config **out, char *err, size_t err_len)
{
    *out = NULL;
    geo_osm_config *c = calloc(1, sizeof *c);
    char *copy = strdup(text);
    pc_rc rc = (c && copy) ? parse_text(c, copy, where, err, err_len) : PC_ENOMEM;
    free(copy);
    if (rc != PC_OK) {
        free(c);
        return rc;
    }
    *out = c;
    return PC_OK;
}

pc_rc geo_osm_config_default(geo_osm_config **out)
{
    return config_from_text(DEFAULT_CONF, "built-in roads.conf", out, NULL, 0);
}

pc_rc geo_osm_config_load(const char *path, geo_osm_config **out, char *err, size_t err_len)
{
    *out = NULL;
    FILE *f = fopen(path, "rb");
    if (!f) {
        if (err && err_len)
            snprintf(err, err_len, "cannot open %s", path);
        return PC_ENOTFOUND;
    }
    char *buf = malloc(GEO_OSM_CONF_MAX + 1);
    size_t n = buf ? fread(buf, 1, GEO_OSM_CONF_MAX + 1, f) : 0;
    fclose(f);
    pc_rc rc = PC_OK;
    if (!buf) {
        rc = PC_ENOMEM;
    } else if (n > GEO_OSM_CONF_MAX) {
        if (err && err_len)
            snprintf(err, err_len, "%s: larger than %d bytes", path, GEO_OSM_CONF_MAX);
        rc = PC_ELIMIT;
    } else {
        buf[n] = '\0';
        rc = config_from_text(buf, path, out, err, err_len);
    }
    free(buf);
    return rc;
}

void geo_osm_config_free(geo_osm_config *c) { free(c); }

int geo_osm_config_equal(const geo_osm_config *a, const geo_osm_config *b)
{
    if (a->n_classes != b->n_classes || a->lane_width_m != b->lane_width_m ||
        memcmp(a->form_width_m, b->form_width_m, sizeof a->form_width_m) != 0)
        return 0;
    for (size_t i = 0; i < a->n_classes; i++)
        if (memcmp(&a->classes[i], &b->classes[i], sizeof a->classes[i]) != 0)
            return 0;
    return 1;
}

const geo_osm_class *geo_osm_class_find(const geo_osm_config *c, const char *name)
{
    char base[32];
    const geo_osm_class *other = NULL;
    for (int pass = 0; pass < 2; pass++) {
        for (size_t i = 0; i < c->n_classes; i++) {
            if (strcmp(c->classes[i].name, name) == 0)
                return &c->classes[i];
            if (strcmp(c->classes[i].name, "other") == 0)
                other = &c->classes[i];
        }
        size_t n = strlen(name);
        if (pass || n < 6 || n >= sizeof base || strcmp(name + n - 5, "_link") != 0)
            break;
        snprintf(base, sizeof base, "%.*s", (int)(n - 5), name);
        name = base;
    }
    return other;
}

int geo_osm_name_form(const char *name)
{
    char folded[64];
    if (!name)
        return -1;
    /* only the first words matter: a truncated fold (PC_ELIMIT) is enough */
    pc_rc rc = geo_text_fold(name, folded, sizeof folded);
    if (rc != PC_OK && rc != PC_ELIMIT)
        return -1;
    for (int f = 0; f < GEO_OSM_N_FORMS; f++)
        if (strncmp(folded, FORM_PREFIXES[f], strlen(FORM_PREFIXES[f])) == 0)
            return f;
    return -1;
}
