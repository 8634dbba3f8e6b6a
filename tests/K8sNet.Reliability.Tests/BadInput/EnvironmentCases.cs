namespace K8sNet.Reliability.Tests.BadInput;

/// <summary>Bad CNI_* variables: verbs, missing values, names with path characters, netns paths that are not pods.</summary>
public static class EnvironmentCases
{
    private const int Env = 4;

    private const string NotANetns = "a CNI_NETNS that is not a network namespace ends as code 999 (ArgumentException from NetNs.Open is not mapped in src/K8sNet.Bridge/Kernel/PodNetns.cs Open)";

    public static IEnumerable<BadInput> All()
    {
        yield return Set("unknown verb", "CNI_COMMAND", "ATTACH", "ATTACH");
        yield return Set("lower-case verb", "CNI_COMMAND", "add", "add");
        yield return Set("CNI_CONTAINERID missing", "CNI_CONTAINERID", null, "CNI_CONTAINERID");
        yield return Set("CNI_IFNAME missing", "CNI_IFNAME", null, "CNI_IFNAME");
        yield return Set("CNI_NETNS missing", "CNI_NETNS", null, "CNI_NETNS");
        yield return Set("container ID with a slash", "CNI_CONTAINERID", "a/b", "a/b");
        yield return Set("container ID ..", "CNI_CONTAINERID", "..", "..");
        yield return Set("container ID ../../etc/passwd", "CNI_CONTAINERID", "../../etc/passwd", "container ID");
        yield return Set("container ID with a space", "CNI_CONTAINERID", "a b", "a b");
        yield return Set("container ID with a newline", "CNI_CONTAINERID", "a\nb", "container ID");
        yield return Set("container ID with a quote", "CNI_CONTAINERID", "a\"b", "container ID");
        yield return Set("container ID starting with a dash", "CNI_CONTAINERID", "-rf", "container ID");
        // A 5000-character container ID is valid by the spec's rule (and accepted), so it is not in this list.
        yield return Set("ifname with a slash", "CNI_IFNAME", "eth/0", "interface name");
        yield return Set("ifname ..", "CNI_IFNAME", "..", "interface name");
        yield return Set("ifname .", "CNI_IFNAME", ".", "interface name");
        yield return Set("ifname with a space", "CNI_IFNAME", "eth 0", "space");
        yield return Set("ifname with a colon", "CNI_IFNAME", "eth0:1", "interface name");
        yield return Set("ifname of 16 bytes", "CNI_IFNAME", "eth0123456789abc", "too long");
        yield return Set("ifname of 300 bytes", "CNI_IFNAME", new string('e', 300), "too long");
        yield return Set("ifname with a tab", "CNI_IFNAME", "eth\t0", "interface name");
        yield return Set("CNI_NETNS does not exist", "CNI_NETNS", "/run/netns/k8snet-no-such-ns", "CNI_NETNS");
        yield return Set("CNI_NETNS is a regular file", "CNI_NETNS", "/etc/hostname", "CNI_NETNS");
        yield return Set("CNI_NETNS is a directory", "CNI_NETNS", "/run/netns", "CNI_NETNS");
        yield return Set("CNI_NETNS is a pid namespace", "CNI_NETNS", "/proc/self/ns/pid", "CNI_NETNS");
        yield return Set("CNI_NETNS is a mount namespace", "CNI_NETNS", "/proc/1/ns/mnt", "CNI_NETNS");
        yield return Set("CNI_NETNS is /dev/null", "CNI_NETNS", "/dev/null", "CNI_NETNS");
        yield return Set("CNI_NETNS is relative", "CNI_NETNS", "netns/x", "CNI_NETNS");
        yield return new BadInput(
            "CNI_IFNAME already taken in the pod", 102, "already exists",
            c => c.AddEnv(),
            c => System.Text.Encoding.UTF8.GetBytes(c.Config()),
            Prepare: c => c.Pod.Exec("ip link add eth0 type veth peer name eth0peer"));
        yield return new BadInput(
            "CHECK on a 1.0.0 config without prevResult", 7, "prevResult",
            c => ReliabilityEnv(c, "CHECK"),
            c => System.Text.Encoding.UTF8.GetBytes(c.Config()));
        yield return new BadInput(
            "CHECK of an attachment never added", 103, "bad-input",
            c => ReliabilityEnv(c, "CHECK"),
            c => System.Text.Encoding.UTF8.GetBytes(Infrastructure.ReliabilityNode.WithPrevResult(c.Config(), """{"cniVersion":"1.0.0","interfaces":[{"name":"eth0","sandbox":"/x"}],"ips":[{"address":"10.222.0.9/24","interface":0}]}""")));
        yield return new BadInput(
            "GC on a 1.0.0 config", 1, "1.1.0", c => ReliabilityEnv(c, "GC"), c => System.Text.Encoding.UTF8.GetBytes(c.Config()));
        yield return new BadInput(
            "STATUS on a 0.4.0 config", 1, "1.1.0", c => ReliabilityEnv(c, "STATUS"), c => System.Text.Encoding.UTF8.GetBytes(c.Config(version: "0.4.0")));
    }

    private static Dictionary<string, string?> ReliabilityEnv(BadInputContext c, string verb) =>
        Infrastructure.ReliabilityNode.Env(verb, "bad-input", c.Pod.Path);

    private static BadInput Set(string name, string variable, string? value, string message) =>
        BadInput.Environment(name, Env, message, c =>
        {
            var env = c.AddEnv();
            env[variable] = value;
            return env;
        });
}
