/* pc_rc.h — the one error enum of pccc.
 *
 * Every fallible function returns a pc_rc; 0 is success. Results travel in
 * out-params (last), which are NULL/0 on failure. pc_rc_str() gives a short
 * English phrase for logs and problem+json titles. */
#ifndef PC_RC_H
#define PC_RC_H

typedef enum pc_rc {
    PC_OK = 0,
    PC_ENOMEM,      /* out of memory */
    PC_EINVAL,      /* invalid argument or input */
    PC_ENOTFOUND,   /* no such object */
    PC_EIO,         /* file or database I/O failed */
    PC_EFORBIDDEN,  /* caller may not do this */
    PC_ENOROUTE,    /* no route for this vehicle */
    PC_EVERSION,    /* database schema newer than this program */
    PC_EEXIST,      /* object already exists */
    PC_ECONFLICT,   /* state does not allow the operation */
    PC_EBUSY,       /* resource busy, retry later */
    PC_ELIMIT,      /* a configured limit was exceeded */
    PC_EAUTH,       /* authentication failed */
    PC_EFORMAT,     /* malformed file or data */
    PC_RC_COUNT_
} pc_rc;

/* Static string for rc; never NULL. */
const char *pc_rc_str(pc_rc rc);

#endif
