/* crypt.c — AES-256-GCM sealing with a key file, and keyed digests. */
#include "crypt.h"

#include <errno.h>
#include <fcntl.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define KEY_BYTES 32
#define NONCE_BYTES 12
#define TAG_BYTES 16
#define SEAL_VERSION 0x01

struct eng_key {
    uint8_t k[KEY_BYTES];
};

void eng_key_default_path(const char *db_path, char *out, size_t out_len)
{
    const char *e = getenv("PCCC_KEY_FILE");
    if (e && *e)
        snprintf(out, out_len, "%s", e);
    else
        snprintf(out, out_len, "%s.key", db_path ? db_path : "pccc.sqlite");
}

static pc_rc fail(char *err, size_t err_len, pc_rc rc, const char *what, const char *path)
{
    if (err && err_len)
        snprintf(err, err_len, "key file %s: %s", path, what);
    return rc;
}

static pc_rc key_create(const char *path, uint8_t *k, char *err, size_t err_len)
{
    if (RAND_bytes(k, KEY_BYTES) != 1)
        return fail(err, err_len, PC_EIO, "no random bytes", path);
    int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0)
        return fail(err, err_len, PC_EIO, strerror(errno), path);
    ssize_t w = write(fd, k, KEY_BYTES);
    int ok = w == KEY_BYTES && fsync(fd) == 0;
    close(fd);
    if (!ok) {
        unlink(path);
        return fail(err, err_len, PC_EIO, "cannot write", path);
    }
    return PC_OK;
}

pc_rc eng_key_load(const char *path, int create, eng_key **out, char *err, size_t err_len)
{
    *out = NULL;
    eng_key *key = calloc(1, sizeof *key);
    if (!key)
        return PC_ENOMEM;
    pc_rc rc = PC_OK;
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
    if (fd < 0 && errno == ENOENT && create) {
        rc = key_create(path, key->k, err, err_len);
        goto cleanup;
    }
    if (fd < 0) {
        rc = fail(err, err_len, errno == ENOENT ? PC_ENOTFOUND : PC_EIO, strerror(errno), path);
        goto cleanup;
    }
    struct stat stb;
    if (fstat(fd, &stb) != 0 || !S_ISREG(stb.st_mode)) {
        rc = fail(err, err_len, PC_EIO, "not a regular file", path);
    } else if (stb.st_mode & 077) {
        rc = fail(err, err_len, PC_EFORBIDDEN, "readable by group or others (chmod 600 it)", path);
    } else if (stb.st_size != KEY_BYTES || read(fd, key->k, KEY_BYTES) != KEY_BYTES) {
        rc = fail(err, err_len, PC_EFORMAT, "not a 32-byte key", path);
    }
    close(fd);
cleanup:
    if (rc != PC_OK) {
        eng_key_destroy(key);
        return rc;
    }
    *out = key;
    return PC_OK;
}

void eng_key_destroy(eng_key *k)
{
    if (!k)
        return;
    OPENSSL_cleanse(k->k, sizeof k->k);
    free(k);
}

pc_rc eng_seal(const eng_key *k, const void *pt, size_t n, const char *aad, uint8_t *out, size_t cap,
               size_t *out_len)
{
    *out_len = 0;
    if (n > (size_t)1 << 20 || cap < n + ENG_SEAL_OVERHEAD)
        return PC_ELIMIT;
    EVP_CIPHER_CTX *c = EVP_CIPHER_CTX_new();
    pc_rc rc = PC_ENOMEM;
    int len = 0, fin = 0;
    uint8_t *nonce = out + 1, *ct = out + 1 + NONCE_BYTES;
    out[0] = SEAL_VERSION;
    if (!c || RAND_bytes(nonce, NONCE_BYTES) != 1)
        goto cleanup;
    if (EVP_EncryptInit_ex(c, EVP_aes_256_gcm(), NULL, k->k, nonce) != 1 ||
        (aad && EVP_EncryptUpdate(c, NULL, &len, (const uint8_t *)aad, (int)strlen(aad)) != 1) ||
        EVP_EncryptUpdate(c, ct, &len, pt, (int)n) != 1 || EVP_EncryptFinal_ex(c, ct + len, &fin) != 1 ||
        EVP_CIPHER_CTX_ctrl(c, EVP_CTRL_GCM_GET_TAG, TAG_BYTES, ct + n) != 1)
        goto cleanup;
    *out_len = n + ENG_SEAL_OVERHEAD;
    rc = PC_OK;
cleanup:
    EVP_CIPHER_CTX_free(c);
    return rc;
}

pc_rc eng_unseal(const eng_key *k, const uint8_t *in, size_t n, const char *aad, char *out, size_t cap,
                 size_t *out_len)
{
    *out_len = 0;
    if (n < ENG_SEAL_OVERHEAD || in[0] != SEAL_VERSION || n > ((size_t)1 << 20) + ENG_SEAL_OVERHEAD)
        return PC_EFORMAT;
    size_t pt_len = n - ENG_SEAL_OVERHEAD;
    if (cap < pt_len + 1)
        return PC_ELIMIT;
    EVP_CIPHER_CTX *c = EVP_CIPHER_CTX_new();
    pc_rc rc = PC_ENOMEM;
    int len = 0, fin = 0;
    const uint8_t *nonce = in + 1, *ct = in + 1 + NONCE_BYTES;
    if (!c)
        goto cleanup;
    rc = PC_EFORMAT;
    if (EVP_DecryptInit_ex(c, EVP_aes_256_gcm(), NULL, k->k, nonce) != 1 ||
        (aad && EVP_DecryptUpdate(c, NULL, &len, (const uint8_t *)aad, (int)strlen(aad)) != 1) ||
        EVP_DecryptUpdate(c, (uint8_t *)out, &len, ct, (int)pt_len) != 1 ||
        EVP_CIPHER_CTX_ctrl(c, EVP_CTRL_GCM_SET_TAG, TAG_BYTES, (void *)(ct + pt_len)) != 1 ||
        EVP_DecryptFinal_ex(c, (uint8_t *)out + len, &fin) != 1) {
        OPENSSL_cleanse(out, cap);
        goto cleanup;
    }
    out[pt_len] = '\0';
    *out_len = pt_len;
    rc = PC_OK;
cleanup:
    EVP_CIPHER_CTX_free(c);
    return rc;
}

pc_rc eng_key_digest(const eng_key *k, const char *s, uint8_t out[32])
{
    unsigned len = 0;
    if (!HMAC(EVP_sha256(), k->k, KEY_BYTES, (const uint8_t *)s, strlen(s), out, &len) || len != 32)
        return PC_ENOMEM;
    return PC_OK;
}
