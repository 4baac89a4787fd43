/* geo_osm_read.c — reading an OSM file (XML or PBF, through readosm) into
 * the in-memory extract of geo_osm_int.h.
 *
 * Nothing is written while reading, so a broken file fails before the
 * database is touched, and the objects may come in any order (Overpass
 * answers often put ways before their nodes). readosm gives tags only for
 * the time of a callback: what we keep is copied into the string arena.
 * readosm 1.1.0 crashes on some malformed files: geo_osm_import runs the
 * check pass (geo_osm_check.c) first, so none reaches osm_extract_read. */
#include "geo_osm_int.h"

#include <errno.h>
#include <math.h>
#include <readosm.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "pc_progress.h"

#define MAX_TAGS 512

typedef struct read_ctx {
    osm_extract *x;
    pc_progress prog;
} read_ctx;

void *osm_vec_push(void *vec_v, size_t *n, size_t *cap, size_t elem)
{
    void **vec = vec_v;
    if (*n == *cap) {
        size_t c = *cap ? *cap * 2 : 256;
        void *p = realloc(*vec, c * elem);
        if (!p)
            return NULL;
        *vec = p, *cap = c;
    }
    char *e = (char *)*vec + (*n)++ * elem;
    memset(e, 0, elem);
    return e;
}

/* Copies readosm tags into key/value arrays (at most MAX_TAGS). */
static void tags_of(const readosm_tag *tags, int n, const char **k, const char **v, osm_tags *out)
{
    size_t m = n < 0 ? 0 : (size_t)n > MAX_TAGS ? MAX_TAGS : (size_t)n;
    for (size_t i = 0; i < m; i++)
        k[i] = tags[i].key, v[i] = tags[i].value;
    *out = (osm_tags){k, v, m};
}

static const char *keep(osm_extract *x, const char *s)
{
    if (!s)
        return NULL;
    const char *c = pc_arena_strdup(x->strings, s);
    if (!c)
        x->rc = PC_ENOMEM;
    return c;
}

static int is_in(const char *v, const char *const *set)
{
    for (; v && *set; set++)
        if (strcmp(v, *set) == 0)
            return 1;
    return 0;
}

/* "Số 5, Phố Hàng Bột, Văn Miếu, Đống Đa" from the addr:* tags (NULL when no
 * house number and no street). */
static const char *addr_full(osm_extract *x, const osm_tags *t)
{
    static const char *const parts[] = {"addr:street", "addr:place", "addr:quarter", "addr:subdistrict",
                                        "addr:district", "addr:city"};
    const char *num = osm_tag(t, "addr:housenumber");
    char buf[512];
    int n = num ? snprintf(buf, sizeof buf, "Số %s", num) : 0;
    int any = num != NULL;
    for (size_t i = 0; i < sizeof parts / sizeof parts[0] && n >= 0 && (size_t)n < sizeof buf; i++) {
        const char *p = osm_tag(t, parts[i]);
        if (p && *p) {
            n += snprintf(buf + n, sizeof buf - (size_t)n, "%s%s", n ? ", " : "", p);
            any |= i == 0;
        }
    }
    return any && n > 0 && (size_t)n < sizeof buf ? keep(x, buf) : NULL;
}

