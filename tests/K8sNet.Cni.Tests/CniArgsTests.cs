namespace K8sNet.Cni.Tests;

/// <summary>CNI_ARGS as libcni's LoadArgs reads it (pkg/types/args.go): K=V;K=V, case-sensitive keys, IgnoreUnknown.</summary>
public sealed class CniArgsTests
{
    private const string Containerd =
        "IgnoreUnknown=1;K8S_POD_NAMESPACE=default;K8S_POD_NAME=nginx;K8S_POD_INFRA_CONTAINER_ID=abc;K8S_POD_UID=123";

    [Fact]
    public void Containerds_pod_arguments_are_accepted_and_kept()
    {
        var args = CniArgs.Parse(Containerd);

        args.Values.Should().BeEquivalentTo(new Dictionary<string, string>
        {
            ["IgnoreUnknown"] = "1",
            ["K8S_POD_NAMESPACE"] = "default",
            ["K8S_POD_NAME"] = "nginx",
            ["K8S_POD_INFRA_CONTAINER_ID"] = "abc",
            ["K8S_POD_UID"] = "123",
        });
        args.Get("K8S_POD_NAME").Should().Be("nginx");
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void No_arguments_parse_to_an_empty_set(string? text)
    {
        CniArgs.Parse(text).Values.Should().BeEmpty();
    }

    [Fact]
    public void Known_keys_are_read_without_IgnoreUnknown()
    {
        var args = CniArgs.Parse("IP=10.200.0.9/24;MAC=c2:11:22:33:44:55");

        args.Get("IP").Should().Be("10.200.0.9/24");
        args.Get("MAC").Should().Be("c2:11:22:33:44:55");
        args.Get("K8S_POD_NAME").Should().BeNull();
    }

    [Theory]
    [InlineData("1")]
    [InlineData("true")]
    [InlineData("TRUE")]
    [InlineData("True")]
    public void IgnoreUnknown_set_to_1_or_true_in_any_case_lets_unknown_keys_through(string flag)
    {
        var args = CniArgs.Parse($"IgnoreUnknown={flag};K8S_POD_NAME=nginx");

        args.Get("K8S_POD_NAME").Should().Be("nginx");
    }

    [Theory]
    [InlineData("yes")]
    [InlineData("")]
    [InlineData("2")]
    public void An_IgnoreUnknown_that_is_not_a_boolean_is_an_environment_error_as_in_libcni(string flag)
    {
        var act = () => CniArgs.Parse($"IgnoreUnknown={flag};IP=10.0.0.1");

        act.Should().Throw<CniException>()
            .Where(e => e.Code == CniErrorCode.InvalidEnvironment && e.Message.Contains("IgnoreUnknown"));
    }

    [Theory]
    [InlineData("0")]
    [InlineData("FALSE")]
    public void IgnoreUnknown_set_to_0_or_false_alone_is_accepted(string flag)
    {
        CniArgs.Parse($"IgnoreUnknown={flag};IP=10.0.0.1").Get("IP").Should().Be("10.0.0.1");
    }

    [Fact]
    public void IgnoreUnknown_may_come_after_the_unknown_keys()
    {
        CniArgs.Parse("K8S_POD_NAME=nginx;IgnoreUnknown=1").Get("K8S_POD_NAME").Should().Be("nginx");
    }

    [Theory]
    [InlineData("K8S_POD_NAME=nginx", "K8S_POD_NAME")]
    [InlineData("IgnoreUnknown=0;K8S_POD_NAME=nginx", "K8S_POD_NAME")]
    [InlineData("IgnoreUnknown=false;FOO=bar", "FOO")]
    [InlineData("IP=10.0.0.1;FOO=bar", "FOO")]
    public void An_unknown_key_without_IgnoreUnknown_is_an_environment_error_naming_it(string text, string key)
    {
        var act = () => CniArgs.Parse(text);

        act.Should().Throw<CniException>()
            .Where(e => e.Code == CniErrorCode.InvalidEnvironment && e.Message.Contains("CNI_ARGS") && e.Message.Contains(key));
    }

    [Theory]
    [InlineData("ip=10.0.0.1", "ip")]
    [InlineData("Ip=10.0.0.1", "Ip")]
    [InlineData("mac=c2:11:22:33:44:55", "mac")]
    [InlineData("ignoreunknown=1;K8S_POD_NAME=nginx", "ignoreunknown")]
    public void Keys_are_case_sensitive_so_a_lowercase_spelling_is_unknown(string text, string key)
    {
        var act = () => CniArgs.Parse(text);

        act.Should().Throw<CniException>()
            .Where(e => e.Code == CniErrorCode.InvalidEnvironment && e.Message.Contains(key));
    }

    [Theory]
    [InlineData("a")]
    [InlineData("a=b=c")]
    [InlineData("IgnoreUnknown=1;a")]
    [InlineData("IgnoreUnknown=1;a=b=c")]
    public void A_pair_without_exactly_one_equals_sign_is_an_environment_error_even_with_IgnoreUnknown(string text)
    {
        var act = () => CniArgs.Parse(text);

        act.Should().Throw<CniException>()
            .Where(e => e.Code == CniErrorCode.InvalidEnvironment && e.Message.Contains("CNI_ARGS"));
    }

    [Fact]
    public void The_malformed_pair_is_quoted_in_the_message()
    {
        var act = () => CniArgs.Parse("IgnoreUnknown=1;a=b=c");

        act.Should().Throw<CniException>().Which.Message.Should().Contain("a=b=c");
    }

    [Fact]
    public void An_empty_value_is_kept_as_empty()
    {
        CniArgs.Parse("IgnoreUnknown=1;K8S_POD_NAMESPACE=").Get("K8S_POD_NAMESPACE").Should().BeEmpty();
    }

    [Fact]
    public void A_repeated_key_keeps_the_last_value_as_libcni_does()
    {
        CniArgs.Parse("IP=10.0.0.1;IP=10.0.0.2").Get("IP").Should().Be("10.0.0.2");
    }
}
