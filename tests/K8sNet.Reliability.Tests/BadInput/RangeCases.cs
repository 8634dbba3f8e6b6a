namespace K8sNet.Reliability.Tests.BadInput;

/// <summary>Bad host-local ranges and a pool that is full.</summary>
public static class RangeCases
{
    private const int Invalid = 7;

    public static IEnumerable<BadInput> All()
    {
        yield return Ranges("subnet is not a CIDR", "not a CIDR", """[[{"subnet":"banana"}]]""");
        yield return Ranges("subnet prefix /33", "not a CIDR", """[[{"subnet":"10.222.0.0/33"}]]""");
        yield return Ranges("subnet prefix /129 for IPv6", "not a CIDR", """[[{"subnet":"fd00::/129"}]]""");
        yield return Ranges("subnet with host bits", "host bits", """[[{"subnet":"10.222.0.5/24"}]]""");
        yield return Ranges("IPv4 /32", "too small", """[[{"subnet":"10.222.0.7/32"}]]""");
        yield return Ranges("IPv4 /31", "too small", """[[{"subnet":"10.222.0.6/31"}]]""");
        yield return Ranges("IPv6 /128", "too small", """[[{"subnet":"fd00::1/128"}]]""");
        yield return Ranges("subnet missing", "subnet", """[[{"rangeStart":"10.222.0.5"}]]""");
        yield return Ranges("empty range set", "empty range set", "[[]]");
        yield return Ranges("no range sets", "no IP ranges", "[]");
        yield return Ranges("overlapping ranges in one set", "overlap", """[[{"subnet":"10.222.0.0/24"},{"subnet":"10.222.0.0/25"}]]""");
        yield return Ranges("overlapping range sets", "overlap", """[[{"subnet":"10.222.0.0/24"}],[{"subnet":"10.222.0.128/25"}]]""");
        yield return Ranges("mixed families in one set", "mixed", """[[{"subnet":"10.222.0.0/24"},{"subnet":"fd00::/64"}]]""");
        yield return Ranges("rangeStart outside the subnet", "rangeStart", """[[{"subnet":"10.222.0.0/24","rangeStart":"10.223.0.5"}]]""");
        yield return Ranges("rangeEnd outside the subnet", "rangeEnd", """[[{"subnet":"10.222.0.0/24","rangeEnd":"10.222.1.5"}]]""");
        yield return Ranges("rangeStart after rangeEnd", "after rangeEnd", """[[{"subnet":"10.222.0.0/24","rangeStart":"10.222.0.50","rangeEnd":"10.222.0.10"}]]""");
        yield return Ranges("rangeStart not an address", "rangeStart", """[[{"subnet":"10.222.0.0/24","rangeStart":"ten"}]]""");
        yield return Ranges("gateway of the other family", "gateway", """[[{"subnet":"10.222.0.0/24","gateway":"fd00::1"}]]""");
        yield return Ranges("subnet is a number", "subnet", """[[{"subnet":10}]]""");
        yield return BadInput.Config("requested IP outside every range", 7, "10.99.0.9", c => c.Config(extra: ",\"runtimeConfig\":{\"ips\":[\"10.99.0.9/24\"]}"));
        yield return new BadInput(
            "CNI_ARGS IP= is not an address", 7, "IP", c => WithArgs(c, "IgnoreUnknown=1;IP=not-an-ip"), c => System.Text.Encoding.UTF8.GetBytes(c.Config()));
        yield return new BadInput(
            "exhausted pool (a /30 full, then a third pod)", 101, "no IP addresses available",
            c => c.AddEnv("third"),
            c => System.Text.Encoding.UTF8.GetBytes(c.Config(ranges: SmallPool)),
            Prepare: FillSmallPool);
        yield return new BadInput(
            "requested IP already leased", 102, "10.222.0.2",
            c => c.AddEnv("second"),
            c => System.Text.Encoding.UTF8.GetBytes(c.Config(ranges: SmallPool, extra: ",\"runtimeConfig\":{\"ips\":[\"10.222.0.2/29\"]}")),
            Prepare: c => c.Node.Add(c.Node.NewPod(), "first", c.Config(ranges: SmallPool, extra: ",\"runtimeConfig\":{\"ips\":[\"10.222.0.2/29\"]}")).ShouldSucceed());
    }

    /// <summary>Two allocatable addresses: .2 and .3 of a /29 (.1 is the gateway).</summary>
    private const string SmallPool = """[[{"subnet":"10.222.0.0/29","rangeEnd":"10.222.0.3"}]]""";

    private static void FillSmallPool(BadInputContext c)
    {
        c.Node.Add(c.Node.NewPod(), "first", c.Config(ranges: SmallPool)).ShouldSucceed();
        c.Node.Add(c.Node.NewPod(), "second", c.Config(ranges: SmallPool)).ShouldSucceed();
    }

    private static BadInput Ranges(string name, string message, string ranges) =>
        BadInput.Config(name, Invalid, message, c => c.Config(ranges: ranges));

    private static Dictionary<string, string?> WithArgs(BadInputContext c, string args)
    {
        var env = c.AddEnv();
        env["CNI_ARGS"] = args;
        return env;
    }
}
