namespace K8sNet.Cni.Tests;

/// <summary>Which CNI_* variables each verb requires (SPEC §2 per-verb table), read by CniRequestReader.</summary>
public sealed class EnvironmentPerVerbTests
{
    private static readonly byte[] NoStdin = [];

    private static Func<string, string?> Env(params (string Name, string Value)[] variables)
    {
        var map = variables.ToDictionary(v => v.Name, v => v.Value);
        return name => map.TryGetValue(name, out var value) ? value : null;
    }

    private static readonly Func<string, string?> FullAttachment = Env(
        ("CNI_CONTAINERID", "ctr-1"), ("CNI_NETNS", "/run/netns/test"), ("CNI_IFNAME", "eth0"), ("CNI_PATH", "/opt/cni/bin:/usr/lib/cni"));

    [Theory]
    [InlineData(CniCommand.Add)]
    [InlineData(CniCommand.Del)]
    [InlineData(CniCommand.Check)]
    public void Attachment_verbs_read_container_netns_and_interface(CniCommand verb)
    {
        var request = CniRequestReader.Read(verb, FullAttachment, NoStdin);

        request.Command.Should().Be(verb);
        request.ContainerId.Should().Be("ctr-1");
        request.NetNs.Should().Be("/run/netns/test");
        request.IfName.Should().Be("eth0");
        request.Path.Should().Equal("/opt/cni/bin", "/usr/lib/cni");
    }

    [Fact]
    public void Add_without_any_attachment_variable_names_all_three()
    {
        var act = () => CniRequestReader.Read(CniCommand.Add, Env(), NoStdin);

        act.Should().Throw<CniException>()
            .Where(e => e.Code == CniErrorCode.InvalidEnvironment
                && e.Message.Contains("CNI_CONTAINERID") && e.Message.Contains("CNI_NETNS") && e.Message.Contains("CNI_IFNAME"));
    }

    [Fact]
    public void Check_without_any_attachment_variable_names_all_three()
    {
        var act = () => CniRequestReader.Read(CniCommand.Check, Env(), NoStdin);

        act.Should().Throw<CniException>()
            .Where(e => e.Code == CniErrorCode.InvalidEnvironment
                && e.Message.Contains("CNI_CONTAINERID") && e.Message.Contains("CNI_NETNS") && e.Message.Contains("CNI_IFNAME"));
    }

    [Fact]
    public void Del_without_any_attachment_variable_names_container_and_interface_but_not_netns()
    {
        var act = () => CniRequestReader.Read(CniCommand.Del, Env(), NoStdin);

        act.Should().Throw<CniException>()
            .Where(e => e.Code == CniErrorCode.InvalidEnvironment
                && e.Message.Contains("CNI_CONTAINERID") && e.Message.Contains("CNI_IFNAME") && !e.Message.Contains("CNI_NETNS"));
    }

    [Fact]
    public void Del_succeeds_without_a_netns_because_the_pod_may_be_gone()
    {
        var request = CniRequestReader.Read(CniCommand.Del, Env(("CNI_CONTAINERID", "ctr-1"), ("CNI_IFNAME", "eth0")), NoStdin);

        request.NetNs.Should().BeEmpty();
        request.ContainerId.Should().Be("ctr-1");
    }

    [Theory]
    [InlineData(CniCommand.Add, "CNI_NETNS")]
    [InlineData(CniCommand.Add, "CNI_IFNAME")]
    [InlineData(CniCommand.Add, "CNI_CONTAINERID")]
    [InlineData(CniCommand.Check, "CNI_NETNS")]
    [InlineData(CniCommand.Del, "CNI_IFNAME")]
    [InlineData(CniCommand.Del, "CNI_CONTAINERID")]
    public void One_missing_variable_is_named_alone(CniCommand verb, string missing)
    {
        var variables = new Dictionary<string, string>
        {
            ["CNI_CONTAINERID"] = "ctr-1", ["CNI_NETNS"] = "/run/netns/test", ["CNI_IFNAME"] = "eth0",
        };
        variables.Remove(missing);
        var others = variables.Keys.ToList();

        var act = () => CniRequestReader.Read(verb, n => variables.GetValueOrDefault(n), NoStdin);

        var error = act.Should().Throw<CniException>().Which;
        error.Code.Should().Be(CniErrorCode.InvalidEnvironment);
        error.Message.Should().Contain(missing);
        others.Should().OnlyContain(name => !error.Message.Contains(name));
    }

    [Fact]
    public void An_empty_variable_counts_as_missing()
    {
        var act = () => CniRequestReader.Read(
            CniCommand.Add, Env(("CNI_CONTAINERID", "ctr-1"), ("CNI_NETNS", ""), ("CNI_IFNAME", "eth0")), NoStdin);

        act.Should().Throw<CniException>().Where(e => e.Code == CniErrorCode.InvalidEnvironment && e.Message.Contains("CNI_NETNS"));
    }

    [Theory]
    [InlineData(CniCommand.Gc)]
    [InlineData(CniCommand.Status)]
    [InlineData(CniCommand.Version)]
    public void Verbs_without_an_attachment_need_no_variables(CniCommand verb)
    {
        var request = CniRequestReader.Read(verb, Env(), NoStdin);

        request.Command.Should().Be(verb);
        request.Path.Should().BeEmpty();
        request.Args.Values.Should().BeEmpty();
    }

    [Fact]
    public void Stdin_bytes_and_raw_cni_args_are_kept_for_the_plugin()
    {
        byte[] stdin = [(byte)'{', (byte)'}'];
        var env = Env(("CNI_CONTAINERID", "c"), ("CNI_NETNS", "/n"), ("CNI_IFNAME", "eth0"), ("CNI_ARGS", "IP=10.0.0.5"));

        var request = CniRequestReader.Read(CniCommand.Add, env, stdin);

        request.StdinData.Should().Equal(stdin);
        request.CniArgsRaw.Should().Be("IP=10.0.0.5");
        request.Args.Get("IP").Should().Be("10.0.0.5");
    }
}
