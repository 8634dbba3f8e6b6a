using K8sNet.Linux.Processes;
using K8sNet.Masquerade.Processes;

namespace K8sNet.Masquerade.Iptables;

/// <summary>
/// The reference-compatible backend: per-pod chains in the nat table written with <c>iptables-restore
/// --noflush --wait</c>. Normal case: one exec per family for ADD, DEL (addresses known) and CHECK; the
/// optimistic script fails atomically on anything unusual, and only then is POSTROUTING listed (one chain, not
/// the whole ruleset) and a second script written from what is really there.
/// </summary>
public sealed class IptablesMasqueradeBackend : IMasqueradeBackend
{
    private static readonly string[] RestoreArguments = ["--noflush", "--wait"];

    private readonly ICommandRunner _runner;

    public IptablesMasqueradeBackend(ICommandRunner runner)
    {
        _runner = runner;
    }

    public void Setup(MasqueradeTarget target)
    {
        foreach (var family in FamiliesOf(target))
        {
            var rules = PodRules.For(target, family);
            var created = Restore(family, RestoreScript.Create(rules));
            if (created.Succeeded)
            {
                continue;
            }

            // The chain exists (a repeat ADD, or the reference made it): rewrite it from what is there.
            var replaced = Restore(family, RestoreScript.Replace(rules, ListJumps(family, rules.Chain)));
            if (!replaced.Succeeded)
            {
                throw new MasqueradeException(
                    $"could not install masquerade chain {rules.Chain} in the {family.Name} nat table: " +
                    $"{RestoreFailure.Summary(replaced.Stderr)} (first attempt: {RestoreFailure.Summary(created.Stderr)})");
            }
        }
    }

    public void Teardown(MasqueradeTarget target)
    {
        // Without addresses the family is unknown, so both are searched (DEL with CNI_NETNS gone, plugins#810).
        var families = target.Addresses.Count > 0 ? FamiliesOf(target) : IptablesFamily.Both;
        var errors = new List<string>();
        foreach (var family in families)
        {
            try
            {
                TeardownFamily(PodRules.For(target, family));
            }
            catch (MasqueradeException e) when (e.ProgramMissing && target.Addresses.Count == 0)
            {
                // No ip6tables (or iptables) binary: no rule of that family can exist.
            }
            catch (MasqueradeException e)
            {
                errors.Add(e.Message);
            }
        }

        if (errors.Count > 0)
        {
            throw new MasqueradeException(string.Join("; ", errors));
        }
    }

    public void Check(MasqueradeTarget target)
    {
        foreach (var family in FamiliesOf(target))
        {
            var rules = PodRules.For(target, family);
            var checkedOut = Restore(family, RestoreScript.Check(rules));
            if (checkedOut.Succeeded)
            {
                continue;
            }

            var lines = RestoreScript.CheckLines(rules);
            var index = RestoreFailure.FailedLine(checkedOut.Stderr) - RestoreScript.FirstRuleLine;
            throw new MasqueradeException(index is { } i && i >= 0 && i < lines.Count
                ? $"masquerade rule missing: {lines[i].Describe(family)}"
                : $"masquerade chain {rules.Chain} or one of its rules is missing from the {family.Name} nat table: {RestoreFailure.Summary(checkedOut.Stderr)}");
        }
    }

    private void TeardownFamily(PodRules rules)
    {
        if (rules.Jumps.Count > 0 && Restore(rules.Family, RestoreScript.RemoveExpected(rules)).Succeeded)
        {
            return;
        }

        var jumps = ListJumps(rules.Family, rules.Chain);
        if (jumps.Count == 0 && rules.Jumps.Count == 0)
        {
            // Nothing jumps to the chain; not declaring it keeps an unused family's nat table from being created.
            return;
        }

        var removed = Restore(rules.Family, RestoreScript.Remove(rules.Chain, jumps));
        if (!removed.Succeeded)
        {
            throw new MasqueradeException(
                $"could not remove masquerade chain {rules.Chain} from the {rules.Family.Name} nat table: {RestoreFailure.Summary(removed.Stderr)}");
        }
    }

    /// <summary>Equivalent to: <c>iptables -w -t nat -S POSTROUTING</c>, filtered to jumps to <paramref name="chain"/>.</summary>
    private IReadOnlyList<IptablesRule> ListJumps(IptablesFamily family, string chain)
    {
        var listed = _runner.Run(family.Iptables, ["-w", "-t", "nat", "-S", "POSTROUTING"]);
        if (!listed.Succeeded)
        {
            throw new MasqueradeException(
                $"could not list the {family.Name} nat POSTROUTING chain: {RestoreFailure.Summary(listed.Stderr)}");
        }

        return PostroutingListing.JumpsTo(chain, listed.Stdout);
    }

    private ProcessOutput Restore(IptablesFamily family, string script) =>
        _runner.Run(family.Restore, RestoreArguments, script);

    private static IReadOnlyList<IptablesFamily> FamiliesOf(MasqueradeTarget target) =>
        IptablesFamily.Used(target.Addresses);
}
