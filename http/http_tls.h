/* http_tls.h — certificate and key files for pccc's own HTTPS.
 *
 * `pccc serve --tls-cert FILE --tls-key FILE` serves HTTPS through
 * libmicrohttpd's TLS (GnuTLS), TLS 1.2 and 1.3 only (HTTP_TLS_PRIORITIES).
 * The files are read and checked here before libmicrohttpd sees them, so
 * that a mistake gets a clear message instead of a failed start: regular
 * files, at most 1 MiB, PEM, a certificate in one and an unencrypted private
 * key in the other; the key must not be readable or writable by other users
 * (refused), nor writable by its group (refused); readable by its group
 * (Debian's ssl-cert convention) is allowed with a warning. Whether the key
 * matches the certificate is GnuTLS's to say when the server starts. */
#ifndef HTTP_TLS_H
#define HTTP_TLS_H

#include <stddef.h>

#include "pc_rc.h"

/* GnuTLS priority string: TLS 1.3 and 1.2, AEAD ciphers, ECDHE key exchange. */
#define HTTP_TLS_PRIORITIES                                                                                          \
    "NORMAL:-VERS-ALL:+VERS-TLS1.3:+VERS-TLS1.2:-CIPHER-ALL:+AES-256-GCM:+AES-128-GCM:+CHACHA20-POLY1305:"          \
    "-MAC-ALL:+AEAD:-KX-ALL:+ECDHE-ECDSA:+ECDHE-RSA"

/* Reads and checks the two files; *cert_pem and *key_pem (NUL-terminated,
 * caller frees both with free(); the key is wiped by http_tls_free_key) on
 * PC_OK. PC_EIO when a file cannot be read, PC_EINVAL when it is not what it
 * should be or the key's permissions are too open; err says which and why. */
pc_rc http_tls_load(const char *cert_path, const char *key_path, char **cert_pem, char **key_pem, char *err,
                    size_t err_len);

/* Overwrites and frees a key returned by http_tls_load (NULL is fine). */
void http_tls_free_key(char *key_pem);

#endif
