/* pc_progress.c — terminal progress bar or periodic log lines. */
#define _POSIX_C_SOURCE 200809L
#include "pc_progress.h"

#include <stdio.h>
#include <time.h>
#include <unistd.h>

#include "pc_log.h"

double pc_now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

void pc_progress_start(pc_progress *p, const char *what, uint64_t total, int quiet)
{
    p->what = what;
    p->total = total;
    p->done = 0;
    p->t_start = p->t_last = pc_now_s();
    p->tty = isatty(STDERR_FILENO);
    p->quiet = quiet;
}

static void progress_draw(pc_progress *p, double now, int final)
{
    double dt = now - p->t_start;
    double rate = dt > 0 ? (double)p->done / dt : 0.0;
    if (p->tty) {
        char bar[31] = {0};
        double frac = p->total ? (double)p->done / (double)p->total : 0.0;
        if (frac > 1.0)
            frac = 1.0;
        for (int i = 0; i < 30; i++)
            bar[i] = (p->total && i < (int)(frac * 30)) ? '#' : (p->total ? '.' : ' ');
        double eta = (p->total && rate > 0) ? (double)(p->total - (p->done < p->total ? p->done : p->total)) / rate : 0;
        fprintf(stderr, "\r%-10s [%s] %llu", p->what, bar, (unsigned long long)p->done);
        if (p->total)
            fprintf(stderr, "/%llu", (unsigned long long)p->total);
        fprintf(stderr, "  %.0f/s", rate);
        if (p->total && !final)
            fprintf(stderr, "  ETA %.0fs", eta);
        if (final)
            fprintf(stderr, "  %.1fs\n", dt);
        fflush(stderr);
    } else {
        pc_log(PC_LOG_INFO, "%s: %llu of %llu (%.0f/s)%s", p->what, (unsigned long long)p->done,
               (unsigned long long)p->total, rate, final ? " done" : "");
    }
}

void pc_progress_update(pc_progress *p, uint64_t done)
{
    p->done = done;
    if (p->quiet)
        return;
    double now = pc_now_s();
    double period = p->tty ? 0.2 : 5.0;
    if (now - p->t_last < period)
        return;
    p->t_last = now;
    progress_draw(p, now, 0);
}

void pc_progress_finish(pc_progress *p)
{
    if (p->quiet)
        return;
    progress_draw(p, pc_now_s(), 1);
}
