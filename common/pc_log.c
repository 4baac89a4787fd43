/* pc_log.c — timestamped log lines on stderr. */
#define _POSIX_C_SOURCE 200809L
#include "pc_log.h"

#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <time.h>

static _Atomic int g_level = PC_LOG_INFO; /* set once by main(); read everywhere */

void pc_log_set_level(pc_log_level level) { g_level = (int)level; }
pc_log_level pc_log_get_level(void) { return (pc_log_level)g_level; }

void pc_log(pc_log_level level, const char *fmt, ...)
{
    static const char *const tags[] = {"debug", "info", "warn", "error"};
    if ((int)level < g_level || level >= PC_LOG_OFF)
        return;
    char msg[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    struct timespec ts;
    struct tm tm;
    clock_gettime(CLOCK_REALTIME, &ts);
    gmtime_r(&ts.tv_sec, &tm);
    fprintf(stderr, "%04d-%02d-%02dT%02d:%02d:%02d.%03ldZ %s %s\n", tm.tm_year + 1900, tm.tm_mon + 1,
            tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, ts.tv_nsec / 1000000L, tags[level], msg);
}
