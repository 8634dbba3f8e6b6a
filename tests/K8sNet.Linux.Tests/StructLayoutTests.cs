using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using K8sNet.Linux.Interop;
using K8sNet.Linux.Netlink.Wire;
using K8sNet.Linux.Rtnetlink.Wire;
using K8sNet.Testing;

namespace K8sNet.Linux.Tests;

/// <summary>
/// Our mirrored structs and constants against the real kernel headers: a generated C program prints sizeof, offsetof
/// and constant values, and every one must equal the C# side (the Tmds.LibC technique). Skipped without a C compiler.
/// </summary>
public sealed class StructLayoutTests
{
    private static readonly (string Struct, Type Type, string[] Fields)[] Structs =
    [
        ("nlmsghdr", typeof(NlMsgHdr), ["nlmsg_len", "nlmsg_type", "nlmsg_flags", "nlmsg_seq", "nlmsg_pid"]),
        ("nlmsgerr", typeof(NlMsgErr), ["error", "msg"]),
        ("sockaddr_nl", typeof(SockaddrNl), ["nl_family", "nl_pad", "nl_pid", "nl_groups"]),
        ("ifinfomsg", typeof(IfInfoMsg), ["ifi_family", "__ifi_pad", "ifi_type", "ifi_index", "ifi_flags", "ifi_change"]),
        ("ifaddrmsg", typeof(IfAddrMsg), ["ifa_family", "ifa_prefixlen", "ifa_flags", "ifa_scope", "ifa_index"]),
        ("rtmsg", typeof(RtMsg), ["rtm_family", "rtm_dst_len", "rtm_src_len", "rtm_tos", "rtm_table", "rtm_protocol", "rtm_scope", "rtm_type", "rtm_flags"]),
        ("bridge_vlan_info", typeof(BridgeVlanInfo), ["flags", "vid"]),
    ];

    [Fact]
    public void Wire_structs_and_constants_match_the_kernel_headers()
    {
        var compiler = Command.Which("cc") ?? Command.Which("gcc");
        if (compiler is null)
        {
            return; // no C toolchain: nothing to compare against (CI images have gcc)
        }

        var expected = FromC(compiler);
        var actual = FromCSharp();

        actual.Keys.Should().BeEquivalentTo(expected.Keys);
        foreach (var (name, value) in actual)
        {
            value.Should().Be(expected[name], name);
        }
    }

    [Fact]
    public void Size_constants_agree_with_the_struct_layouts()
    {
        Unsafe.SizeOf<NlMsgHdr>().Should().Be(NlMsgHdr.Size);
        Unsafe.SizeOf<NlMsgErr>().Should().Be(NlMsgErr.Size);
        Unsafe.SizeOf<SockaddrNl>().Should().Be(SockaddrNl.Size);
        Unsafe.SizeOf<IfInfoMsg>().Should().Be(IfInfoMsg.Size);
        Unsafe.SizeOf<IfAddrMsg>().Should().Be(IfAddrMsg.Size);
        Unsafe.SizeOf<RtMsg>().Should().Be(RtMsg.Size);
        Unsafe.SizeOf<BridgeVlanInfo>().Should().Be(BridgeVlanInfo.Size);
    }

    private static Dictionary<string, long> FromCSharp()
    {
        var values = new Dictionary<string, long>();
        foreach (var (name, type, fields) in Structs)
        {
            values[$"sizeof({name})"] = Marshal.SizeOf(type);
            foreach (var field in fields)
            {
                values[$"offsetof({name},{field})"] = Marshal.OffsetOf(type, field).ToInt64();
            }
        }

        foreach (var (name, value) in Constants())
        {
            values[name] = value;
        }

        return values;
    }

    /// <summary>Every public const of the constant classes, by its C name.</summary>
    private static IEnumerable<(string Name, long Value)> Constants()
    {
        // Libc's constants are internal (the one libc layer); the netlink classes' are public.
        const BindingFlags anyVisibility = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static;
        foreach (var type in new[] { typeof(NetlinkConstants), typeof(Rtnl), typeof(Libc) })
        {
            foreach (var field in type.GetFields(anyVisibility).Where(f => f.IsLiteral && IsCName(f.Name)))
            {
                yield return (field.Name, Convert.ToInt64(field.GetValue(null), System.Globalization.CultureInfo.InvariantCulture));
            }
        }
    }

    private static bool IsCName(string name) => name.ToUpperInvariant() == name && name.Contains('_');

    private static Dictionary<string, long> FromC(string compiler)
    {
        var dir = Directory.CreateTempSubdirectory("k8snet-layout-");
        try
        {
            var source = Path.Combine(dir.FullName, "layout.c");
            File.WriteAllText(source, CProgram());
            var exe = Path.Combine(dir.FullName, "layout");
            Command.Run(compiler, ["-o", exe, source]).EnsureSuccess("compiling the layout probe");
            return Command.Run(exe, []).EnsureSuccess("running the layout probe").Stdout
                .Split('\n', StringSplitOptions.RemoveEmptyEntries)
                .Select(line => line.Split('='))
                .ToDictionary(p => p[0], p => long.Parse(p[1], System.Globalization.CultureInfo.InvariantCulture));
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    private static string CProgram()
    {
        var lines = new List<string>
        {
            "#define _GNU_SOURCE", "#include <fcntl.h>", "#include <sched.h>", "#include <sys/file.h>", "#include <sys/stat.h>",
            "#include <linux/magic.h>", "#include <linux/nsfs.h>",
            "#include <stdio.h>", "#include <stddef.h>", "#include <sys/socket.h>", "#include <linux/netlink.h>",
            "#include <linux/rtnetlink.h>", "#include <linux/if_link.h>", "#include <linux/if_addr.h>",
            "#include <linux/if_bridge.h>", "#include <linux/veth.h>", "#include <linux/if.h>", "#include <linux/ip.h>",
            "int main(void) {",
        };
        foreach (var (name, _, fields) in Structs)
        {
            lines.Add($"printf(\"sizeof({name})=%ld\\n\", (long)sizeof(struct {name}));");
            lines.AddRange(fields.Select(f => $"printf(\"offsetof({name},{f})=%ld\\n\", (long)offsetof(struct {name}, {f}));"));
        }

        lines.AddRange(Constants().Select(c => $"printf(\"{c.Name}=%ld\\n\", (long)({CExpression(c.Name)}));"));
        lines.Add("return 0; }");
        return string.Join('\n', lines);
    }

    /// <summary>C defines NLA_TYPE_MASK as ~(flags), an int; nla_type is a __u16, which is how we hold it.</summary>
    private static string CExpression(string name) => name == "NLA_TYPE_MASK" ? "(unsigned short)NLA_TYPE_MASK" : name;
}
