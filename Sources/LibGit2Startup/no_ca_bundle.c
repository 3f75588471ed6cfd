#include "LibGit2Startup.h"

/*
 * Debian builds libgit2 with mbedTLS and a default certificate location, and git_libgit2_init() parses the whole
 * system CA bundle (/etc/ssl/certs/ca-certificates.crt, ~140 certificates, base64-decoded one by one) on every
 * start: measured at ~5 ms of CPU, most of libgit2's start-up and the largest single cost of a hook process.
 * libgit2 has no option to skip it (git_libgit2_opts needs the library initialised first).
 *
 * git-warden only reads repositories: it never asks libgit2 for a network transport. This definition, exported by
 * the executable, takes the place of mbedTLS's for libgit2 (the dynamic loader binds the executable's symbol
 * first), and loads nothing. Should a TLS connection ever be made regardless, it has no trusted certificate
 * authority and every server certificate fails verification: the change fails closed.
 */
int mbedtls_x509_crt_parse_file(void *chain, const char *path) {
    (void)chain;
    (void)path;
    return 0;
}
