/* cli.h — the subcommands of `pccc` and what they share.
 *
 * Exit codes: 0 success, 1 error, 2 usage. Every subcommand answers --help. */
#ifndef CLI_H
#define CLI_H

#include <stddef.h>

#define CLI_OK 0
#define CLI_ERROR 1
#define CLI_USAGE 2

typedef struct cli_command {
    const char *name;
    const char *summary;
    int (*run)(int argc, char **argv);
    void (*usage)(void);
} cli_command;

/* Default database path ($PCCC_DB or pccc.sqlite). */
const char *cli_default_db(void);
/* Parses "LAT,LON" (WGS 84). 0 on success. */
int cli_parse_latlon(const char *s, double *lat, double *lon);
/* Parses a whole unsigned/double in [min,max]. 0 on success. */
int cli_parse_uint(const char *s, unsigned long long min, unsigned long long max, unsigned long long *out);
int cli_parse_double(const char *s, double min, double max, double *out);
/* Reads a whole file of at most max_len bytes (NUL-terminated; *len its
 * size). NULL when it cannot be read or is too long. Caller frees. */
char *cli_read_file(const char *path, size_t max_len, size_t *len);
/* Is this argument --help or -h? */
int cli_is_help(const char *arg);

int cmd_serve(int argc, char **argv);
void usage_serve(void);
int cmd_demo(int argc, char **argv);
void usage_demo(void);
int cmd_info(int argc, char **argv);
void usage_info(void);
int cmd_backup(int argc, char **argv);
void usage_backup(void);
int cmd_route(int argc, char **argv);
void usage_route(void);
int cmd_nearest(int argc, char **argv);
void usage_nearest(void);
int cmd_closure(int argc, char **argv);
void usage_closure(void);
int cmd_user(int argc, char **argv);
void usage_user(void);
int cmd_audit(int argc, char **argv);
void usage_audit(void);
int cmd_import_residents(int argc, char **argv);
void usage_import_residents(void);
int cmd_geocode(int argc, char **argv);
void usage_geocode(void);
int cmd_import_osm(int argc, char **argv);
void usage_import_osm(void);
int cmd_import_admin(int argc, char **argv);
void usage_import_admin(void);

int cmd_plan(int argc, char **argv);
void usage_plan(void);
int cmd_coverage(int argc, char **argv);
void usage_coverage(void);

#endif
