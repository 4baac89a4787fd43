/* geo_types.c — local frames and spherical distance. */
#include "geo_types.h"

#include <math.h>

#define GEO_EARTH_R_M 6371008.8
#define GEO_DEG2RAD (3.14159265358979323846 / 180.0)

void geo_frame_init(geo_frame *f, geo_lonlat origin)
{
    f->origin = origin;
    /* WGS 84 meridian and parallel degree lengths at the origin latitude */
    double phi = origin.lat_deg * GEO_DEG2RAD;
    f->m_per_deg_lat = 111132.92 - 559.82 * cos(2 * phi) + 1.175 * cos(4 * phi);
    f->m_per_deg_lon = 111412.84 * cos(phi) - 93.5 * cos(3 * phi);
}

geo_xy geo_frame_to_xy(const geo_frame *f, geo_lonlat p)
{
    geo_xy r = {(p.lon_deg - f->origin.lon_deg) * f->m_per_deg_lon,
                (p.lat_deg - f->origin.lat_deg) * f->m_per_deg_lat};
    return r;
}

geo_lonlat geo_frame_to_lonlat(const geo_frame *f, geo_xy p)
{
    geo_lonlat r = {f->origin.lon_deg + p.x_m / f->m_per_deg_lon,
                    f->origin.lat_deg + p.y_m / f->m_per_deg_lat};
    return r;
}

double geo_haversine_m(geo_lonlat a, geo_lonlat b)
{
    double p1 = a.lat_deg * GEO_DEG2RAD, p2 = b.lat_deg * GEO_DEG2RAD;
    double dp = p2 - p1, dl = (b.lon_deg - a.lon_deg) * GEO_DEG2RAD;
    double h = sin(dp / 2) * sin(dp / 2) + cos(p1) * cos(p2) * sin(dl / 2) * sin(dl / 2);
    return 2 * GEO_EARTH_R_M * asin(sqrt(h < 1 ? h : 1));
}

int geo_lonlat_valid(geo_lonlat p)
{
    return isfinite(p.lon_deg) && isfinite(p.lat_deg) && p.lon_deg >= -180 && p.lon_deg <= 180 &&
           p.lat_deg >= -90 && p.lat_deg <= 90;
}
