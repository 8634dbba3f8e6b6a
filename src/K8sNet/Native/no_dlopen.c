/*
 * The executable is statically linked against glibc (issue 7), and a static glibc process cannot safely load a
 * shared object: dlopen brings in a second libc.so whose state is not the process's, and the process corrupts its
 * memory (seen when the BCL's SHA256 dlopen()ed OpenSSL: ADD aborted, DEL crashed). No plugin or operator path needs
 * a shared library, so dlopen fails here instead, cleanly: a P/Invoke into a library that is not linked in throws
 * DllNotFoundException, which reaches the runtime as a CNI error like any other failure.
 *
 * Linked before libc.a like no_cgroup_probe.c, so the linker never pulls glibc's dlopen; if glibc's object defining
 * dlopen is needed for another symbol, the link fails with a duplicate definition rather than misbehaving.
 */
#include <stddef.h>

static const char no_shared_libraries[] =
    "k8snet is a statically linked executable and does not load shared libraries";

void *dlopen(const char *file, int mode)
{
    (void)file;
    (void)mode;
    return NULL;
}

char *dlerror(void)
{
    return (char *)no_shared_libraries;
}
