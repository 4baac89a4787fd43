/* citizen.h — citizens' side: sign-up, house claims, house declarations,
 * hazard and incident reports; and the officers' review of them.
 *
 * Citizens act only on their own things: a claim they made, a house they
 * hold a confirmed claim on, reports they sent. Anything else answers
 * PC_ENOTFOUND, as if absent (a citizen editing someone else's house sees
 * 404). Officers (city admin, district and commune officers) review claims,
 * declarations and reports whose building or admin unit lies in their
 * scope. Every change is audited in its transaction; officers' reads of
 * citizens' reports (text and location are personal data) are audited too.
 *
 * Report states: submitted -> received -> processing -> resolved, and
 * received or processing -> rejected; every step is a time-stamped event
 * the reporter can read. Anything else is PC_ECONFLICT (e.g. resolving a
 * report that was never received). Declarations: submitted -> accepted
 * (applied to the building) or returned with a reason; a citizen corrects
 * a submitted or returned declaration by submitting a new one that
 * supersedes it. */
#ifndef ENG_CITIZEN_H
#define ENG_CITIZEN_H

#include <stddef.h>
#include <stdint.h>

#include "auth.h"
#include "crypt.h"
#include "geo_citizen.h"
#include "geo_store.h"

/* Most sign-ups accepted from one IP address per hour. */
#define ENG_SIGNUPS_PER_IP_HOUR 20

/* Creates a citizen account (no admin unit). PC_EINVAL: bad username,
 * password or name (err says why); PC_EEXIST: username taken; PC_ELIMIT: too
 * many sign-ups from ip in the last hour (checked before any hashing). */
pc_rc eng_citizen_signup(eng_auth *a, geo_store *s, const char *username, const char *password,
                         const char *display_name, const char *ip, int64_t *id_out, char *err, size_t err_len);

/* A citizen claims the building with this house code (pending until an
 * officer confirms). PC_EINVAL for a malformed code or a wrong check
 * character (never corrected: the citizen retypes it), PC_ENOTFOUND for an
 * unknown code, PC_EEXIST when already claimed by this citizen. */
pc_rc eng_claim_create(geo_store *s, const eng_principal *who, const char *house_code, int64_t *id_out, char *err,
                       size_t err_len);
/* confirm 1 / refuse 0 (reason required when refusing). */
pc_rc eng_claim_review(geo_store *s, const eng_principal *who, int64_t id, int confirm, const char *reason,
                       char *err, size_t err_len);
pc_rc eng_claim_list(geo_store *s, const eng_principal *who, const char *status, int64_t offset, size_t limit,
                     pc_arena *a, geo_table *out);

/* The sample house types with their exits and hazards (tables). */
pc_rc eng_house_types(geo_store *s, pc_arena *a, geo_table **out, size_t *n_out);

typedef struct eng_declaration {
    int64_t building_id;    /* or house_code */
    const char *house_code;
    const char *sample;     /* house_type_sample code: pre-fills what is not given */
    const char *type_code;  /* building_type code */
    int floors, basements, apartments, rooms, occupants; /* < 0: not given */
    int vuln_elderly, vuln_children, vuln_disabled, vuln_bedridden; /* < 0: not given (0) */
    const char *ground_floor_use;
    int has_hazards;        /* 1: hazards replaces the sample's list */
    const char **hazards;
    size_t n_hazards;
    int has_exits;          /* 1: exits replaces the sample's list */
    const geo_exit_rec *exits;
    size_t n_exits;
    int64_t supersedes_id;  /* 0: first declaration */
} eng_declaration;

pc_rc eng_declaration_submit(geo_store *s, const eng_principal *who, const eng_declaration *d, int64_t *id_out,
                             char *err, size_t err_len);
/* accept 1 / return 0 (reason required when returning). */
pc_rc eng_declaration_review(geo_store *s, const eng_principal *who, int64_t id, int accept, const char *reason,
                             char *err, size_t err_len);
pc_rc eng_declaration_list(geo_store *s, const eng_principal *who, const char *status, int64_t offset, size_t limit,
                           pc_arena *a, geo_table *out);
pc_rc eng_declaration_sheet(geo_store *s, const eng_principal *who, int64_t id, pc_arena *a, geo_table **out,
                            size_t *n_out);

typedef struct eng_report_new {
    const char *kind;       /* hazard, fire, other */
    const char *text;       /* 1..2000 bytes */
    const char *house_code; /* optional */
    geo_lonlat pos;
    const char *channel;    /* staff only: phone or paper (a report taken by an officer); else electronic */
} eng_report_new;

pc_rc eng_report_submit(geo_store *s, const eng_principal *who, const eng_report_new *r, int64_t *id_out, char *err,
                        size_t err_len);
/* Moves report id to status to (see above), with an optional note. */
pc_rc eng_report_set_status(geo_store *s, const eng_principal *who, int64_t id, const char *to, const char *note,
                            char *err, size_t err_len);
pc_rc eng_report_list(geo_store *s, const eng_principal *who, const char *status, int64_t offset, size_t limit,
                      pc_arena *a, geo_table *out);
pc_rc eng_report_sheet(geo_store *s, const eng_principal *who, int64_t id, pc_arena *a, geo_table **out,
                       size_t *n_out);

/* 1 when a report may go from status from to to. */
int eng_report_transition_allowed(const char *from, const char *to);

#endif
