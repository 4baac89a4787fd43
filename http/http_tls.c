/* http_tls.c — reading and checking the HTTPS certificate and key files. */
#include "http_tls.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "pc_log.h"

#define TLS_FILE_MAX (1 << 20)

/* The whole regular file at path, NUL-terminated, into *out; *st its stat. */
static pc_rc read_file(const char *path, const char *what, char **out, struct stat *st, char *err, size_t err_len)
{
    *out = NULL;
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        snprintf(err, err_len, "cannot read the TLS %s %s: %s", what, path, strerror(errno));
        return PC_EIO;
    }
    pc_rc rc = PC_EINVAL;
    char *buf = NULL;
    size_t got = 0;
    if (fstat(fd, st) != 0 || !S_ISREG(st->st_mode) || st->st_size <= 0 || st->st_size > TLS_FILE_MAX) {
        snprintf(err, err_len, "the TLS %s %s is not a regular file of 1 byte to 1 MiB", what, path);
        goto cleanup;
    }
    rc = PC_ENOMEM;
    if (!(buf = malloc((size_t)st->st_size + 1)))
        goto cleanup;
    while (got < (size_t)st->st_size) {
        ssize_t n = read(fd, buf + got, (size_t)st->st_size - got);
        if (n <= 0) {
            snprintf(err, err_len, "cannot read the TLS %s %s: %s", what, path, n ? strerror(errno) : "short file");
            rc = PC_EIO;
            goto cleanup;
        }
        got += (size_t)n;
    }
    buf[got] = '\0';
    if (strlen(buf) != got) {
        snprintf(err, err_len, "the TLS %s %s is not PEM text (DER files must be converted)", what, path);
        rc = PC_EINVAL;
        goto cleanup;
    }
    *out = buf;
    buf = NULL;
    rc = PC_OK;
cleanup:
    if (buf) {
        memset(buf, 0, got);
        free(buf);
    }
    close(fd);
    return rc;
}

/* Refuses a key others can read or write, or its group can write. */
static pc_rc key_mode_check(const char *path, const struct stat *st, char *err, size_t err_len)
{
    unsigned mode = (unsigned)st->st_mode & 07777u;
    if (mode & (S_IROTH | S_IWOTH | S_IXOTH | S_IWGRP)) {
        snprintf(err, err_len, "the TLS key %s has mode %04o: other users may read or change it (chmod 600 %s)",
                 path, mode, path);
        return PC_EINVAL;
    }
    if (mode & S_IRGRP)
        pc_log(PC_LOG_WARN, "tls: the key %s is readable by its group (mode %04o); 0600 is safer", path, mode);
    return PC_OK;
}

pc_rc http_tls_load(const char *cert_path, const char *key_path, char **cert_pem, char **key_pem, char *err,
                    size_t err_len)
{
    *cert_pem = *key_pem = NULL;
    struct stat st;
    char *cert = NULL, *key = NULL;
    pc_rc rc;
    if ((rc = read_file(cert_path, "certificate", &cert, &st, err, err_len)) != PC_OK)
        goto cleanup;
    rc = PC_EINVAL;
    if (!strstr(cert, "-----BEGIN CERTIFICATE-----")) {
        snprintf(err, err_len, "the TLS certificate %s has no PEM certificate (-----BEGIN CERTIFICATE-----)",
                 cert_path);
        goto cleanup;
    }
    if ((rc = read_file(key_path, "key", &key, &st, err, err_len)) != PC_OK)
        goto cleanup;
    if ((rc = key_mode_check(key_path, &st, err, err_len)) != PC_OK)
        goto cleanup;
    rc = PC_EINVAL;
    if (strstr(key, "ENCRYPTED PRIVATE KEY") || strstr(key, "Proc-Type: 4,ENCRYPTED")) {
        snprintf(err, err_len, "the TLS key %s is encrypted; pccc needs it unencrypted (and mode 0600)", key_path);
        goto cleanup;
    }
    if (!strstr(key, "PRIVATE KEY-----")) {
        snprintf(err, err_len, "the TLS key %s has no PEM private key (-----BEGIN PRIVATE KEY-----)", key_path);
        goto cleanup;
    }
    *cert_pem = cert;
    *key_pem = key;
    return PC_OK;
cleanup:
    free(cert);
    http_tls_free_key(key);
    return rc;
}

void http_tls_free_key(char *key_pem)
{
    if (!key_pem)
        return;
    volatile char *p = key_pem;
    while (*p)
        *p++ = 0;
    free(key_pem);
}
