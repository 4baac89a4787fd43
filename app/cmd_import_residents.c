/* cmd_import_residents.c — `pccc import-residents FILE`: load a population
 * register extract (CSV) into the store: house codes verified, personal ID
 * numbers encrypted with the key file, occupant and vulnerable counts of
 * each listed house derived from it (engine/import.h). All or nothing. */
#include <getopt.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "auth.h"
#include "cli.h"
#include "crypt.h"
#include "geo_store.h"
#include "import.h"

void usage_import_residents(void)
{
    printf("usage: pccc import-residents FILE [--db DB] [--key-file FILE] [--dry-run]\n\n"
           "FILE is CSV with the header house_code,pid,birth_year,disabled,bedridden,residence\n"
           "(residence: permanent or temporary; disabled and bedridden: 0 or 1). Every row is\n"
           "checked first: a malformed, mismatched (wrong check character) or unknown house code,\n"
           "a bad ID number (9 or 12 digits), year or flag, or an ID number listed twice is\n"
           "printed as LINE: REASON and nothing is imported (exit 1). Otherwise the residents of\n"
           "each listed house are replaced and its occupant and vulnerable counts recomputed.\n"
           "ID numbers are stored encrypted (key: --key-file, $PCCC_KEY_FILE or DB.key).\n"
           "--dry-run checks and reports without writing.\n");
}

/* Reads the whole file (caller frees). */
static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    char *buf = NULL;
    *len = 0;
    if (!f)
        return NULL;
    if (fseek(f, 0, SEEK_END) == 0) {
        long n = ftell(f);
        if (n >= 0 && n <= 256L << 20 && fseek(f, 0, SEEK_SET) == 0 && (buf = malloc((size_t)n + 1))) {
            *len = fread(buf, 1, (size_t)n, f);
            buf[*len] = '\0';
        }
    }
    fclose(f);
    return buf;
}

static int report(const eng_import_result *r, int dry)
{
    for (size_t i = 0; i < r->n_errors; i++)
        printf("%zu: %s\n", r->errors[i].line, r->errors[i].reason);
    printf("{\"rows\":%zu,\"valid\":%zu,\"bad\":%zu,\"houses\":%zu,\"committed\":%s,\"dry_run\":%s}\n", r->rows,
           r->rows_ok, r->n_errors, r->buildings, r->committed ? "true" : "false", dry ? "true" : "false");
    return r->n_errors ? CLI_ERROR : CLI_OK;
}

int cmd_import_residents(int argc, char **argv)
{
    static const struct option opts[] = {{"db", required_argument, 0, 'd'}, {"key-file", required_argument, 0, 'k'},
                                         {"dry-run", no_argument, 0, 'n'}, {0, 0, 0, 0}};
    const char *db = cli_default_db(), *key_file = NULL;
    int dry = 0, c, out = CLI_ERROR;
    optind = 1;
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        switch (c) {
        case 'd': db = optarg; break;
        case 'k': key_file = optarg; break;
        case 'n': dry = 1; break;
        default: usage_import_residents(); return CLI_USAGE;
        }
    }
    if (optind + 1 != argc) {
        fprintf(stderr, "pccc import-residents: give exactly one FILE\n");
        return CLI_USAGE;
    }
    const char *file = argv[optind];
    char err[256] = "", key_path[1024];
    size_t len = 0;
    geo_store *s = NULL;
    eng_key *key = NULL;
    eng_import_result r;
    memset(&r, 0, sizeof r);
    char *csv = slurp(file, &len);
    if (!csv) {
        fprintf(stderr, "pccc import-residents: cannot read %s\n", file);
        return CLI_ERROR;
    }
    if (key_file)
        snprintf(key_path, sizeof key_path, "%s", key_file);
    else
        eng_key_default_path(db, key_path, sizeof key_path);
    if (geo_store_open(db, 0, &s, err, sizeof err) != PC_OK || eng_key_load(key_path, 1, &key, err, sizeof err) != PC_OK) {
        fprintf(stderr, "pccc import-residents: %s\n", err);
        goto cleanup;
    }
    eng_principal who;
    const struct passwd *pw = getpwuid(getuid());
    const char *login = getenv("SUDO_USER");
    eng_principal_cli(&who, login && *login ? login : pw ? pw->pw_name : "operator");
    pc_rc rc = eng_import_residents(s, key, &who, csv, len, !dry, &r, err, sizeof err);
    if (rc != PC_OK) {
        fprintf(stderr, "pccc import-residents: %s\n", err[0] ? err : pc_rc_str(rc));
        goto cleanup;
    }
    out = report(&r, dry);
cleanup:
    eng_import_result_free(&r);
    eng_key_destroy(key);
    geo_store_close(s);
    memset(csv, 0, len);
    free(csv);
    return out;
}