/* building_type code from building=*, amenity, shop, tourism, office. */
static const char *building_type(const osm_tags *t)
{
    static const char *const school[] = {"school", "university", "college", "kindergarten", NULL};
    static const char *const health[] = {"hospital", "clinic", "doctors", NULL};
    static const char *const office[] = {"office", "government", "public", "civic", "townhall", "police",
                                         "courthouse", "fire_station", NULL};
    static const char *const market[] = {"retail", "commercial", "supermarket", "marketplace", "mall",
                                         "department_store", NULL};
    static const char *const night[] = {"nightclub", "bar", "pub", "karaoke_box", NULL};
    static const char *const worship[] = {"temple", "church", "pagoda", "shrine", "mosque", "cathedral", "chapel",
                                          "place_of_worship", NULL};
    static const char *const lodging[] = {"hotel", "guest_house", "hostel", "motel", NULL};
    static const char *const industry[] = {"industrial", "warehouse", "factory", "manufacture", NULL};
    static const char *const house[] = {"house", "detached", "residential", "terrace", "semidetached_house", NULL};
    const char *b = osm_tag(t, "building"), *am = osm_tag(t, "amenity"), *shop = osm_tag(t, "shop");
    const char *tour = osm_tag(t, "tourism");
    if ((am && strcmp(am, "fuel") == 0) || (shop && strcmp(shop, "gas") == 0))
        return "fuel_station";
    if (is_in(am, school) || is_in(b, school))
        return "school";
    if (is_in(am, health) || is_in(b, health))
        return "hospital";
    if (is_in(am, night))
        return "karaoke_bar";
    if (is_in(tour, lodging) || is_in(b, lodging))
        return "hotel";
    if (is_in(am, market) || is_in(shop, market) || is_in(b, market))
        return "market";
    if (is_in(am, worship) || is_in(b, worship))
        return "religious";
    if (is_in(am, office) || is_in(b, office) || osm_tag(t, "office"))
        return "office";
    if (shop || osm_tag(t, "craft"))
        return "house_business";
    if (b && strcmp(b, "dormitory") == 0)
        return "boarding_house";
    if (b && strcmp(b, "apartments") == 0)
        return "apartment";
    if (is_in(b, industry))
        return "factory";
    if (is_in(b, house))
        return "house";
    return "other";
}

/* water_source.kind from the tags of a water area, NULL: by size. */
static const char *water_kind(const osm_tags *t)
{
    const char *w = osm_tag(t, "water"), *ww = osm_tag(t, "waterway"), *lu = osm_tag(t, "landuse");
    if (w) {
        static const char *const river[] = {"river", "oxbow", "stream", NULL};
        static const char *const reservoir[] = {"reservoir", "basin", "wastewater", NULL};
        if (strcmp(w, "lake") == 0 || strcmp(w, "lagoon") == 0)
            return "lake";
        if (strcmp(w, "pond") == 0 || strcmp(w, "fishpond") == 0)
            return "pond";
        if (strcmp(w, "canal") == 0 || strcmp(w, "ditch") == 0 || strcmp(w, "moat") == 0)
            return "canal";
        if (is_in(w, river))
            return "river";
        if (is_in(w, reservoir))
            return "reservoir";
    }
    if (ww && strcmp(ww, "riverbank") == 0)
        return "river";
    if (lu && (strcmp(lu, "reservoir") == 0 || strcmp(lu, "basin") == 0))
        return "reservoir";
    return NULL;
}

static int is_water_area(const osm_tags *t)
{
    const char *nat = osm_tag(t, "natural"), *ww = osm_tag(t, "waterway"), *lu = osm_tag(t, "landuse");
    const char *em = osm_tag(t, "emergency");
    return (nat && strcmp(nat, "water") == 0) || (ww && strcmp(ww, "riverbank") == 0) ||
           (lu && (strcmp(lu, "reservoir") == 0 || strcmp(lu, "basin") == 0)) ||
           (em && strcmp(em, "fire_water_pond") == 0);
}

static int is_building(const osm_tags *t)
{
    const char *b = osm_tag(t, "building");
    return b && strcmp(b, "no") != 0;
}

static void add_building(osm_extract *x, const osm_tags *t, osm_area a)
{
    osm_building *b = OSM_PUSH(x->buildings);
    if (!b) {
        x->rc = PC_ENOMEM;
        return;
    }
    b->a = a;
    b->name = keep(x, osm_tag(t, "name"));
    b->number = keep(x, osm_tag(t, "addr:housenumber"));
    b->street = keep(x, osm_tag(t, "addr:street"));
    b->addr_full = addr_full(x, t);
    b->type_code = building_type(t);
    b->floors = osm_parse_int(osm_tag(t, "building:levels"));
    if (b->floors > 200)
        b->floors = -1;
    b->apartments = osm_parse_int(osm_tag(t, "building:flats"));
    b->height_m = osm_parse_length_m(osm_tag(t, "height"));
}

