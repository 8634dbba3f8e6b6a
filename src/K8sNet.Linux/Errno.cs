namespace K8sNet.Linux;

/// <summary>
/// The errno values K8sNet reacts to or reports (asm-generic/errno-base.h, asm-generic/errno.h; same numbers on
/// x86_64 and arm64). Other values still work as raw ints; <see cref="NameOf"/> then prints "errno N".
/// </summary>
public static class Errno
{
    public const int EPERM = 1;
    public const int ENOENT = 2;
    public const int ESRCH = 3;
    public const int EINTR = 4;
    public const int EIO = 5;
    public const int EBADF = 9;
    public const int EAGAIN = 11;
    public const int ENOMEM = 12;
    public const int EACCES = 13;
    public const int EBUSY = 16;
    public const int EEXIST = 17;
    public const int ENODEV = 19;
    public const int ENOTDIR = 20;
    public const int EISDIR = 21;
    public const int EINVAL = 22;
    public const int ENOTTY = 25;
    public const int ENOSPC = 28;
    public const int EROFS = 30;
    public const int ERANGE = 34;
    public const int ENAMETOOLONG = 36;
    public const int ENOTEMPTY = 39;
    public const int ELOOP = 40;
    public const int EOPNOTSUPP = 95;
    public const int EAFNOSUPPORT = 97;
    public const int EADDRINUSE = 98;
    public const int EADDRNOTAVAIL = 99;
    public const int ENETDOWN = 100;
    public const int ENETUNREACH = 101;
    public const int ENOBUFS = 105;
    public const int ETIMEDOUT = 110;
    public const int EHOSTUNREACH = 113;
    public const int EPROTONOSUPPORT = 93;
    public const int EMSGSIZE = 90;
    public const int ENOTSUP = EOPNOTSUPP;

    /// <summary>The symbolic name ("ENODEV") used in every error message, so logs can be grepped by errno.</summary>
    public static string NameOf(int errno) => errno switch
    {
        EPERM => "EPERM",
        ENOENT => "ENOENT",
        ESRCH => "ESRCH",
        EINTR => "EINTR",
        EIO => "EIO",
        EBADF => "EBADF",
        EAGAIN => "EAGAIN",
        ENOMEM => "ENOMEM",
        EACCES => "EACCES",
        EBUSY => "EBUSY",
        EEXIST => "EEXIST",
        ENODEV => "ENODEV",
        ENOTDIR => "ENOTDIR",
        EISDIR => "EISDIR",
        EINVAL => "EINVAL",
        ENOTTY => "ENOTTY",
        ENOSPC => "ENOSPC",
        EROFS => "EROFS",
        ERANGE => "ERANGE",
        ENAMETOOLONG => "ENAMETOOLONG",
        ENOTEMPTY => "ENOTEMPTY",
        ELOOP => "ELOOP",
        EOPNOTSUPP => "EOPNOTSUPP",
        EAFNOSUPPORT => "EAFNOSUPPORT",
        EADDRINUSE => "EADDRINUSE",
        EADDRNOTAVAIL => "EADDRNOTAVAIL",
        ENETDOWN => "ENETDOWN",
        ENETUNREACH => "ENETUNREACH",
        ENOBUFS => "ENOBUFS",
        ETIMEDOUT => "ETIMEDOUT",
        EHOSTUNREACH => "EHOSTUNREACH",
        EPROTONOSUPPORT => "EPROTONOSUPPORT",
        EMSGSIZE => "EMSGSIZE",
        _ => $"errno {errno}",
    };
}
