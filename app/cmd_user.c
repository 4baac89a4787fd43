/* cmd_user.c — `pccc user add|passwd|set|disable|enable|list`: accounts from
 * the command line. The first city admin is made here; there is no default
 * account and no default password. Passwords come from --password-file (its
 * first line) or from standard input (one line; not echoed on a terminal),
 * never from the command line where `ps` would show them. The operator is
 * audited as "cli:<login>". */
#include <getopt.h>
#include <inttypes.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "account.h"
#include "auth.h"
#include "cli.h"
#include "crypt.h"
#include "geo_scope.h"
#include "geo_store.h"

void usage_user(void)
{
    printf("usage: pccc user add     [--db FILE] [--create] --username NAME --role ROLE [--unit ID|CODE]\n"
           "                         [--display-name TEXT] [--phone NUMBER] [--password-file FILE]\n"
           "       pccc user passwd  [--db FILE] --username NAME [--password-file FILE]\n"
           "       pccc user set     [--db FILE] --username NAME [--role ROLE] [--unit ID|CODE|city]\n"
           "       pccc user disable [--db FILE] --username NAME\n"
           "       pccc user enable  [--db FILE] --username NAME\n"
           "       pccc user list    [--db FILE]\n\n"
           "Roles: city_admin district_officer commune_officer dispatcher commander planner citizen.\n"
           "--unit scopes the account to an admin unit and everything below it (default: whole city).\n"
           "The password is read from the first line of --password-file, else from standard input;\n"
           "at least 12 characters. Changing role, unit or password, or disabling, revokes every\n"
           "session of the account. --phone is stored encrypted with the key file ($PCCC_KEY_FILE or\n"
           "FILE.key, created 0600 when missing). --create makes the database if it does not exist.\n");
}

typedef struct user_args {
    const char *db, *username, *role, *unit, *display, *phone, *pw_file;
    int create;
} user_args;

/* Reads one line (without its newline) into buf; 0 on success. */
static int read_password(const char *file, char *buf, size_t len)
{
    FILE *f = file ? fopen(file, "r") : stdin;
    if (!f) {
        fprintf(stderr, "pccc user: cannot open %s\n", file);
        return -1;
    }
    struct termios old, quiet;
    int tty = !file && isatty(fileno(stdin)) && tcgetattr(fileno(stdin), &old) == 0;
    if (tty) {
        fprintf(stderr, "password: ");
        quiet = old;
        quiet.c_lflag &= ~(tcflag_t)ECHO;
        tcsetattr(fileno(stdin), TCSAFLUSH, &quiet);
    }
    int ok = fgets(buf, (int)len, f) != NULL;
    if (tty) {
        tcsetattr(fileno(stdin), TCSAFLUSH, &old);
        fprintf(stderr, "\n");
    }
    if (file)
        fclose(f);
    if (!ok) {
        fprintf(stderr, "pccc user: no password given (stdin or --password-file)\n");
        return -1;
    }
    buf[strcspn(buf, "\r\n")] = '\0';
    return 0;
}

/* Resolves "city", a numeric id or a code to a unit id (0: whole city). */
static int resolve_unit(geo_store *s, const char *arg, int64_t *out)
{
    unsigned long long v;
    geo_admin_unit u;
    *out = 0;
    if (!arg || strcmp(arg, "city") == 0)
        return 0;
    if (cli_parse_uint(arg, 1, INT64_MAX, &v) == 0 && geo_admin_unit_get(s, (int64_t)v, &u) == PC_OK) {
        *out = u.id;
        return 0;
    }
    if (geo_admin_unit_by_code(s, arg, &u) == PC_OK) {
        *out = u.id;
        return 0;
    }
    fprintf(stderr, "pccc user: no admin unit with id or code '%s'\n", arg);
    return -1;
}

static void operator_principal(eng_principal *who)
{
    const struct passwd *pw = getpwuid(getuid());
    const char *login = getenv("SUDO_USER");
    eng_principal_cli(who, login && *login ? login : pw ? pw->pw_name : "operator");
}

static int report(pc_rc rc, const char *what, const char *err)
{
    if (rc == PC_OK)
        return CLI_OK;
    fprintf(stderr, "pccc user %s: %s\n", what, err && *err ? err : pc_rc_str(rc));
    return CLI_ERROR;
}

static int do_list(geo_store *s, const eng_principal *who)
{
    eng_user rows[200];
    size_t n = 0;
    int64_t total = 0, offset = 0;
    printf("%-6s %-24s %-17s %-8s %-8s %s\n", "id", "username", "role", "unit", "status", "display name");
    do {
        pc_rc rc = eng_user_list(s, who, offset, sizeof rows / sizeof rows[0], rows, &n, &total);
        if (rc != PC_OK)
            return report(rc, "list", NULL);
        for (size_t i = 0; i < n; i++)
            printf("%-6" PRId64 " %-24s %-17s %-8" PRId64 " %-8s %s\n", rows[i].id, rows[i].username,
                   eng_role_name(rows[i].role), rows[i].admin_unit_id, rows[i].disabled ? "disabled" : "active",
                   rows[i].display_name);
        offset += (int64_t)n;
    } while (n > 0 && offset < total);
    return CLI_OK;
}