static void add_water(osm_extract *x, const osm_tags *t, osm_area a)
{
    osm_water *w = OSM_PUSH(x->waters);
    if (!w) {
        x->rc = PC_ENOMEM;
        return;
    }
    const char *em = osm_tag(t, "emergency");
    w->a = a;
    w->name = keep(x, osm_tag(t, "name"));
    w->kind = em && strcmp(em, "fire_water_pond") == 0 ? "pond" : water_kind(t);
    w->capacity_m3 = osm_parse_length_m(osm_tag(t, "water_tank:volume")); /* a plain number */
}

static osm_poi *add_poi(osm_extract *x, osm_poi_kind kind, char src, int64_t id)
{
    osm_poi *p = OSM_PUSH(x->pois);
    if (!p) {
        x->rc = PC_ENOMEM;
        return NULL;
    }
    p->kind = kind, p->src = src, p->osm_id = id;
    p->number1 = p->number2 = -1;
    return p;
}

static void station_poi(osm_extract *x, const osm_tags *t, char src, int64_t id, uint32_t way, geo_lonlat pos)
{
    osm_poi *p = add_poi(x, OSM_POI_STATION, src, id);
    if (!p)
        return;
    const char *phone = osm_tag(t, "phone");
    p->way = way, p->pos = pos;
    p->name = keep(x, osm_tag(t, "name"));
    p->addr_full = addr_full(x, t);
    p->phone = keep(x, phone ? phone : osm_tag(t, "contact:phone"));
}

/* Points of interest carried by a node's tags. */
static void node_pois(osm_extract *x, const osm_tags *t, int64_t id, geo_lonlat pos)
{
    const char *em = osm_tag(t, "emergency"), *am = osm_tag(t, "amenity"), *ent = osm_tag(t, "entrance");
    osm_poi *p = NULL;
    if (em && strcmp(em, "fire_hydrant") == 0) {
        if ((p = add_poi(x, OSM_POI_HYDRANT, OSM_SRC_NODE, id))) {
            const char *d = osm_tag(t, "fire_hydrant:diameter");
            p->kind_tag = keep(x, osm_tag(t, "fire_hydrant:type"));
            p->number1 = osm_parse_int(d ? d : osm_tag(t, "diameter"));
            p->number2 = osm_parse_length_m(osm_tag(t, "fire_hydrant:pressure")); /* a plain number: bar */
        }
    } else if (em && (strcmp(em, "water_tank") == 0 || strcmp(em, "fire_water_pond") == 0)) {
        if ((p = add_poi(x, em[0] == 'w' ? OSM_POI_TANK : OSM_POI_POND, OSM_SRC_NODE, id))) {
            const char *v = osm_tag(t, "water_tank:volume");
            p->number1 = osm_parse_length_m(v ? v : osm_tag(t, "capacity"));
            p->name = keep(x, osm_tag(t, "name"));
        }
    } else if (em && strcmp(em, "suction_point") == 0) {
        if ((p = add_poi(x, OSM_POI_SUCTION, OSM_SRC_NODE, id)))
            p->name = keep(x, osm_tag(t, "name"));
    }
    if (p)
        p->pos = pos;
    if (am && strcmp(am, "fire_station") == 0) {
        station_poi(x, t, OSM_SRC_NODE, id, 0, pos);
    } else if (!p && osm_tag(t, "addr:housenumber")) {
        if ((p = add_poi(x, OSM_POI_ADDRESS, OSM_SRC_NODE, id))) {
            p->pos = pos;
            p->name = keep(x, osm_tag(t, "addr:housenumber"));
            p->street = keep(x, osm_tag(t, "addr:street"));
            p->addr_full = addr_full(x, t);
        }
    }
    if (ent && strcmp(ent, "no") != 0) {
        int64_t *e = strcmp(ent, "main") == 0 ? OSM_PUSH(x->main_entrances) : OSM_PUSH(x->entrances);
        if (!e)
            x->rc = PC_ENOMEM;
        else
            *e = id;
    }
}

