using System.Net;
using System.Text.Json;
using K8sNet.Cni;
using K8sNet.Cni.Results;
using K8sNet.Portmap.Config;
using K8sNet.Portmap.Iptables;
using K8sNet.Portmap.Nft;

namespace K8sNet.Portmap.Tests;

/// <summary>The reference's keys, defaults and container-IP selection, and what K8sNet refuses that it accepted (no root).</summary>
public sealed class PortmapConfTests
{
    private static PortmapConf Load(string json) => PortmapConfLoader.Load(JsonDocument.Parse(json).RootElement);

    [Fact]
    public void Defaults_are_the_references_snat_on_mark_bit_13_and_k8snet_uses_nftables_unless_iptables_options_are_given()
    {
        var conf = Load("""{"name":"n"}""");

        (conf.Snat, conf.MasqAll, conf.MarkMasqBit, conf.Backend).Should().Be((true, false, 13, "nftables"));
        Load("""{"name":"n","conditionsV4":["-s","10.0.0.0/8"]}""").Backend.Should().Be("iptables");
        Load("""{"name":"n","externalSetMarkChain":"KUBE-MARK-MASQ"}""").Backend.Should().Be("iptables");
        Load("""{"name":"n","snat":false}""").Snat.Should().BeFalse();
    }

    [Fact]
    public void Port_mapping_keys_are_matched_case_insensitively_as_containerd_and_podman_send_them()
    {
        var containerd = Load("""{"runtimeConfig":{"portMappings":[{"HostPort":8080,"ContainerPort":80,"Protocol":"TCP","HostIP":""}]}}""");
        var podman = Load("""{"runtimeConfig":{"portMappings":[{"hostPort":8080,"containerPort":80,"protocol":"tcp"}]}}""");

        containerd.Mappings.Should().Equal(podman.Mappings);
        containerd.Mappings.Single().Should().Be(new PortMapping(8080, 80, "tcp", null));
        Load("""{"runtimeConfig":{"portMappings":[{"hostPort":53,"containerPort":53,"protocol":"udp","hostIP":"0.0.0.0"}]}}""").Mappings.Single().HostIp.Should().BeNull("0.0.0.0 means any");
        Load("""{"runtimeConfig":{"portMappings":[{"hostPort":53,"containerPort":53,"protocol":"udp","hostIP":"fd00::1"}]}}""").Mappings.Single().HostIp.Should().Be(IPAddress.Parse("fd00::1"));
    }

    [Theory]
    [InlineData("""{"hostPort":65536,"containerPort":80,"protocol":"tcp"}""", "Invalid host port number: 65536")]
    [InlineData("""{"hostPort":80,"containerPort":0,"protocol":"tcp"}""", "Invalid container port number: 0")]
    [InlineData("""{"hostPort":80,"containerPort":80,"protocol":"gre"}""", "protocol \"gre\"")]
    [InlineData("""{"hostPort":80,"containerPort":80,"protocol":"tcp","hostIP":"localhost"}""", "hostIP \"localhost\"")]
    public void What_the_reference_lets_through_is_refused_with_code_7_naming_the_entry(string entry, string message)
    {
        var act = () => Load("{\"runtimeConfig\":{\"portMappings\":[" + entry + "]}}");

        act.Should().Throw<CniException>().Where(e => e.Code == CniErrorCode.InvalidConfig && e.Message.Contains(message) && e.Message.Contains("portMappings[0]"));
    }

    [Fact]
    public void The_container_ips_are_the_first_v4_and_v6_of_the_sandbox_interface_named_ifname()
    {
        var prev = new CniResult
        {
            Interfaces = [new CniInterface { Name = "cnio0" }, new CniInterface { Name = "eth0", Sandbox = "/run/netns/p" }],
            Ips =
            [
                new CniIpConfig { Interface = 0, Address = "10.0.0.1/24" },
                new CniIpConfig { Interface = 1, Address = "10.0.0.2/24" },
                new CniIpConfig { Interface = 1, Address = "10.0.0.3/24" },
                new CniIpConfig { Address = "fd00::2/64" },
            ],
        };

        var ips = ContainerAddresses.From(prev, "eth0");

        (ips.V4, ips.V6).Should().Be((IPAddress.Parse("10.0.0.2"), IPAddress.Parse("fd00::2")));
        ContainerAddresses.From(prev, "net1").V4.Should().BeNull("an index naming another interface does not count");
    }

