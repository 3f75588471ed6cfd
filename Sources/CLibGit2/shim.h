#ifndef GIT_WARDEN_CLIBGIT2_SHIM_H
#define GIT_WARDEN_CLIBGIT2_SHIM_H
#include <git2.h>

/// git_libgit2_opts is variadic, which Swift cannot call: one fixed-arity wrapper per option we use.
static inline int gw_set_strict_hash_verification(int enabled) {
    return git_libgit2_opts(GIT_OPT_ENABLE_STRICT_HASH_VERIFICATION, enabled);
}
#endif