static int on_node(const void *user, const readosm_node *n)
{
    read_ctx *c = (read_ctx *)user;
    osm_extract *x = c->x;
    geo_lonlat pos = {n->longitude, n->latitude};
    osm_node *o = OSM_PUSH(x->nodes);
    if (!o || !geo_lonlat_valid(pos)) {
        x->rc = o ? PC_EFORMAT : PC_ENOMEM;
        return READOSM_ABORT;
    }
    o->id = n->id;
    o->lon_e7 = (int32_t)lround(pos.lon_deg * 1e7);
    o->lat_e7 = (int32_t)lround(pos.lat_deg * 1e7);
    if (n->tag_count > 0) {
        const char *k[MAX_TAGS], *v[MAX_TAGS];
        osm_tags t;
        tags_of(n->tags, n->tag_count, k, v, &t);
        node_pois(x, &t, n->id, pos);
    }
    if ((++x->n_nodes_read & 0xfff) == 0)
        pc_progress_update(&c->prog, (uint64_t)(x->n_nodes_read + x->n_ways_read + x->n_rels_read));
    return x->rc == PC_OK ? READOSM_OK : READOSM_ABORT;
}

static void add_road(osm_extract *x, const osm_tags *t, uint32_t way)
{
    geo_osm_road_attr a;
    geo_osm_road_classify(x->cfg, t->k, t->v, t->n, &a);
    if (!a.import)
        return;
    osm_road *r = OSM_PUSH(x->roads);
    if (!r) {
        x->rc = PC_ENOMEM;
        return;
    }
    const char *ow = osm_tag(t, "oneway"), *junction = osm_tag(t, "junction"), *hw = osm_tag(t, "highway");
    r->way = way;
    r->cls = keep(x, hw);
    r->name = keep(x, osm_tag(t, "name"));
    r->access = keep(x, osm_tag(t, "access"));
    r->surface = keep(x, osm_tag(t, "surface"));
    r->width_m = a.width_m, r->width_tagged = a.width_tagged, r->motor = a.motor, r->foot = a.foot;
    r->maxheight_m = osm_parse_length_m(osm_tag(t, "maxheight"));
    r->maxspeed_kmh = osm_parse_speed_kmh(osm_tag(t, "maxspeed"));
    r->lanes = osm_parse_int(osm_tag(t, "lanes"));
    r->bridge = osm_tag_truthy(osm_tag(t, "bridge"));
    r->tunnel = osm_tag_truthy(osm_tag(t, "tunnel"));
    if (ow && (strcmp(ow, "-1") == 0 || strcmp(ow, "reverse") == 0))
        r->oneway = -1;
    else if (ow)
        r->oneway = osm_tag_truthy(ow) && strcmp(ow, "reversible") != 0 && strcmp(ow, "alternating") != 0;
    else
        r->oneway = (junction && (strcmp(junction, "roundabout") == 0 || strcmp(junction, "circular") == 0)) ||
                    strcmp(hw, "motorway") == 0;
}

static int on_way(const void *user, const readosm_way *w)
{
    read_ctx *c = (read_ctx *)user;
    osm_extract *x = c->x;
    osm_way *o = OSM_PUSH(x->ways);
    if (!o) {
        x->rc = PC_ENOMEM;
        return READOSM_ABORT;
    }
    uint32_t idx = (uint32_t)(x->ways.n - 1);
    o->id = w->id;
    o->ref_off = (uint32_t)x->refs.n;
    for (int i = 0; i < w->node_ref_count; i++) {
        int64_t *r = OSM_PUSH(x->refs);
        if (!r) {
            x->rc = PC_ENOMEM;
            return READOSM_ABORT;
        }
        *r = w->node_refs[i];
    }
    o->n_refs = (uint32_t)w->node_ref_count;
    if (w->tag_count > 0) {
        const char *k[MAX_TAGS], *v[MAX_TAGS];
        osm_tags t;
        tags_of(w->tags, w->tag_count, k, v, &t);
        int closed = o->n_refs >= 4 && w->node_refs[0] == w->node_refs[o->n_refs - 1];
        osm_area a = {OSM_SRC_WAY, w->id, idx};
        const char *am = osm_tag(&t, "amenity");
        if (osm_tag(&t, "highway"))
            add_road(x, &t, idx);
        if (closed && is_building(&t))
            add_building(x, &t, a);
        if (closed && is_water_area(&t))
            add_water(x, &t, a);
        if (am && strcmp(am, "fire_station") == 0)
            station_poi(x, &t, OSM_SRC_WAY, w->id, idx, (geo_lonlat){0, 0});
    }
    if ((++x->n_ways_read & 0xfff) == 0)
        pc_progress_update(&c->prog, (uint64_t)(x->n_nodes_read + x->n_ways_read + x->n_rels_read));
    return x->rc == PC_OK ? READOSM_OK : READOSM_ABORT;
}

