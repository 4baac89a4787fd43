/* scope.c — role x area scope x ownership decisions. */
#include "scope.h"

#include <string.h>

int64_t eng_scope_root(const eng_principal *who)
{
    if (!who || who->role == ENG_ROLE_CITIZEN)
        return -1;
    return who->scope_unit_id > 0 ? who->scope_unit_id : 0;
}

pc_rc eng_scope_check_unit(geo_store *s, const eng_principal *who, int64_t unit_id)
{
    int64_t root = eng_scope_root(who);
    if (root < 0)
        return PC_ENOTFOUND;
    int yes = 0;
    pc_rc rc = geo_scope_contains(s, root, unit_id, &yes);
    if (rc != PC_OK)
        return rc;
    return yes ? PC_OK : PC_ENOTFOUND;
}

pc_rc eng_scope_check_building(geo_store *s, const eng_principal *who, int64_t building_id)
{
    if (!who || building_id <= 0)
        return PC_ENOTFOUND;
    if (who->role == ENG_ROLE_CITIZEN) {
        int yes = 0;
        pc_rc rc = geo_building_claimed_by(s, building_id, who->account_id, &yes);
        if (rc != PC_OK)
            return rc;
        return yes ? PC_OK : PC_ENOTFOUND;
    }
    int64_t unit = 0;
    pc_rc rc = geo_building_unit(s, building_id, &unit);
    if (rc != PC_OK)
        return rc;
    return eng_scope_check_unit(s, who, unit);
}

pc_rc eng_admin_unit_get(geo_store *s, const eng_principal *who, int64_t id, geo_admin_unit *out)
{
    memset(out, 0, sizeof *out);
    if (id <= 0)
        return PC_ENOTFOUND;
    pc_rc rc = eng_scope_check_unit(s, who, id);
    if (rc == PC_OK)
        rc = geo_admin_unit_get(s, id, out);
    return rc;
}

pc_rc eng_admin_unit_list(geo_store *s, const eng_principal *who, int64_t offset, size_t cap, geo_admin_unit *out,
                          size_t *n_out, int64_t *total)
{
    return geo_admin_unit_list(s, eng_scope_root(who), offset, cap, out, n_out, total);
}
