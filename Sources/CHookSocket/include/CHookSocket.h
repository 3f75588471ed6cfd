#ifndef GIT_WARDEN_HOOK_SOCKET_H
#define GIT_WARDEN_HOOK_SOCKET_H

#include <stddef.h>
#include <sys/types.h>

/* The few socket calls of the hook relay that Swift cannot spell: ancillary data (SCM_RIGHTS) is built with the
 * CMSG_* macros, and the peer's credentials and a thread's private file-system context are Linux calls that the
 * Glibc module does not import. Every function returns -1 and leaves errno set on failure. */

/* Sends `length` bytes with the descriptors `fds[0..<count]` attached (count <= 8). Returns the bytes sent. */
ssize_t git_warden_send_with_fds(int socket, const void *bytes, size_t length, const int *fds, int count);

/* Receives up to `length` bytes and up to `capacity` descriptors (close-on-exec; count <= 8); `*received` is the
 * number of descriptors. A message whose descriptors did not fit (MSG_CTRUNC) fails with EMSGSIZE after closing
 * those that arrived. Returns the bytes received (0 at end of stream). */
ssize_t git_warden_receive_with_fds(int socket, void *bytes, size_t length, int *fds, int capacity, int *received);

/* The user and process of the other end of a connected Unix socket, as the kernel recorded them at connect(). */
int git_warden_peer(int socket, uid_t *uid, pid_t *pid);

/* Gives the calling thread its own working directory and umask (unshare(CLONE_FS)): a hook served on a thread
 * runs in its client's directory without moving the rest of the process. */
int git_warden_private_directory(void);

/* accept4() with SOCK_CLOEXEC: a git child started by a served hook must not inherit a relay's connection. */
int git_warden_accept(int listener);

#endif
