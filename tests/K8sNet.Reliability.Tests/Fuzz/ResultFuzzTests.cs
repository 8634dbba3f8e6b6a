using System.Text.Json;
using FsCheck;
using FsCheck.Fluent;
using K8sNet.Cni;
using K8sNet.Cni.Json;
using K8sNet.Cni.Results;

namespace K8sNet.Reliability.Tests.Fuzz;

/// <summary>Results converted to each spec version, written and read back: stable, and shaped as that version says.</summary>
public sealed class ResultFuzzTests
{
    private static Gen<string> Address =>
        from v6 in Gen.Elements(false, true)
        from a in Gen.Choose(0, 255)
        from b in Gen.Choose(0, 255)
        from prefix in Gen.Choose(0, v6 ? 128 : 32)
        select v6 ? $"fd{a:x2}::{b:x}/{prefix}" : $"10.{a}.{b}.7/{prefix}";

    private static Gen<int?> MaybeInt => Gen.OneOf(Gen.Constant<int?>(null), Gen.Choose(0, 9000).Select(i => (int?)i));

    private static Gen<CniResult> Result =>
        from interfaces in Gen.ListOf(
            from name in FuzzGenerators.OddString
            from mtu in MaybeInt
            from sandbox in Gen.OneOf(Gen.Constant<string?>(null), FuzzGenerators.OddString.Select(s => (string?)s))
            select new CniInterface { Name = name, Mac = "0a:58:0a:00:00:01", Mtu = mtu, Sandbox = sandbox, SocketPath = mtu is null ? null : "/s", PciId = mtu is null ? null : "0000:00:01.0" })
        from ips in Gen.ListOf(
            from address in Address
            from iface in MaybeInt
            select new CniIpConfig { Address = address, Interface = iface, Gateway = address.Contains(':') ? "fd00::1" : "10.0.0.1" })
        from routes in Gen.ListOf(
            from dst in Address
            from mtu in MaybeInt
            from table in MaybeInt
            select new CniRoute { Dst = dst, Mtu = mtu, AdvMss = mtu, Priority = table, Table = table, Scope = mtu })
        from ns in Gen.ListOf(FuzzGenerators.OddString)
        select new CniResult { Interfaces = interfaces.ToList(), Ips = ips.ToList(), Routes = routes.ToList(), Dns = new CniDns { Nameservers = ns.ToList() } };

    [Fact]
    public void Every_version_round_trips_and_carries_only_its_own_fields()
    {
        var gen = from result in Result from version in Gen.Elements(CniVersion.Supported.ToArray()) select (result, version);

        Fuzzing.Check(gen, input =>
        {
            var shaped = ResultConverter.ToVersion(input.result, input.version);
            var json = System.Text.Encoding.UTF8.GetString(CniResultJson.Write(shaped));
            var read = CniResultJson.Read(JsonDocument.Parse(json).RootElement, "prevResult");
            var again = System.Text.Encoding.UTF8.GetString(CniResultJson.Write(ResultConverter.ToVersion(read, input.version)));

            again.Should().Be(json, "a result read back and shaped again for the same version is unchanged");
            read.CniVersion.Should().Be(input.version.ToString());
            read.Ips!.Select(i => i.Address).Should().Equal(input.result.Ips!.Select(i => i.Address));
            read.Ips!.All(i => input.version.HasIpVersionField ? i.Version == ResultConverter.FamilyOf(i.Address) : i.Version == null).Should().BeTrue(json);
            if (!input.version.HasExtendedResultFields)
            {
                read.Interfaces!.All(i => i.Mtu == null && i.SocketPath == null && i.PciId == null).Should().BeTrue(json);
                read.Routes!.All(r => r.Mtu == null && r.Table == null && r.Priority == null && r.AdvMss == null && r.Scope == null).Should().BeTrue(json);
            }
        });
    }

    [Fact]
    public void Converting_down_then_up_loses_only_what_the_older_version_cannot_say()
    {
        var gen = from result in Result from older in Gen.Elements(CniVersion.V030, CniVersion.V031, CniVersion.V040, CniVersion.V100) select (result, older);

        Fuzzing.Check(gen, input =>
        {
            var down = ResultConverter.ToVersion(input.result, input.older);
            var up = ResultConverter.ToVersion(down, CniVersion.V110);
            up.Ips!.Select(i => (i.Address, i.Gateway, i.Interface)).Should().Equal(input.result.Ips!.Select(i => (i.Address, i.Gateway, i.Interface)));
            up.Interfaces!.Select(i => (i.Name, i.Mac, i.Sandbox)).Should().Equal(input.result.Interfaces!.Select(i => (i.Name, i.Mac, i.Sandbox)));
            up.Routes!.Select(r => r.Dst).Should().Equal(input.result.Routes!.Select(r => r.Dst));
        });
    }
}
