namespace K8sNet.Ship.Tests;

/// <summary>
/// conf/k8snet-daemonset.yaml read into its objects: it must run the image scripts/image.sh builds, the agent's real
/// subcommands and flags, probe the agent's own endpoints, and grant exactly the RBAC the issue states.
/// </summary>
public sealed class DaemonSetManifestTests
{
    private const string AgentPath = "/usr/local/bin/k8snet-agent"; // where scripts/image.py puts the agent

    private readonly List<Dictionary<string, object?>> _objects = YamlSubset.LoadAll(Repo.Read("conf/k8snet-daemonset.yaml"));

    private Dictionary<string, object?> Object(string kind) => _objects.Single(o => (string?)o["kind"] == kind);

    private Dictionary<string, object?> PodSpec => Object("DaemonSet").Map("spec").Map("template").Map("spec");

    private Dictionary<string, object?> Init => PodSpec.List("initContainers").Maps().Single();

    private Dictionary<string, object?> Routes => PodSpec.List("containers").Maps().Single();

    private IEnumerable<Dictionary<string, object?>> AllContainers => [Init, Routes];

    [Fact]
    public void It_holds_a_service_account_its_read_only_role_the_binding_and_the_daemonset()
    {
        _objects.Select(o => (string?)o["kind"]).Should().BeEquivalentTo("ServiceAccount", "ClusterRole", "ClusterRoleBinding", "DaemonSet");
        PodSpec.Str("serviceAccountName").Should().Be(Object("ServiceAccount").Map("metadata").Str("name"));
    }

    [Fact]
    public void Every_container_runs_the_image_that_image_sh_tags()
    {
        var tag = Repo.ImageTag;
        tag.Should().MatchRegex(@"^k8snet:\d+\.\d+\.\d+");
        foreach (var container in AllContainers)
        {
            container.Str("image").Should().Be(tag, $"container {container.Str("name")} must name what scripts/image.sh builds");
            container.Str("imagePullPolicy").Should().Be("IfNotPresent", "the image is loaded on the node, not pulled");
        }
    }

    [Fact]
    public void The_init_container_installs_and_the_one_container_runs_routes_with_no_shell_kubectl_or_proxy()
    {
        PodSpec.List("containers").Should().HaveCount(1, "no kubectl-proxy sidecar any more");
        Init.List("command").Strs().Take(2).Should().Equal(AgentPath, "install");
        Routes.List("command").Strs().Take(2).Should().Equal(AgentPath, "routes");
        foreach (var container in AllContainers)
        {
            container.ContainsKey("args").Should().BeFalse("the whole command line is in command");
            foreach (var word in container.List("command").Strs())
            {
                word.Should().NotMatchRegex(@"(^|/)(ba)?sh$|^-c$|kubectl|proxy", "the image has no shell and no kubectl");
            }
        }
    }

    [Fact]
    public void Every_flag_in_the_commands_is_one_the_published_agent_accepts()
    {
        foreach (var container in AllContainers)
        {
            var command = container.List("command").Strs().ToList();
            var help = Repo.AgentHelp(command[1]);
            foreach (var flag in command.Skip(2).Select(word => word.Split('=')[0]))
            {
                flag.Should().StartWith("--");
                help.Should().Contain(flag, $"`k8snet-agent {command[1]} --help` must list {flag}");
            }
        }
    }

    [Fact]
    public void Probes_reach_the_agents_health_and_ready_paths_where_routes_listens()
    {
        var listen = Routes.List("command").Strs().Single(word => word.StartsWith("--listen=", StringComparison.Ordinal))["--listen=".Length..];
        var colon = listen.LastIndexOf(':');
        var (address, port) = (listen[..colon], listen[(colon + 1)..]);

        foreach (var (probe, path) in new[] { ("livenessProbe", "/healthz"), ("readinessProbe", "/readyz") })
        {
            var get = Routes.Map(probe).Map("httpGet");
            get.Str("path").Should().Be(path);
            get.Str("port").Should().Be(port);
            get.Str("host").Should().Be(address, "with hostNetwork the kubelet shares the pod's network namespace, loopback included");
        }

        address.Should().Be("127.0.0.1", "nothing is exposed on the node's addresses");
        Repo.AgentHelp("routes").Should().Contain("127.0.0.1:9765", "the manifest repeats the agent's documented default");
    }

    [Fact]
    public void The_role_grants_exactly_get_list_watch_on_nodes_and_the_optional_file_exactly_patch()
    {
        var rule = Object("ClusterRole").List("rules").Maps().Single();
        rule.List("apiGroups").Strs().Should().Equal("");
        rule.List("resources").Strs().Should().Equal("nodes");
        rule.List("verbs").Strs().Should().Equal("get", "list", "watch");
        BindsTheServiceAccount(Object("ClusterRoleBinding"), Object("ClusterRole"));

        var optional = YamlSubset.LoadAll(Repo.Read("conf/k8snet-claim-pod-cidr.yaml"));
        optional.Select(o => (string?)o["kind"]).Should().Equal("ClusterRole", "ClusterRoleBinding");
        var patch = optional[0].List("rules").Maps().Single();
        patch.List("resources").Strs().Should().Equal("nodes");
        patch.List("verbs").Strs().Should().Equal("patch");
        BindsTheServiceAccount(optional[1], optional[0]);
    }