    [Fact]
    public void Chain_names_use_the_references_hash_and_rules_its_order()
    {
        HostportIptablesRules.DnatChain("bridge", "abc").Should().MatchRegex("^CNI-DN-[0-9a-f]{21}$");
        var conf = Load("""{"runtimeConfig":{"portMappings":[{"hostPort":8080,"containerPort":80,"protocol":"tcp"}]}}""");
        HostportIptablesRules.ChainRules(conf, IPAddress.Parse("10.0.0.2"), 24, conf.Mappings).Should().Equal(
            "-p tcp --dport 8080 -s 10.0.0.2/24 -j CNI-HOSTPORT-SETMARK",
            "-p tcp --dport 8080 -s 127.0.0.1 -j CNI-HOSTPORT-SETMARK",
            "-p tcp --dport 8080 -j DNAT --to-destination 10.0.0.2:80");
        HostportIptablesRules.EntryRules("bridge", "abc", conf.Mappings, []).Single().Should().Be(
            $"-m comment --comment \"dnat name: \\\"bridge\\\" id: \\\"abc\\\"\" -m multiport -p tcp --destination-ports 8080 -j {HostportIptablesRules.DnatChain("bridge", "abc")}");
    }

    [Fact]
    public void A_rule_comment_names_its_attachment_and_mapping_and_reads_back()
    {
        var attachment = new Attachment("bridge", "abc", "eth0");
        var comment = HostportComment.Dnat(attachment, new PortMapping(8080, 80, "tcp", IPAddress.Parse("192.0.2.1")), IPAddress.Parse("10.0.0.2"));
        var rule = new HostportRule(2, "hostports", 1, comment);

        (rule.Key, rule.Kind, rule.Protocol, rule.HostIp, rule.HostPort, rule.PodIp, rule.ContainerPort, rule.Network, rule.ContainerId, rule.IfName)
            .Should().Be((attachment.Key, "dnat", "tcp", "192.0.2.1", 8080, "10.0.0.2", 80, "bridge", "abc", "eth0"));
        new Attachment("bridge", "abc", "eth1").Key.Should().NotBe(attachment.Key, "the interface is part of the identity");
        HostportComment.Dnat(new Attachment(new string('n', 200), new string('c', 64), "eth0"), new PortMapping(1, 1, "udp", null), IPAddress.Parse("fd00::1")).Length.Should().BeLessThanOrEqualTo(250);
    }

    [Fact]
    public void A_mappings_map_element_key_is_one_32_bit_register_per_field_and_reads_back_from_its_rule()
    {
        HostportElements.PortKey("tcp", "*", 8080).Should().BeEquivalentTo((HostportTable.PortsAny, new byte[] { 6, 0, 0, 0, 0x1f, 0x90, 0, 0 }));
        var (map, key) = HostportElements.PortKey("udp", "192.0.2.1", 53);
        (map, Convert.ToHexString(key)).Should().Be((HostportTable.PortsByAddress, "C000020111000000" + "00350000"));
        HostportElements.PortKey("sctp", "fd00::1", 9).Key.Should().HaveCount(24);

        var attachment = new Attachment("bridge", "abc", "eth0");
        var comment = HostportComment.Dnat(attachment, new PortMapping(8080, 80, "tcp", null), IPAddress.Parse("10.0.0.2"));
        var record = HostportRemoval.PortElements([new HostportRule(2, HostportTable.RecordChain(attachment.Key), 1, comment)]).Should().ContainSingle().Subject;
        (record.Map, Convert.ToHexString(record.Key), Convert.ToHexString(record.Datum!)).Should().Be(
            (HostportTable.DnatAny, "060000001F900000", "0A000002" + "00500000"), "DEL deletes the data-map element ADD created, found from the record alone");
        var jump = HostportRemoval.PortElements([new HostportRule(2, HostportTable.DnatChain(attachment.Key), 2, comment)]).Should().ContainSingle().Subject;
        (jump.Map, jump.Datum).Should().Be((HostportTable.PortsAny, (byte[]?)null), "an attachment with conditions has a jump element in the ports map");
        Convert.ToHexString(HostportElements.HairpinKey(IPAddress.Parse("10.0.0.2"))).Should().Be("0A0000020A000002");
        new HostportRule(2, HostportTable.RecordChain(attachment.Key), 3, HostportComment.Localhost(attachment, "cni0", IPAddress.Parse("10.0.0.2"))).MasqPod.Should().Be("10.0.0.2");
    }
}
