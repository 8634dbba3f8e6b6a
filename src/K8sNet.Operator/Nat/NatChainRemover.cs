using K8sNet.Masquerade;
using K8sNet.Masquerade.Iptables;
using K8sNet.Masquerade.Processes;

namespace K8sNet.Operator.Nat;

/// <summary>
/// Removes one chain by its name with whatever jumps to it, for chains whose container is known only from the rule
/// comment (gc of a chain without a lease). Same atomic iptables-restore script as the masquerade backend's DEL.
/// </summary>
public sealed class NatChainRemover(ICommandRunner runner)
{
    public void Remove(string familyName, string chain)
    {
        var family = familyName == IptablesFamily.V6.Name ? IptablesFamily.V6 : IptablesFamily.V4;
        var listed = runner.Run(family.Iptables, ["-w", "-t", "nat", "-S", "POSTROUTING"]);
        if (!listed.Succeeded)
        {
            throw new MasqueradeException($"could not list the {family.Name} nat POSTROUTING chain: {RestoreFailure.Summary(listed.Stderr)}");
        }

        var removed = runner.Run(family.Restore, ["--noflush", "--wait"], RestoreScript.Remove(chain, PostroutingListing.JumpsTo(chain, listed.Stdout)));
        if (!removed.Succeeded)
        {
            throw new MasqueradeException($"could not remove {chain} from the {family.Name} nat table: {RestoreFailure.Summary(removed.Stderr)}");
        }
    }
}