    [Fact]
    public void The_pod_is_host_network_node_critical_tolerates_everything_and_knows_its_node_name()
    {
        PodSpec.Str("hostNetwork").Should().Be("true");
        PodSpec.Str("priorityClassName").Should().Be("system-node-critical");
        PodSpec.List("tolerations").Maps().Should().Contain(t => t.Count == 1 && t.Str("operator") == "Exists");
        foreach (var container in AllContainers)
        {
            var env = container.List("env").Maps().Single(e => e.Str("name") == "NODE_NAME");
            env.Map("valueFrom").Map("fieldRef").Str("fieldPath").Should().Be("spec.nodeName");
            container.List("command").Strs().Should().Contain("--node-name=$(NODE_NAME)");
        }
    }

    [Fact]
    public void Only_routes_gets_a_capability_and_it_is_NET_ADMIN_alone()
    {
        var routes = Routes.Map("securityContext");
        routes.Map("capabilities").List("add").Strs().Should().Equal("NET_ADMIN");
        routes.Map("capabilities").List("drop").Strs().Should().Equal("ALL");
        var init = Init.Map("securityContext");
        init.Map("capabilities").ContainsKey("add").Should().BeFalse();
        init.Map("capabilities").List("drop").Strs().Should().Equal("ALL");
        foreach (var context in new[] { routes, init })
        {
            context.ContainsKey("privileged").Should().BeFalse();
            context.Str("allowPrivilegeEscalation").Should().Be("false");
            context.Str("readOnlyRootFilesystem").Should().Be("true");
        }
    }

    [Fact]
    public void Install_writes_through_the_host_paths_it_is_given_and_routes_reads_the_conflist_read_only()
    {
        var hostPaths = PodSpec.List("volumes").Maps().ToDictionary(v => v.Str("name"), v => v.Map("hostPath").Str("path"));
        string HostPathAt(Dictionary<string, object?> container, string mountPath) =>
            hostPaths[container.List("volumeMounts").Maps().Single(m => m.Str("mountPath") == mountPath).Str("name")];

        var init = Init.List("command").Strs().ToList();
        HostPathAt(Init, Flag(init, "--bin-dir")).Should().Be("/opt/cni/bin");
        HostPathAt(Init, Flag(init, "--conf-dir")).Should().Be("/etc/cni/net.d");
        var routes = Routes.List("command").Strs().ToList();
        HostPathAt(Routes, Flag(routes, "--conf-dir")).Should().Be("/etc/cni/net.d");
        Routes.List("volumeMounts").Maps().Single(m => m.Str("mountPath") == Flag(routes, "--conf-dir")).Str("readOnly").Should().Be("true");
        HostPathAt(Routes, Path.GetDirectoryName(Flag(routes, "--state-file"))!).Should().Be("/run/k8snet");
    }

    [Fact]
    public void Routes_has_requests_and_a_memory_limit_above_its_request_and_no_cpu_limit()
    {
        var resources = Routes.Map("resources");
        resources.Map("requests").Str("cpu").Should().EndWith("m");
        var request = Mebibytes(resources.Map("requests").Str("memory"));
        var limit = Mebibytes(resources.Map("limits").Str("memory"));
        limit.Should().BeGreaterThan(request);
        limit.Should().BeGreaterThanOrEqualTo(150, "the agent's peak RSS goal at 5,000 nodes is 150 MiB (docs/agent-scale.md)");
        resources.Map("limits").ContainsKey("cpu").Should().BeFalse();
    }

    private static string Flag(List<string> command, string name) =>
        command.Single(word => word.StartsWith(name + "=", StringComparison.Ordinal))[(name.Length + 1)..];

    private static int Mebibytes(string quantity) =>
        quantity.EndsWith("Mi", StringComparison.Ordinal) ? int.Parse(quantity[..^2]) : throw new FormatException($"expected Mi: {quantity}");

    private void BindsTheServiceAccount(Dictionary<string, object?> binding, Dictionary<string, object?> role)
    {
        binding.Map("roleRef").Str("kind").Should().Be("ClusterRole");
        binding.Map("roleRef").Str("name").Should().Be(role.Map("metadata").Str("name"));
        var subject = binding.List("subjects").Maps().Single();
        subject.Str("kind").Should().Be("ServiceAccount");
        subject.Str("name").Should().Be(Object("ServiceAccount").Map("metadata").Str("name"));
        subject.Str("namespace").Should().Be(Object("DaemonSet").Map("metadata").Str("namespace"));
    }
}

/// <summary>Typed steps through what <see cref="YamlSubset"/> returns; a missing or mistyped field fails with its key.</summary>
internal static class YamlPath
{
    public static Dictionary<string, object?> Map(this Dictionary<string, object?> map, string key) =>
        map.TryGetValue(key, out var value) && value is Dictionary<string, object?> child ? child : throw new KeyNotFoundException($"mapping '{key}'");

    public static List<object?> List(this Dictionary<string, object?> map, string key) =>
        map.TryGetValue(key, out var value) && value is List<object?> child ? child : throw new KeyNotFoundException($"sequence '{key}'");

    public static string Str(this Dictionary<string, object?> map, string key) =>
        map.TryGetValue(key, out var value) && value is string text ? text : throw new KeyNotFoundException($"scalar '{key}'");

    public static IEnumerable<Dictionary<string, object?>> Maps(this List<object?> list) => list.Cast<Dictionary<string, object?>>();

    public static IEnumerable<string> Strs(this List<object?> list) => list.Cast<string>();
}
