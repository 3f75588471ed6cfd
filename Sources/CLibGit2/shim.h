#ifndef GIT_WARDEN_CLIBGIT2_SHIM_H
#define GIT_WARDEN_CLIBGIT2_SHIM_H
#include <git2.h>
#endif
