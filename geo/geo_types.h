/* geo_types.h — the coordinate types every layer shares.
 *
 * A WGS 84 position is a geo_lonlat; axis order (lon first, as in GeoJSON)
 * is decided here and nowhere else. A geo_xy is metres in a projected or
 * local frame. */
#ifndef GEO_TYPES_H
#define GEO_TYPES_H

typedef struct geo_lonlat {
    double lon_deg;
    double lat_deg;
} geo_lonlat;

typedef struct geo_xy {
    double x_m;
    double y_m;
} geo_xy;

/* A local equirectangular frame around an origin: fast, and within 0.1% of
 * geodesic distance over a city (tens of km). Routing and the generator use
 * it for metric work; PROJ (geo_proj.h) is used where exactness matters. */
typedef struct geo_frame {
    geo_lonlat origin;
    double m_per_deg_lon;
    double m_per_deg_lat;
} geo_frame;

void geo_frame_init(geo_frame *f, geo_lonlat origin);
geo_xy geo_frame_to_xy(const geo_frame *f, geo_lonlat p);
geo_lonlat geo_frame_to_lonlat(const geo_frame *f, geo_xy p);

/* Great-circle distance in metres (spherical, R = 6371008.8 m). */
double geo_haversine_m(geo_lonlat a, geo_lonlat b);
/* 1 if lon/lat are finite and in range. */
int geo_lonlat_valid(geo_lonlat p);

#endif
