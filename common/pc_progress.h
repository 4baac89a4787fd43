/* pc_progress.h — progress reporting for long jobs (import, demo generation).
 *
 * On a terminal: one redrawn line with a bar, count, rate and ETA.
 * Otherwise: a plain log line at most every few seconds. */
#ifndef PC_PROGRESS_H
#define PC_PROGRESS_H

#include <stdint.h>

typedef struct pc_progress {
    const char *what;  /* e.g. "buildings" */
    uint64_t total;    /* 0 when unknown (no bar, no ETA) */
    uint64_t done;
    double t_start;
    double t_last;
    int tty;
    int quiet;
} pc_progress;

/* quiet != 0 prints nothing at all (tests). */
void pc_progress_start(pc_progress *p, const char *what, uint64_t total, int quiet);
void pc_progress_update(pc_progress *p, uint64_t done);
void pc_progress_finish(pc_progress *p);
/* Monotonic seconds. */
double pc_now_s(void);

#endif
