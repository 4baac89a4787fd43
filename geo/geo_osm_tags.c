/* geo_osm_tags.c — reading OSM tag values: lengths, speeds, yes/no, and the
 * road attributes (width, motor, foot) that roads.conf derives from them. */
#include "geo_osm_int.h"

#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

const char *osm_tag(const osm_tags *t, const char *key)
{
    for (size_t i = 0; i < t->n; i++)
        if (strcmp(t->k[i], key) == 0)
            return t->v[i];
    return NULL;
}

/* A decimal number with '.' or ',' at *p; advances p. -1 when none. */
static double read_number(const char **p)
{
    char buf[32];
    size_t n = 0;
    const char *s = *p;
    while (isspace((unsigned char)*s))
        s++;
    while ((isdigit((unsigned char)*s) || *s == '.' || *s == ',') && n < sizeof buf - 1)
        buf[n++] = *s == ',' ? '.' : *s, s++;
    buf[n] = '\0';
    if (!n || !isdigit((unsigned char)buf[0]))
        return -1;
    char *end = NULL;
    double d = strtod(buf, &end);
    if (*end || !isfinite(d))
        return -1;
    *p = s;
    return d;
}

double osm_parse_length_m(const char *v)
{
    if (!v)
        return -1;
    const char *p = v;
    double d = read_number(&p);
    if (d < 0)
        return -1;
    while (isspace((unsigned char)*p))
        p++;
    if (*p == '\'') { /* feet and inches: 14'6" */
        p++;
        double in = read_number(&p);
        d = d * 0.3048 + (in > 0 ? in * 0.0254 : 0);
    } else if (strncmp(p, "ft", 2) == 0) {
        d *= 0.3048;
    } else if (*p == 'm' || *p == '\0') {
        /* metres */
    } else {
        return -1;
    }
    return d > 0 && d < 1000 ? d : -1;
}

double osm_parse_speed_kmh(const char *v)
{
    if (!v)
        return -1;
    const char *p = v;
    double d = read_number(&p);
    if (d <= 0 || d > 300)
        return -1;
    while (isspace((unsigned char)*p))
        p++;
    if (strncmp(p, "mph", 3) == 0)
        return d * 1.609344;
    return (*p == '\0' || strncmp(p, "km/h", 4) == 0 || strncmp(p, "kmh", 3) == 0) ? d : -1;
}

int osm_parse_int(const char *v)
{
    if (!v)
        return -1;
    while (isspace((unsigned char)*v))
        v++;
    if (!isdigit((unsigned char)*v))
        return -1;
    long n = strtol(v, NULL, 10);
    return n >= 0 && n < 100000 ? (int)n : -1;
}

int osm_tag_truthy(const char *v)
{
    return v && *v && strcmp(v, "no") != 0 && strcmp(v, "false") != 0 && strcmp(v, "0") != 0;
}

static int is_value(const char *v, const char *const *set)
{
    for (; v && *set; set++)
        if (strcmp(v, *set) == 0)
            return 1;
    return 0;
}

/* Tags that close a way to motor vehicles or to people on foot, and those
 * that reopen it (see data/osm/roads.conf). */
static void apply_access(const osm_tags *t, geo_osm_road_attr *out)
{
    static const char *const open[] = {"yes", "designated", "permissive", "destination", "private", NULL};
    const char *access = osm_tag(t, "access"), *mv = osm_tag(t, "motor_vehicle"), *veh = osm_tag(t, "vehicle");
    const char *foot = osm_tag(t, "foot"), *emergency = osm_tag(t, "emergency");
    int access_no = access && strcmp(access, "no") == 0;
    if (access_no || (veh && strcmp(veh, "no") == 0) || (mv && strcmp(mv, "no") == 0))
        out->motor = 0;
    if (is_value(mv, open) || is_value(emergency, open))
        out->motor = 1; /* an explicit permission beats a general restriction */
    if (access_no || (foot && strcmp(foot, "no") == 0))
        out->foot = 0;
    if (is_value(foot, open))
        out->foot = 1;
}

void geo_osm_road_classify(const geo_osm_config *c, const char *const *keys, const char *const *vals, size_t n_tags,
                           geo_osm_road_attr *out)
{
    osm_tags t = {keys, vals, n_tags};
    memset(out, 0, sizeof *out);
    const char *hw = osm_tag(&t, "highway");
    const geo_osm_class *k = hw ? geo_osm_class_find(c, hw) : NULL;
    if (!k || !k->import)
        return;
    out->import = 1;
    out->motor = k->motor;
    out->foot = k->foot;
    double w = osm_parse_length_m(osm_tag(&t, "width"));
    if (w <= 0 || w > 100)
        w = osm_parse_length_m(osm_tag(&t, "est_width"));
    if (w > 0 && w <= 100) {
        out->width_m = w;
        out->width_tagged = 1;
    } else {
        int lanes = osm_parse_int(osm_tag(&t, "lanes"));
        int form = geo_osm_name_form(osm_tag(&t, "name"));
        if (k->use_lanes && lanes > 0 && lanes <= 16)
            out->width_m = lanes * c->lane_width_m;
        else if (form >= 0 && k->form_width_m[form] > 0)
            out->width_m = k->form_width_m[form];
        else if (form >= 0 && c->form_width_m[form] > 0)
            out->width_m = c->form_width_m[form];
        else
            out->width_m = k->width_m;
    }
    apply_access(&t, out);
}
