/* geo_schema_int.h — the schema's migrations and geometry columns, shared by
 * the store's files inside geo/ only. */
#ifndef GEO_SCHEMA_INT_H
#define GEO_SCHEMA_INT_H

#include <stddef.h>

typedef struct geo_migration {
    int version;
    const char *what;
    const char *sql;
} geo_migration;

typedef struct geo_spatial_column {
    const char *table;
    const char *column;
} geo_spatial_column;

extern const geo_migration geo_migrations[];
extern const size_t geo_n_migrations;
extern const geo_spatial_column geo_spatial_columns[];
extern const size_t geo_n_spatial_columns;
extern const char *const geo_append_only_tables[];
extern const size_t geo_n_append_only_tables;

#endif
