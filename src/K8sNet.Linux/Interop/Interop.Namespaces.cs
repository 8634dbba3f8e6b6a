using TmdsLibC = Tmds.Linux.LibC;

namespace K8sNet.Linux.Interop;

internal static partial class Libc
{
    // <sched.h>
    internal const int CLONE_NEWNET = 0x40000000;

    // <linux/magic.h>: f_type of files on the nsfs pseudo filesystem (/proc/*/ns/*, bind mounts under /run/netns).
    internal const long NSFS_MAGIC = 0x6e736673;

    // <linux/nsfs.h>: #define NS_GET_NSTYPE _IO(NSIO, 0x3) with NSIO 0xb7 → returns the CLONE_NEW* type (Linux 4.11+).
    internal const int NS_GET_NSTYPE = 0xb703;

    internal static int SetNs(SafeFdHandle fd, int nstype) => TmdsLibC.setns(fd.Fd, nstype);

    internal static int Ioctl(SafeFdHandle fd, int request) => TmdsLibC.ioctl(fd.Fd, request);
}