static int do_add(eng_auth *a, geo_store *s, const eng_key *key, const eng_principal *who, const user_args *ua)
{
    char pw[512], err[256] = "";
    eng_user_spec spec = {.username = ua->username, .display_name = ua->display, .phone = ua->phone};
    if (!ua->role || eng_role_parse(ua->role, &spec.role) != PC_OK) {
        fprintf(stderr, "pccc user add: --role must be one of the roles (see --help)\n");
        return CLI_USAGE;
    }
    if (resolve_unit(s, ua->unit, &spec.admin_unit_id) != 0 || read_password(ua->pw_file, pw, sizeof pw) != 0)
        return CLI_ERROR;
    spec.password = pw;
    int64_t id = 0;
    pc_rc rc = eng_user_add(a, s, key, who, &spec, &id, err, sizeof err);
    memset(pw, 0, sizeof pw);
    if (rc == PC_OK)
        printf("account %" PRId64 " %s (%s) created\n", id, ua->username, ua->role);
    return report(rc, "add", err);
}

static int do_change(eng_auth *a, geo_store *s, const eng_key *key, const eng_principal *who, const char *verb,
                     const user_args *ua)
{
    char pw[512], err[256] = "";
    eng_user u;
    eng_user_change ch = {0};
    eng_role role;
    int64_t unit = 0;
    int flag = strcmp(verb, "disable") == 0;
    pc_rc rc = eng_user_find(s, who, ua->username, &u);
    if (rc != PC_OK)
        return report(rc, verb, "no such account");
    if (strcmp(verb, "passwd") == 0) {
        if (read_password(ua->pw_file, pw, sizeof pw) != 0)
            return CLI_ERROR;
        ch.password = pw;
    } else if (strcmp(verb, "set") == 0) {
        if (ua->role && eng_role_parse(ua->role, &role) != PC_OK)
            return report(PC_EINVAL, verb, "unknown role");
        if (ua->unit && resolve_unit(s, ua->unit, &unit) != 0)
            return CLI_ERROR;
        ch.role = ua->role ? &role : NULL;
        ch.admin_unit_id = ua->unit ? &unit : NULL;
        ch.display_name = ua->display;
    } else {
        ch.disabled = &flag;
    }
    rc = eng_user_update(a, s, key, who, u.id, &ch, err, sizeof err);
    memset(pw, 0, sizeof pw);
    if (rc == PC_OK)
        printf("account %" PRId64 " %s: %s done (its sessions are revoked)\n", u.id, u.username, verb);
    return report(rc, verb, err);
}

static int parse_args(int argc, char **argv, user_args *ua)
{
    static const struct option opts[] = {
        {"db", required_argument, 0, 'd'},           {"username", required_argument, 0, 'u'},
        {"role", required_argument, 0, 'r'},         {"unit", required_argument, 0, 'a'},
        {"display-name", required_argument, 0, 'n'}, {"phone", required_argument, 0, 'p'},
        {"password-file", required_argument, 0, 'f'}, {"create", no_argument, 0, 'c'},
        {0, 0, 0, 0}};
    int c;
    optind = 2; /* argv[0] "user", argv[1] the verb */
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        switch (c) {
        case 'd': ua->db = optarg; break;
        case 'u': ua->username = optarg; break;
        case 'r': ua->role = optarg; break;
        case 'a': ua->unit = optarg; break;
        case 'n': ua->display = optarg; break;
        case 'p': ua->phone = optarg; break;
        case 'f': ua->pw_file = optarg; break;
        case 'c': ua->create = 1; break;
        default: return -1;
        }
    }
    if (optind != argc) {
        fprintf(stderr, "pccc user: unexpected argument %s\n", argv[optind]);
        return -1;
    }
    return 0;
}

int cmd_user(int argc, char **argv)
{
    static const char *const verbs[] = {"add", "passwd", "set", "disable", "enable", "list"};
    user_args ua = {.db = cli_default_db()};
    const char *verb = argc > 1 ? argv[1] : "";
    size_t v = 0;
    while (v < sizeof verbs / sizeof verbs[0] && strcmp(verbs[v], verb) != 0)
        v++;
    if (v == sizeof verbs / sizeof verbs[0] || parse_args(argc, argv, &ua) != 0) {
        usage_user();
        return CLI_USAGE;
    }
    if (strcmp(verb, "list") != 0 && !ua.username) {
        fprintf(stderr, "pccc user %s: --username is required\n", verb);
        return CLI_USAGE;
    }
    geo_store *s = NULL;
    eng_auth *a = NULL;
    eng_key *key = NULL;
    eng_auth_config cfg;
    eng_principal who;
    char err[512], key_path[1024];
    int ret = CLI_ERROR;
    eng_auth_config_defaults(&cfg);
    operator_principal(&who);
    if (geo_store_open(ua.db, ua.create ? GEO_STORE_CREATE : 0, &s, err, sizeof err) != PC_OK) {
        fprintf(stderr, "pccc user: %s\n", err);
        goto cleanup;
    }
    eng_key_default_path(ua.db, key_path, sizeof key_path);
    if (ua.phone && eng_key_load(key_path, 1, &key, err, sizeof err) != PC_OK) {
        fprintf(stderr, "pccc user: %s\n", err);
        goto cleanup;
    }
    if (eng_auth_create(&cfg, &a) != PC_OK)
        goto cleanup;
    if (strcmp(verb, "list") == 0)
        ret = do_list(s, &who);
    else if (strcmp(verb, "add") == 0)
        ret = do_add(a, s, key, &who, &ua);
    else
        ret = do_change(a, s, key, &who, verb, &ua);
cleanup:
    eng_auth_destroy(a);
    eng_key_destroy(key);
    geo_store_close(s);
    return ret;
}
