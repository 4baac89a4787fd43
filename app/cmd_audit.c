/* cmd_audit.c — `pccc audit verify`: check the audit log's hash chain. */
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "audit.h"
#include "cli.h"
#include "geo_store.h"

void usage_audit(void)
{
    printf("usage: pccc audit verify [--db FILE]\n\n"
           "Recomputes the SHA-256 hash chain of the audit log and compares its end with the\n"
           "recorded head. Exit 0 and the head hash when intact (keep that hash somewhere else to\n"
           "detect a rewrite of the whole log later); exit 1 naming the first row at fault when a\n"
           "row was edited, inserted or deleted.\n");
}

int cmd_audit(int argc, char **argv)
{
    static const struct option opts[] = {{"db", required_argument, 0, 'd'}, {0, 0, 0, 0}};
    const char *db = cli_default_db();
    if (argc < 2 || strcmp(argv[1], "verify") != 0) {
        usage_audit();
        return CLI_USAGE;
    }
    int c;
    optind = 2;
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        if (c != 'd') {
            usage_audit();
            return CLI_USAGE;
        }
        db = optarg;
    }
    if (optind != argc) {
        fprintf(stderr, "pccc audit: unexpected argument %s\n", argv[optind]);
        return CLI_USAGE;
    }
    geo_store *s = NULL;
    char err[256];
    if (geo_store_open(db, 0, &s, err, sizeof err) != PC_OK) {
        fprintf(stderr, "pccc audit: %s\n", err);
        return CLI_ERROR;
    }
    eng_audit_report rep;
    pc_rc rc = eng_audit_verify(s, &rep);
    geo_store_close(s);
    if (rc == PC_OK) {
        printf("audit log intact: %" PRId64 " rows, head %s\n", rep.rows, rep.head_hex);
        return CLI_OK;
    }
    if (rc == PC_EFORMAT)
        printf("audit log TAMPERED: %s (%" PRId64 " rows checked)\n", rep.problem, rep.rows);
    else
        fprintf(stderr, "pccc audit: cannot verify: %s\n", pc_rc_str(rc));
    return CLI_ERROR;
}
