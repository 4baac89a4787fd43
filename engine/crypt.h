/* crypt.h — encryption at rest for personal identifiers (AES-256-GCM).
 *
 * The key is 32 random bytes in a file outside the database, created with
 * mode 0600 on first use and refused when group or others may read it. A
 * sealed value is: version byte 0x01, 12-byte random nonce, ciphertext,
 * 16-byte tag. The associated data names the column ("account.phone") so a
 * blob cannot be moved to another column unnoticed.
 *
 * eng_key_digest gives a keyed HMAC-SHA256 of a value, for equality lookups
 * on encrypted columns (resident.pid_hash) without decrypting. */
#ifndef ENG_CRYPT_H
#define ENG_CRYPT_H

#include <stddef.h>
#include <stdint.h>

#include "pc_rc.h"

#define ENG_SEAL_OVERHEAD 29 /* version + nonce + tag */

typedef struct eng_key eng_key;

/* Loads the key at path; with create, makes a new one (0600, O_EXCL) when
 * the file is missing. PC_ENOTFOUND when missing and !create; PC_EFORBIDDEN
 * when the file is readable by group or others; PC_EFORMAT when it is not
 * 32 bytes. Caller owns *out: eng_key_destroy (wipes it). */
pc_rc eng_key_load(const char *path, int create, eng_key **out, char *err, size_t err_len);
void eng_key_destroy(eng_key *k);

/* Default key file for a database: $PCCC_KEY_FILE, else "<db>.key". */
void eng_key_default_path(const char *db_path, char *out, size_t out_len);

/* Encrypts n bytes of pt into out (cap >= n + ENG_SEAL_OVERHEAD).
 * PC_ELIMIT when out is too small. */
pc_rc eng_seal(const eng_key *k, const void *pt, size_t n, const char *aad, uint8_t *out, size_t cap,
               size_t *out_len);

/* Decrypts and authenticates; out gets n - ENG_SEAL_OVERHEAD bytes plus a
 * NUL (cap must allow it). PC_EFORMAT when the blob is malformed, was made
 * with another key or aad, or was altered. */
pc_rc eng_unseal(const eng_key *k, const uint8_t *in, size_t n, const char *aad, char *out, size_t cap,
                 size_t *out_len);

/* HMAC-SHA256(key, s) into out. */
pc_rc eng_key_digest(const eng_key *k, const char *s, uint8_t out[32]);

#endif
