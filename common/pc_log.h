/* pc_log.h — leveled logging to stderr, one line per event.
 *
 * Thread-safe (one fprintf per line). The level is process configuration set
 * once at start-up by the front-end; libraries only call pc_log(). */
#ifndef PC_LOG_H
#define PC_LOG_H

typedef enum pc_log_level { PC_LOG_DEBUG, PC_LOG_INFO, PC_LOG_WARN, PC_LOG_ERROR, PC_LOG_OFF } pc_log_level;

void pc_log_set_level(pc_log_level level);
pc_log_level pc_log_get_level(void);
void pc_log(pc_log_level level, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif
