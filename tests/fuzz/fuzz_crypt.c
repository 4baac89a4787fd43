/* fuzz_crypt.c — libFuzzer harness for encryption at rest of personal
 * identifiers (engine/crypt: AES-256-GCM seal/unseal, keyed digest), with a
 * real key file created on tmpfs at start.
 *
 * Any bytes as a sealed blob from the database: eng_unseal refuses them
 * (PC_EFORMAT, nothing returned) — forging a tag is out of reach. The same
 * bytes as a plaintext: sealing then unsealing gives them back; the seal
 * with one byte changed (position and bits from the input), cut short, or
 * opened under another column's associated data is refused; the digest is
 * the same twice and differs between two different strings. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "crypt.h"

#define FZ_MAX_INPUT 4096

static eng_key *key;
static char key_path[128];

static void fail(const char *what)
{
    fprintf(stderr, "fuzz_crypt: %s\n", what);
    abort();
}

static void remove_key(void) { unlink(key_path); }

static void setup(void)
{
    char err[200];
    const char *dir = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp";
    snprintf(key_path, sizeof key_path, "%s/pccc-fuzz-%ld.key", dir, (long)getpid());
    unlink(key_path);
    if (eng_key_load(key_path, 1, &key, err, sizeof err) != PC_OK)
        fail(err);
    atexit(remove_key);
}

/* Unsealing must fail: PC_EFORMAT and an empty result. */
static void expect_refused(const uint8_t *in, size_t n, const char *aad, const char *what)
{
    static char out[FZ_MAX_INPUT + 1];
    size_t got = 1;
    if (eng_unseal(key, in, n, aad, out, sizeof out, &got) != PC_EFORMAT || got != 0)
        fail(what);
}

/* Setup before the first input (not counted against -timeout). */
int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc, (void)argv;
    setup();
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static uint8_t sealed[FZ_MAX_INPUT + ENG_SEAL_OVERHEAD];
    static char plain[FZ_MAX_INPUT + 1], s1[FZ_MAX_INPUT + 1];
    if (size > FZ_MAX_INPUT)
        return 0;
    expect_refused(data, size, "account.phone", "an arbitrary blob was accepted");
    size_t n = 0, back = 0;
    if (eng_seal(key, data, size, "account.phone", sealed, sizeof sealed, &n) != PC_OK || n != size + ENG_SEAL_OVERHEAD)
        fail("seal");
    if (eng_unseal(key, sealed, n, "account.phone", plain, sizeof plain, &back) != PC_OK || back != size ||
        memcmp(plain, data, size) != 0 || plain[size] != '\0')
        fail("round trip");
    expect_refused(sealed, n, "resident.pid", "opened under another column");
    expect_refused(sealed, n - 1, "account.phone", "a cut seal was accepted");
    size_t at = size ? (data[0] * 131u + size) % n : n - 1;
    uint8_t bits = size > 1 && data[1] ? data[1] : 0x01;
    sealed[at] ^= bits;
    expect_refused(sealed, n, "account.phone", "an altered seal was accepted");
    /* digests: strings up to the first NUL */
    uint8_t d1[32], d2[32], d3[32];
    memcpy(s1, data, size);
    s1[size] = '\0';
    if (eng_key_digest(key, s1, d1) != PC_OK || eng_key_digest(key, s1, d2) != PC_OK || memcmp(d1, d2, 32) != 0)
        fail("digest not deterministic");
    size_t len = strlen(s1);
    if (len + 1 < sizeof s1) {
        s1[len] = 'x', s1[len + 1] = '\0';
        if (eng_key_digest(key, s1, d3) != PC_OK || memcmp(d1, d3, 32) == 0)
            fail("two strings with one digest");
    }
    return 0;
}
