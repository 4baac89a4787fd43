/* rt_profile.h — vehicle profiles: who may use which road, and how fast.
 *
 * Profiles come from a small INI-like text (data/osm/vehicles.conf; the same
 * text is compiled in as the default). routing/ does no I/O: callers read a
 * file themselves and hand its bytes to rt_profiles_parse(). */
#ifndef RT_PROFILE_H
#define RT_PROFILE_H

#include <stddef.h>

#include "pc_rc.h"

/* Road classes (OSM highway values; *_link roads map to their base class). */
typedef enum rt_class {
    RT_CLASS_MOTORWAY,
    RT_CLASS_TRUNK,
    RT_CLASS_PRIMARY,
    RT_CLASS_SECONDARY,
    RT_CLASS_TERTIARY,
    RT_CLASS_UNCLASSIFIED,
    RT_CLASS_RESIDENTIAL,
    RT_CLASS_LIVING_STREET,
    RT_CLASS_SERVICE,
    RT_CLASS_TRACK,
    RT_CLASS_ROAD,
    RT_CLASS_PEDESTRIAN,
    RT_CLASS_FOOTWAY,
    RT_CLASS_PATH,
    RT_CLASS_STEPS,
    RT_CLASS_CYCLEWAY,
    RT_CLASS_CORRIDOR,
    RT_CLASS_OTHER,
    RT_CLASS_COUNT
} rt_class;

/* The class for an OSM highway value (RT_CLASS_OTHER when unknown or NULL). */
rt_class rt_class_parse(const char *osm_highway);
/* The canonical name of a class ("other" for RT_CLASS_OTHER). */
const char *rt_class_name(rt_class c);

typedef enum rt_access { RT_ACCESS_MOTOR, RT_ACCESS_FOOT } rt_access;

#define RT_MAX_PROFILES 16

typedef struct rt_profile {
    char name[32];
    double width_m, height_m;
    double width_margin_m; /* needs road width >= width_m + width_margin_m */
    double clear_height_m; /* needs maxheight >= clear_height_m where maxheight is set */
    rt_access access;
    int obeys_oneway;
    double speed_kmh[RT_CLASS_COUNT]; /* 0: class not usable */
} rt_profile;

typedef struct rt_profile_set {
    rt_profile p[RT_MAX_PROFILES];
    size_t n;
} rt_profile_set;

/* Parses profiles from text (len bytes; need not be NUL-terminated). On
 * error returns PC_EFORMAT and err names the line and the problem. */
pc_rc rt_profiles_parse(const char *text, size_t len, rt_profile_set *out, char *err, size_t err_len);
/* The compiled-in data/osm/vehicles.conf. */
pc_rc rt_profiles_default(rt_profile_set *out);
/* The built-in text itself (NUL-terminated, static). */
const char *rt_profiles_default_text(void);
/* Index of the profile called name, or -1. */
int rt_profiles_find(const rt_profile_set *set, const char *name);
/* The minimum road width this profile needs. */
double rt_profile_min_width_m(const rt_profile *p);

#endif
