/* pc_rc.c — names of the error codes. */
#include "pc_rc.h"

const char *pc_rc_str(pc_rc rc)
{
    static const char *const names[PC_RC_COUNT_] = {
        [PC_OK] = "ok",
        [PC_ENOMEM] = "out of memory",
        [PC_EINVAL] = "invalid input",
        [PC_ENOTFOUND] = "not found",
        [PC_EIO] = "input/output error",
        [PC_EFORBIDDEN] = "forbidden",
        [PC_ENOROUTE] = "no route",
        [PC_EVERSION] = "unsupported schema version",
        [PC_EEXIST] = "already exists",
        [PC_ECONFLICT] = "conflict",
        [PC_EBUSY] = "busy",
        [PC_ELIMIT] = "limit exceeded",
        [PC_EAUTH] = "authentication failed",
        [PC_EFORMAT] = "malformed data",
    };
    if ((unsigned)rc >= PC_RC_COUNT_ || !names[rc])
        return "unknown error";
    return names[rc];
}