static int on_relation(const void *user, const readosm_relation *r)
{
    read_ctx *c = (read_ctx *)user;
    osm_extract *x = c->x;
    x->n_rels_read++;
    const char *k[MAX_TAGS], *v[MAX_TAGS];
    osm_tags t;
    tags_of(r->tags, r->tag_count, k, v, &t);
    const char *type = osm_tag(&t, "type");
    int bld = is_building(&t), water = is_water_area(&t);
    if (!type || strcmp(type, "multipolygon") != 0 || (!bld && !water))
        return READOSM_OK;
    osm_rel *o = OSM_PUSH(x->rels);
    if (!o) {
        x->rc = PC_ENOMEM;
        return READOSM_ABORT;
    }
    o->id = r->id;
    o->mem_off = (uint32_t)x->members.n;
    for (int i = 0; i < r->member_count; i++) {
        if (r->members[i].member_type != READOSM_MEMBER_WAY)
            continue;
        osm_member *m = OSM_PUSH(x->members);
        if (!m) {
            x->rc = PC_ENOMEM;
            return READOSM_ABORT;
        }
        m->way_id = r->members[i].id;
        m->inner = r->members[i].role && strcmp(r->members[i].role, "inner") == 0;
        o->n_mem++;
    }
    osm_area a = {OSM_SRC_REL, -r->id, (uint32_t)(x->rels.n - 1)};
    if (bld)
        add_building(x, &t, a);
    if (water)
        add_water(x, &t, a);
    return x->rc == PC_OK ? READOSM_OK : READOSM_ABORT;
}

static int cmp_node(const void *a, const void *b)
{
    int64_t x = ((const osm_node *)a)->id, y = ((const osm_node *)b)->id;
    return (x > y) - (x < y);
}

static int cmp_i64(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return (x > y) - (x < y);
}

static int cmp_way_key(const void *a, const void *b)
{
    int64_t x = ((const osm_way_key *)a)->id, y = ((const osm_way_key *)b)->id;
    return (x > y) - (x < y);
}

/* Sorts what lookups need; drops duplicate node ids (merged extracts). */
static pc_rc extract_finish(osm_extract *x)
{
    int sorted = 1;
    for (size_t i = 1; i < x->nodes.n && sorted; i++)
        sorted = x->nodes.v[i - 1].id < x->nodes.v[i].id;
    if (!sorted) { /* n >= 2 here, so v is not NULL */
        qsort(x->nodes.v, x->nodes.n, sizeof *x->nodes.v, cmp_node);
        size_t w = 0;
        for (size_t i = 0; i < x->nodes.n; i++)
            if (w == 0 || x->nodes.v[w - 1].id != x->nodes.v[i].id)
                x->nodes.v[w++] = x->nodes.v[i];
        x->nodes.n = w;
    }
    x->way_index = malloc((x->ways.n ? x->ways.n : 1) * sizeof *x->way_index);
    if (!x->way_index)
        return PC_ENOMEM;
    sorted = 1;
    for (size_t i = 0; i < x->ways.n; i++) {
        x->way_index[i] = (osm_way_key){x->ways.v[i].id, (uint32_t)i};
        sorted &= i == 0 || x->ways.v[i - 1].id < x->ways.v[i].id;
    }
    if (!sorted)
        qsort(x->way_index, x->ways.n, sizeof *x->way_index, cmp_way_key);
    if (x->entrances.n) /* qsort wants a non-NULL base even for 0 elements */
        qsort(x->entrances.v, x->entrances.n, sizeof(int64_t), cmp_i64);
    if (x->main_entrances.n)
        qsort(x->main_entrances.v, x->main_entrances.n, sizeof(int64_t), cmp_i64);
    return PC_OK;
}

