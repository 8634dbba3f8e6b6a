using System.Net;
using System.Net.Sockets;
using System.Text;
using K8sNet.Cni;
using K8sNet.Masquerade;
using K8sNet.Masquerade.Iptables;
using K8sNet.Masquerade.Processes;
using K8sNet.Portmap.Config;

namespace K8sNet.Portmap.Iptables;

/// <summary>
/// <c>"backend": "iptables"</c>: the reference's exact layout (<see cref="HostportIptablesRules"/>), written per
/// family with one <c>iptables -S</c> listing and one <c>iptables-restore --noflush --wait</c> transaction, instead
/// of the reference's exec per rule with no rollback and no flush on a repeated ADD.
/// </summary>
public sealed class IptablesHostportBackend(ICommandRunner runner)
{
    private static readonly string[] RestoreArguments = ["--noflush", "--wait"];

    public static IptablesHostportBackend Create() => new(CommandRunner.FromProcessEnvironment());

    public void Add(Attachment attachment, PortmapConf conf, ContainerAddresses addresses)
    {
        foreach (var (pod, prefix, family, mappings) in Mapped(conf, addresses))
        {
            var listing = List(family);
            var chain = HostportIptablesRules.DnatChain(attachment.NetworkName, attachment.ContainerId);
            var script = new StringBuilder("*nat\n");
            if (conf.Snat && conf.ExternalSetMarkChain is null)
            {
                if (!listing.HasChain(HostportIptablesRules.SetMark))
                {
                    script.Append($"-N {HostportIptablesRules.SetMark}\n-A {HostportIptablesRules.SetMark} {HostportIptablesRules.SetMarkRule(conf.MarkMasqBit)}\n");
                }

                if (!listing.HasChain(HostportIptablesRules.MarkMasq))
                {
                    script.Append($"-N {HostportIptablesRules.MarkMasq}\n-A {HostportIptablesRules.MarkMasq} {HostportIptablesRules.MarkMasqRule(conf.MarkMasqBit)}\n");
                }

                if (!listing.Rules("POSTROUTING").Any(r => r.EndsWith("-j " + HostportIptablesRules.MarkMasq, StringComparison.Ordinal)))
                {
                    script.Append($"-I POSTROUTING 1 {HostportIptablesRules.MasqJump}\n");
                }
            }

            if (!listing.HasChain(HostportIptablesRules.TopLevelDnat))
            {
                script.Append($"-N {HostportIptablesRules.TopLevelDnat}\n");
            }

            foreach (var top in new[] { "PREROUTING", "OUTPUT" })
            {
                if (!listing.Rules(top).Any(r => r.EndsWith("-j " + HostportIptablesRules.TopLevelDnat, StringComparison.Ordinal)))
                {
                    script.Append($"-A {top} {HostportIptablesRules.EntryMatch}\n");
                }
            }

            // Declaring the pod's chain with --noflush creates it or flushes it: a repeated ADD replaces, never stacks.
            script.Append($":{chain} - [0:0]\n");
            foreach (var stale in listing.JumpsTo(HostportIptablesRules.TopLevelDnat, chain))
            {
                script.Append($"-D {HostportIptablesRules.TopLevelDnat} {stale}\n");
            }

            foreach (var rule in HostportIptablesRules.ChainRules(conf, pod, prefix, mappings))
            {
                script.Append($"-A {chain} {rule}\n");
            }

            var conditions = family == IptablesFamily.V6 ? conf.ConditionsV6 : conf.ConditionsV4;
            foreach (var entry in HostportIptablesRules.EntryRules(attachment.NetworkName, attachment.ContainerId, mappings, conditions))
            {
                script.Append($"-A {HostportIptablesRules.TopLevelDnat} {entry}\n");
            }

            Restore(family, script.Append("COMMIT\n").ToString(), $"install the hostport chain {chain}");
        }
    }

    /// <summary>Removes the attachment's CNI-DN chain and entry rules (and a legacy CNI-SN chain) in both families.</summary>
    public void Remove(Attachment attachment)
    {
        foreach (var family in IptablesFamily.Both)
        {
            NatListing listing;
            try
            {
                listing = List(family);
            }
            catch (CniException) when (family == IptablesFamily.V6)
            {
                continue; // no ip6tables nat table here: nothing of the reference's can be in it
            }

            var script = new StringBuilder("*nat\n");
            var any = false;
            foreach (var (top, chain) in new[]
            {
                (HostportIptablesRules.TopLevelDnat, HostportIptablesRules.DnatChain(attachment.NetworkName, attachment.ContainerId)),
                (HostportIptablesRules.OldTopLevelSnat, HostportIptablesRules.OldSnatChain(attachment.NetworkName, attachment.ContainerId)),
            })
            {
                foreach (var jump in listing.JumpsTo(top, chain))
                {
                    script.Append($"-D {top} {jump}\n");
                    any = true;
                }

                if (listing.HasChain(chain))
                {
                    script.Append($":{chain} - [0:0]\n-X {chain}\n");
                    any = true;
                }
            }

            if (any)
            {
                Restore(family, script.Append("COMMIT\n").ToString(), "remove the hostport chain");
            }
        }
    }

