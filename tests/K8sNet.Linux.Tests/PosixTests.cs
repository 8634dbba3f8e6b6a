using K8sNet.Linux.Interop;

namespace K8sNet.Linux.Tests;

/// <summary>The one libc layer's file calls on real files in a temporary directory (no root needed).</summary>
public sealed class PosixTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("k8snet-posix-");

    public void Dispose() => _dir.Delete(recursive: true);

    [Fact]
    public void Paths_are_passed_to_libc_as_utf8_whatever_their_length()
    {
        // Beyond the stack scratch buffer, and with a non-ASCII name: both must reach the kernel unchanged.
        var name = "lease-é-" + new string('x', CString.StackBytes + 40);
        var deep = Path.Combine(_dir.FullName, name[..200], name[200..400], name[400..]);
        Directory.CreateDirectory(Path.GetDirectoryName(deep)!);

        var fd = Posix.OpenOrThrow(deep, Posix.O_WRONLY | Posix.O_CREAT | Posix.O_EXCL, 0x180);
        Posix.WriteAll(fd, "10.200.0.7"u8, deep);
        Posix.Close(fd);

        File.ReadAllText(deep).Should().Be("10.200.0.7");
        NoFollow.TryReadRegular(deep, out _).Should().Equal("10.200.0.7"u8.ToArray());
    }

    [Fact]
    public void A_path_with_an_embedded_NUL_is_refused_instead_of_naming_another_file()
    {
        var act = () => Posix.OpenOrThrow(Path.Combine(_dir.FullName, "a\0b"), Posix.O_RDONLY, 0);

        act.Should().Throw<ErrnoException>().Where(e => e.Errno == Errno.EINVAL).WithMessage("open */a\\0b: EINVAL*");
    }

    [Fact]
    public void Link_publishes_only_once_and_unlink_reports_a_missing_name()
    {
        var temp = Path.Combine(_dir.FullName, "temp");
        var lease = Path.Combine(_dir.FullName, "10.200.0.2");
        File.WriteAllText(temp, "cid");

        Posix.TryLink(temp, lease).Should().BeTrue();
        Posix.TryLink(temp, lease).Should().BeFalse("link(2) never replaces an existing name");
        Posix.Unlink(lease).Should().BeTrue();
        Posix.Unlink(lease).Should().BeFalse();
    }

    [Fact]
    public void Open_errors_carry_the_errno_and_the_path_and_are_IOExceptions()
    {
        var missing = Path.Combine(_dir.FullName, "missing", "file");

        var act = () => Posix.OpenOrThrow(missing, Posix.O_RDONLY, 0);

        act.Should().Throw<IOException>().Which.Should().BeOfType<ErrnoException>()
            .Which.Errno.Should().Be(Errno.ENOENT);
        NoFollow.TryReadRegular(missing, out var kind).Should().BeNull();
        kind.Should().Be(EntryKind.Missing);
    }

    [Fact]
    public void Modification_time_is_set_to_the_nanosecond_and_access_time_is_left_alone()
    {
        var file = Path.Combine(_dir.FullName, "stamp");
        File.WriteAllText(file, "");
        var accessed = File.GetLastAccessTimeUtc(file);

        Posix.SetModificationTime(file, 1_700_000_000, 123_456_700);

        File.GetLastWriteTimeUtc(file).Should().Be(DateTime.UnixEpoch.AddSeconds(1_700_000_000).AddTicks(1_234_567));
        File.GetLastAccessTimeUtc(file).Should().Be(accessed);
    }

    [Fact]
    public async Task An_exclusive_lock_waits_for_the_holder_and_is_released_with_its_descriptor()
    {
        var path = Path.Combine(_dir.FullName, "lock");
        var first = Posix.OpenOrThrow(path, Posix.O_RDWR | Posix.O_CREAT, 0x180);
        Posix.LockExclusive(first, path);

        var second = Posix.OpenOrThrow(path, Posix.O_RDWR, 0);
        var waiter = Task.Run(() => Posix.LockExclusive(second, path), TestContext.Current.CancellationToken);
        (await Task.WhenAny(waiter, Task.Delay(300, TestContext.Current.CancellationToken))).Should().NotBeSameAs(waiter, "the first descriptor holds the lock");

        Posix.Close(first);
        (await Task.WhenAny(waiter, Task.Delay(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken))).Should().BeSameAs(waiter, "closing the holder's descriptor releases its lock");
        Posix.Close(second);
    }
}
