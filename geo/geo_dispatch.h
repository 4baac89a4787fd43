/* geo_dispatch.h — the dispatch API's scoped reads of incidents.
 *
 * geo_incident.h reads one incident and its timeline; this adds the page of
 * incidents a caller may see: filtered in SQL by status and by area scope
 * (geo_scope.h), newest first, with the total for pagination. */
#ifndef GEO_DISPATCH_H
#define GEO_DISPATCH_H

#include <stddef.h>
#include <stdint.h>

#include "geo_store.h"

/* Ids of the incidents with status (NULL: any) whose admin unit lies in the
 * scope rooted at root (0: the whole city, incidents without a unit
 * included), newest first: at most cap ids from offset into ids; *total is
 * the number of matching incidents. PC_EIO on a database error. */
pc_rc geo_incident_page_ids(geo_store *s, const char *status, int64_t root, int64_t offset, size_t cap,
                            int64_t *ids, size_t *n_out, int64_t *total);

#endif
