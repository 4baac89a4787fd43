/* rt_profile.c — road classes and the vehicle profile parser.
 *
 * Format: '#' starts a comment; "[name]" opens a profile; "key = value"
 * lines set its fields. Every field must be valid and every profile needs
 * its sizes, access and at least one speed; anything else is an error with
 * the line number, because a silently wrong profile would route a fire
 * engine into an alley it cannot enter. */
#include "rt_profile.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const CLASS_NAMES[RT_CLASS_COUNT] = {
    "motorway", "trunk",   "primary", "secondary", "tertiary", "unclassified", "residential", "living_street", "service",
    "track",    "road",    "pedestrian", "footway", "path",    "steps",        "cycleway",    "corridor",      "other",
};

rt_class rt_class_parse(const char *v)
{
    if (!v)
        return RT_CLASS_OTHER;
    size_t n = strlen(v);
    if (n > 5 && strcmp(v + n - 5, "_link") == 0)
        n -= 5;
    for (int c = 0; c < RT_CLASS_OTHER; c++)
        if (strlen(CLASS_NAMES[c]) == n && strncmp(CLASS_NAMES[c], v, n) == 0)
            return (rt_class)c;
    return RT_CLASS_OTHER;
}

const char *rt_class_name(rt_class c) { return (unsigned)c < RT_CLASS_COUNT ? CLASS_NAMES[c] : "other"; }

double rt_profile_min_width_m(const rt_profile *p) { return p->width_m + p->width_margin_m; }

int rt_profiles_find(const rt_profile_set *set, const char *name)
{
    for (size_t i = 0; name && i < set->n; i++)
        if (strcmp(set->p[i].name, name) == 0)
            return (int)i;
    return -1;
}

/* Copies [b,e) trimmed of blanks into buf; 0 when it does not fit. */
static int trimmed(const char *b, const char *e, char *buf, size_t n)
{
    while (b < e && isspace((unsigned char)*b))
        b++;
    while (e > b && isspace((unsigned char)e[-1]))
        e--;
    if ((size_t)(e - b) >= n)
        return 0;
    memcpy(buf, b, (size_t)(e - b));
    buf[e - b] = '\0';
    return 1;
}

static int parse_num(const char *s, double min, double max, double *out)
{
    char *end;
    double v = strtod(s, &end);
    if (end == s || *end || !isfinite(v) || v < min || v > max)
        return 0;
    *out = v;
    return 1;
}

/* Sets one key of p; returns a problem description or NULL. seen marks the
 * required keys found (bits: width, height, margin, clear, access, oneway). */
static const char *set_key(rt_profile *p, const char *key, const char *val, unsigned *seen)
{
    static const struct {
        const char *key;
        size_t off;
        double min, max;
    } nums[] = {{"width_m", offsetof(rt_profile, width_m), 0.1, 10},
                {"height_m", offsetof(rt_profile, height_m), 0.1, 10},
                {"width_margin_m", offsetof(rt_profile, width_margin_m), 0, 10},
                {"clear_height_m", offsetof(rt_profile, clear_height_m), 0, 10}};
    for (unsigned i = 0; i < 4; i++) {
        if (strcmp(key, nums[i].key) == 0) {
            if (!parse_num(val, nums[i].min, nums[i].max, (double *)((char *)p + nums[i].off)))
                return "value out of range";
            *seen |= 1u << i;
            return NULL;
        }
    }
    if (strcmp(key, "access") == 0) {
        if (strcmp(val, "motor") != 0 && strcmp(val, "foot") != 0)
            return "access must be motor or foot";
        p->access = val[0] == 'm' ? RT_ACCESS_MOTOR : RT_ACCESS_FOOT;
        *seen |= 1u << 4;
        return NULL;
    }
    if (strcmp(key, "oneway") == 0) {
        if (strcmp(val, "yes") != 0 && strcmp(val, "no") != 0)
            return "oneway must be yes or no";
        p->obeys_oneway = val[0] == 'y';
        *seen |= 1u << 5;
        return NULL;
    }
    if (strncmp(key, "speed_kmh.", 10) == 0) {
        const char *cls = key + 10;
        rt_class c = rt_class_parse(cls);
        if (c == RT_CLASS_OTHER && strcmp(cls, "other") != 0)
            return "unknown road class";
        if (!parse_num(val, 0.5, 150, &p->speed_kmh[c]))
            return "speed must be 0.5 to 150 km/h";
        *seen |= 1u << 6;
        return NULL;
    }
    return "unknown key";
}

static int valid_name(const char *s)
{
    if (!*s || strlen(s) >= sizeof((rt_profile *)0)->name)
        return 0;
    for (; *s; s++)
        if (!(islower((unsigned char)*s) || isdigit((unsigned char)*s) || *s == '_'))
            return 0;
    return 1;
}

static pc_rc fail(char *err, size_t err_len, int line, const char *why)
{
    if (err && err_len)
        snprintf(err, err_len, "vehicle profiles, line %d: %s", line, why);
    return PC_EFORMAT;
}

pc_rc rt_profiles_parse(const char *text, size_t len, rt_profile_set *out, char *err, size_t err_len)
{
    memset(out, 0, sizeof *out);
    rt_profile *cur = NULL;
    unsigned seen = 0;
    int line = 0;
    const char *p = text, *end = text + len;
    while (p < end) {
        const char *eol = memchr(p, '\n', (size_t)(end - p));
        if (!eol)
            eol = end;
        line++;
        const char *hash = memchr(p, '#', (size_t)(eol - p));
        char buf[256], key[128], val[128];
        if (!trimmed(p, hash ? hash : eol, buf, sizeof buf))
            return fail(err, err_len, line, "line too long");
        p = eol + 1;
        if (!buf[0])
            continue;
        if (buf[0] == '[') {
            size_t n = strlen(buf);
            if (cur && seen != 0x7f)
                return fail(err, err_len, line, "previous profile lacks a size, access, oneway or speed");
            if (n < 3 || buf[n - 1] != ']' || !trimmed(buf + 1, buf + n - 1, key, sizeof key) || !valid_name(key))
                return fail(err, err_len, line, "bad [profile] name (lowercase letters, digits, _)");
            if (rt_profiles_find(out, key) >= 0)
                return fail(err, err_len, line, "duplicate profile");
            if (out->n == RT_MAX_PROFILES)
                return fail(err, err_len, line, "too many profiles");
            cur = &out->p[out->n++];
            snprintf(cur->name, sizeof cur->name, "%s", key);
            seen = 0;
            continue;
        }
        char *eq = strchr(buf, '=');
        if (!cur || !eq || !trimmed(buf, eq, key, sizeof key) || !trimmed(eq + 1, buf + strlen(buf), val, sizeof val))
            return fail(err, err_len, line, cur ? "expected key = value" : "expected [profile] first");
        const char *why = set_key(cur, key, val, &seen);
        if (why)
            return fail(err, err_len, line, why);
    }
    if (!cur)
        return fail(err, err_len, line, "no profiles");
    if (seen != 0x7f)
        return fail(err, err_len, line, "last profile lacks a size, access, oneway or speed");
    return PC_OK;
}

pc_rc rt_profiles_default(rt_profile_set *out)
{
    const char *t = rt_profiles_default_text();
    return rt_profiles_parse(t, strlen(t), out, NULL, 0);
}
