using K8sNet.Masquerade;
using K8sNet.Masquerade.Processes;

namespace K8sNet.Operator.Nat;

/// <summary>
/// Lists the pod masquerade chains of the current netns with their counters (iptables-save and ip6tables-save of
/// the nat table). An operator command may start processes; the plugin path never lists the whole table.
/// </summary>
public sealed class NatTableReader(ICommandRunner runner)
{
    private static readonly (string Family, string Program)[] Families = [("IPv4", "iptables-save"), ("IPv6", "ip6tables-save")];

    /// <summary>The chains, and a note per family that could not be read (missing program, no permission).</summary>
    public (IReadOnlyList<NatChain> Chains, IReadOnlyList<string> Notes) Read()
    {
        var chains = new List<NatChain>();
        var notes = new List<string>();
        foreach (var (family, program) in Families)
        {
            try
            {
                var output = runner.Run(program, ["-t", "nat", "-c"]);
                if (output.Succeeded)
                {
                    chains.AddRange(NatSaveParser.Parse(family, output.Stdout));
                }
                else
                {
                    notes.Add($"{program} failed: {output.Stderr.Trim()}");
                }
            }
            catch (MasqueradeException ex)
            {
                notes.Add(ex.Message);
            }
        }

        return (chains, notes);
    }
}
