#ifndef GIT_WARDEN_LIBGIT2_STARTUP_H
#define GIT_WARDEN_LIBGIT2_STARTUP_H

/* See no_ca_bundle.c: linked into git-warden's executables, it keeps libgit2's start-up from parsing the system
 * CA bundle. Nothing to call: the definition below takes the place of mbedTLS's when the executable is loaded. */
int mbedtls_x509_crt_parse_file(void *chain, const char *path);

#endif
