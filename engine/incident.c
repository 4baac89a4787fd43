/* incident.c — the unit status cycle (see incident.h). */
#include "incident.h"

#include <string.h>

static const char *const STATUSES[] = {"available", "dispatched", "en_route", "on_scene", "returning",
                                       "out_of_service"};

int eng_unit_status_known(const char *s)
{
    for (size_t i = 0; s && i < sizeof STATUSES / sizeof STATUSES[0]; i++)
        if (strcmp(STATUSES[i], s) == 0)
            return 1;
    return 0;
}

int eng_unit_transition_allowed(const char *from, const char *to)
{
    static const char *const allowed[][2] = {
        {"available", "dispatched"}, {"dispatched", "en_route"},     {"en_route", "on_scene"},
        {"on_scene", "returning"},   {"returning", "available"},     {"dispatched", "returning"},
        {"en_route", "returning"},   {"available", "out_of_service"}, {"out_of_service", "available"},
    };
    if (!from || !to)
        return 0;
    for (size_t i = 0; i < sizeof allowed / sizeof allowed[0]; i++)
        if (strcmp(allowed[i][0], from) == 0 && strcmp(allowed[i][1], to) == 0)
            return 1;
    return 0;
}