int64_t osm_node_find(const osm_extract *x, int64_t id)
{
    size_t lo = 0, hi = x->nodes.n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (x->nodes.v[mid].id < id)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < x->nodes.n && x->nodes.v[lo].id == id ? (int64_t)lo : -1;
}

int64_t osm_way_find(const osm_extract *x, int64_t id)
{
    size_t lo = 0, hi = x->ways.n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (x->way_index[mid].id < id)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < x->ways.n && x->way_index[lo].id == id ? (int64_t)x->way_index[lo].idx : -1;
}

geo_lonlat osm_node_pos(const osm_extract *x, size_t idx)
{
    return (geo_lonlat){x->nodes.v[idx].lon_e7 * 1e-7, x->nodes.v[idx].lat_e7 * 1e-7};
}

static const char *readosm_msg(int rc)
{
    switch (rc) {
    case READOSM_INVALID_SUFFIX:
        return "wrong format: the name must end in .osm or .osm.pbf (OSM XML or PBF)";
    case READOSM_FILE_NOT_FOUND:
        return "file not found or not readable";
    case READOSM_INSUFFICIENT_MEMORY:
        return "out of memory";
    case READOSM_READ_ERROR:
        return "read error (file truncated?)";
    case READOSM_XML_ERROR:
        return "broken or truncated OSM XML";
    case READOSM_INVALID_PBF_HEADER:
        return "broken or truncated PBF (or not a PBF file)";
    case READOSM_UNZIP_ERROR:
        return "broken PBF: a compressed block does not unpack";
    default:
        return "the OSM reader failed";
    }
}

pc_rc osm_extract_read(osm_extract *x, const char *path, const geo_osm_config *cfg, int quiet, char *err,
                       size_t err_len)
{
    const void *h = NULL;
    read_ctx c = {x, {0}};
    pc_rc rc = PC_OK;
    memset(x, 0, sizeof *x);
    x->cfg = cfg;
    struct stat sb;
    if (stat(path, &sb) != 0 || !S_ISREG(sb.st_mode)) {
        snprintf(err, err_len, "%s: %s", path, stat(path, &sb) != 0 ? strerror(errno) : "not a regular file");
        return PC_ENOTFOUND;
    }
    if (!(x->strings = pc_arena_create(0)))
        return PC_ENOMEM;
    int orc = readosm_open(path, &h);
    if (orc != READOSM_OK) {
        snprintf(err, err_len, "%s: %s", path, readosm_msg(orc));
        rc = orc == READOSM_INSUFFICIENT_MEMORY ? PC_ENOMEM : orc == READOSM_FILE_NOT_FOUND ? PC_ENOTFOUND : PC_EFORMAT;
        goto cleanup;
    }
    pc_progress_start(&c.prog, "reading", 0, quiet);
    orc = readosm_parse(h, &c, on_node, on_way, on_relation);
    c.prog.done = (uint64_t)(x->n_nodes_read + x->n_ways_read + x->n_rels_read);
    pc_progress_finish(&c.prog);
    if (x->rc != PC_OK) {
        snprintf(err, err_len, "%s: %s", path,
                 x->rc == PC_ENOMEM ? "out of memory" : "a node has a position outside WGS 84 (broken file)");
        rc = x->rc;
        goto cleanup;
    }
    if (orc != READOSM_OK) {
        snprintf(err, err_len, "%s: %s", path, readosm_msg(orc));
        rc = orc == READOSM_INSUFFICIENT_MEMORY ? PC_ENOMEM : PC_EFORMAT;
        goto cleanup;
    }
    rc = extract_finish(x);
cleanup:
    if (h)
        readosm_close(h);
    return rc;
}

void osm_extract_free(osm_extract *x)
{
    if (!x)
        return;
    pc_arena_destroy(x->strings);
    free(x->nodes.v), free(x->ways.v), free(x->refs.v), free(x->roads.v), free(x->buildings.v);
    free(x->waters.v), free(x->pois.v), free(x->rels.v), free(x->members.v), free(x->entrances.v);
    free(x->main_entrances.v), free(x->way_index);
    memset(x, 0, sizeof *x);
}