    /// <summary>Each pod address with its iptables family and the mappings of that family; families with none are skipped.</summary>
    private static IEnumerable<(IPAddress Pod, int Prefix, IptablesFamily Family, List<PortMapping> Mappings)> Mapped(
        PortmapConf conf, ContainerAddresses addresses)
    {
        foreach (var (pod, prefix) in addresses.Each())
        {
            var mappings = conf.Mappings.Where(m => m.AppliesTo(pod.AddressFamily)).ToList();
            if (mappings.Count > 0)
            {
                yield return (pod, prefix, pod.AddressFamily == AddressFamily.InterNetworkV6 ? IptablesFamily.V6 : IptablesFamily.V4, mappings);
            }
        }
    }

    /// <summary>CHECK the whole path: entry jumps, SETMARK/MASQ and their POSTROUTING jump, the pod's entry and chain rules.</summary>
    public void Check(Attachment attachment, PortmapConf conf, ContainerAddresses addresses)
    {
        foreach (var (pod, prefix, family, mappings) in Mapped(conf, addresses))
        {
            var chain = HostportIptablesRules.DnatChain(attachment.NetworkName, attachment.ContainerId);
            var lines = new List<string>
            {
                $"-C PREROUTING {HostportIptablesRules.EntryMatch}",
                $"-C OUTPUT {HostportIptablesRules.EntryMatch}",
            };
            if (conf.Snat && conf.ExternalSetMarkChain is null)
            {
                lines.Add($"-C POSTROUTING {HostportIptablesRules.MasqJump}");
                lines.Add($"-C {HostportIptablesRules.SetMark} {HostportIptablesRules.SetMarkRule(conf.MarkMasqBit)}");
                lines.Add($"-C {HostportIptablesRules.MarkMasq} {HostportIptablesRules.MarkMasqRule(conf.MarkMasqBit)}");
            }

            var conditions = family == IptablesFamily.V6 ? conf.ConditionsV6 : conf.ConditionsV4;
            lines.AddRange(HostportIptablesRules.EntryRules(attachment.NetworkName, attachment.ContainerId, mappings, conditions).Select(r => $"-C {HostportIptablesRules.TopLevelDnat} {r}"));
            lines.AddRange(HostportIptablesRules.ChainRules(conf, pod, prefix, mappings).Select(r => $"-C {chain} {r}"));
            var result = runner.Run(family.Restore, RestoreArguments, "*nat\n" + string.Join('\n', lines) + "\nCOMMIT\n");
            if (!result.Succeeded)
            {
                var index = RestoreFailure.FailedLine(result.Stderr) - 2;
                throw new CniException(CniErrorCode.CheckFailed, index is { } i && i >= 0 && i < lines.Count
                    ? $"hostport rule missing from the {family.Name} nat table: {lines[i][3..]}"
                    : $"hostport rules of {chain} incomplete in the {family.Name} nat table: {RestoreFailure.Summary(result.Stderr)}");
            }
        }
    }

    private NatListing List(IptablesFamily family)
    {
        try
        {
            var listed = runner.Run(family.Iptables, ["-w", "-t", "nat", "-S"]);
            return listed.Succeeded
                ? new NatListing(listed.Stdout)
                : throw new CniException(CniErrorCode.FirewallFailure, $"could not list the {family.Name} nat table: {RestoreFailure.Summary(listed.Stderr)}");
        }
        catch (MasqueradeException e)
        {
            throw new CniException(CniErrorCode.FirewallFailure, e.Message);
        }
    }

    private void Restore(IptablesFamily family, string script, string what)
    {
        try
        {
            var result = runner.Run(family.Restore, RestoreArguments, script);
            if (!result.Succeeded)
            {
                throw new CniException(CniErrorCode.FirewallFailure, $"could not {what} in the {family.Name} nat table: {RestoreFailure.Summary(result.Stderr)}");
            }
        }
        catch (MasqueradeException e)
        {
            throw new CniException(CniErrorCode.FirewallFailure, e.Message);
        }
    }
}
