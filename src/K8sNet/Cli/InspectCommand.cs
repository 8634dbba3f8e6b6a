using System.CommandLine;
using K8sNet.Linux.Rtnetlink;
using K8sNet.Masquerade.Processes;
using K8sNet.Operator.Inspection;
using K8sNet.Operator.Nat;
using K8sNet.Operator.Rendering;
using K8sNet.Operator.Routes;

namespace K8sNet.Cli;

/// <summary>k8snet inspect: every attachment from lease to NAT chain, the bridge, and what does not add up.</summary>
internal static class InspectCommand
{
    public static Command Build()
    {
        var confDir = CliSupport.ConfDir();
        var config = CliSupport.ConfigFile();
        var binDir = new Option<string>("--bin-dir") { Description = "CNI bin dir whose plugins to show, k8snet's or not", DefaultValueFactory = _ => "/opt/cni/bin" };
        var output = new Option<string>("--output", "-o") { Description = "table, json or dot (Graphviz)", DefaultValueFactory = _ => "table" };
        output.AcceptOnlyFromAmong("table", "json", "dot");
        var command = new Command(
            "inspect",
            "Show the node's pods, leases, NAT, bridge and routes as the seeds draw them; flag what does not add up.\n\n" +
            "Shows the node as the seeds draw it: for every attachment the container ID, netns (and inode), pod interface\n" +
            "eth0@ifN with MAC and IPs, host veth and ifindex, routes in the pod, lease files and NAT (per-pod chain, or the\n" +
            "network's masquerade rule of the nftables backend with its counters and the pods it covers); then the bridge\n" +
            "with addresses and ports. Flags a lease without a veth, a veth without a lease, a chain without a lease, a\n" +
            "masquerade rule without pods, a masquerading pod that no rule covers. Then the routes to other nodes' pods made\n" +
            "by `k8snet routes`, with the node each leads to, and the plugins in the CNI bin dir that are k8snet's (this build or\n" +
            "another) or not. Run it on the node (or inside the node netns).\n" +
            "Exit: 0 consistent, 3 findings, 1 error.\n\n" +
            "Examples:\n  k8snet inspect\n  k8snet inspect --config /etc/cni/net.d/10-bridge.conf -o json\n" +
            "  k8snet inspect -o dot | dot -Tsvg > node.svg\n  ip netns exec NODE k8snet inspect --config node.conf");
        command.Options.Add(confDir);
        command.Options.Add(config);
        var routesState = RoutesCommand.StateFile();
        command.Options.Add(output);
        command.Options.Add(routesState);
        command.Options.Add(binDir);
        command.SetAction(parse => CliSupport.Guard("inspect", () =>
        {
            var view = Inspect(CliSupport.Networks(parse, config, confDir));
            IReadOnlyList<NodeRouteRow> nodeRoutes;
            using (var netlink = RouteNetlink.Open())
            {
                nodeRoutes = NodeRouteInspector.Read(netlink, parse.GetValue(routesState)!);
            }

            var bin = parse.GetValue(binDir)!;
            var binaries = BinDirInspector.Read(bin, OwnBinary());
            Console.Out.Write(parse.GetValue(output) switch
            {
                "json" => JsonRenderer.Render(view, nodeRoutes, (bin, binaries)),
                "dot" => DotRenderer.Render(view),
                _ => TableRenderer.Render(view) + NodeRoutesRenderer.Table(nodeRoutes) + BinariesRenderer.Table(bin, binaries),
            });
            return view.Findings.Count == 0 ? ExitCodes.Ok : ExitCodes.Findings;
        }));
        return command;
    }

    /// <summary>The running binary's bytes: what "this build" means in the binaries section.</summary>
    private static byte[] OwnBinary() =>
        Environment.ProcessPath is { } self ? File.ReadAllBytes(self) : throw new IOException("cannot tell where the running k8snet binary is");

    public static NodeView Inspect(IReadOnlyList<Operator.Config.K8sNetNetwork> networks) =>
        new NodeInspector(new NatTableReader(CommandRunner.FromProcessEnvironment())).Inspect(networks);
}
