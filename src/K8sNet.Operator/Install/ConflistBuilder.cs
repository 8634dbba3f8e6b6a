using System.Text;
using System.Text.Json;
using K8sNet.Cni;
using K8sNet.Ipam.Config;
using K8sNet.Operator.Config;

namespace K8sNet.Operator.Install;

/// <summary>
/// The conflist install writes (pure): one K8sNet member with the seed's settings (gateway on the bridge, masquerade,
/// hairpin mode, host-local with one range set per pod CIDR and a default route per family), then K8sNet as portmap. The result is run through
/// <see cref="ConfigChecker"/>, so install never writes a config the plugin would refuse.
/// </summary>
public static class ConflistBuilder
{
    public static string Build(InstallOptions options)
    {
        Validate(options);
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteString("cniVersion", options.CniVersion);
            w.WriteString("name", options.Name);
            w.WriteStartArray("plugins");
            w.WriteStartObject();
            w.WriteString("type", "k8snet");
            w.WriteString("bridge", options.Bridge);
            w.WriteBoolean("isGateway", true);
            w.WriteBoolean("ipMasq", options.IpMasq);
            // A pod reaching its own hostPort through the node's address comes back through its own bridge port
            // when br_netfilter is on (every kube-proxy node); kubenet set hairpin mode for the same reason.
            w.WriteBoolean("hairpinMode", true);
            w.WriteStartObject("ipam");
            w.WriteString("type", "host-local");
            w.WriteStartArray("ranges");
            foreach (var cidr in options.PodCidrs)
            {
                w.WriteStartArray();
                w.WriteStartObject();
                w.WriteString("subnet", cidr);
                w.WriteEndObject();
                w.WriteEndArray();
            }

            w.WriteEndArray();
            w.WriteStartArray("routes");
            foreach (var v6 in Families(options.PodCidrs))
            {
                w.WriteStartObject();
                w.WriteString("dst", v6 ? "::/0" : "0.0.0.0/0");
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
            w.WriteEndObject();

            // hostPorts: K8sNet as portmap, chained after the bridge; the runtime fills in runtimeConfig.portMappings.
            w.WriteStartObject();
            w.WriteString("type", "portmap");
            w.WriteStartObject("capabilities");
            w.WriteBoolean("portMappings", true);
            w.WriteEndObject();
            w.WriteEndObject();
            w.WriteEndArray();
            w.WriteEndObject();
        }

        var text = Encoding.UTF8.GetString(buffer.ToArray()) + "\n";
        var problems = ConfigChecker.Check(NetworkConfigFile.Parse(InstallOptions.ConfFileName, Encoding.UTF8.GetBytes(text)));
        return problems.Count == 0 ? text : throw new InstallException(string.Join("; ", problems));
    }

    private static void Validate(InstallOptions options)
    {
        if (options.PodCidrs.Count == 0)
        {
            throw new InstallException("--pod-cidr is required (or set POD_CIDR), e.g. --pod-cidr 10.200.0.0/24");
        }

        foreach (var cidr in options.PodCidrs)
        {
            if (RangeParser.ParseCidr(cidr) is not { } parsed)
            {
                throw new InstallException($"--pod-cidr: \"{cidr}\" is not a CIDR such as 10.200.0.0/24");
            }

            if (parsed.Prefix > (parsed.Address.IsV6 ? 126 : 30))
            {
                throw new InstallException($"--pod-cidr: {cidr} is too small for a gateway and pods");
            }
        }

        if (Families(options.PodCidrs).Count < options.PodCidrs.Count)
        {
            throw new InstallException("--pod-cidr: give at most one IPv4 and one IPv6 CIDR (comma-separated)");
        }

        if (NameValidation.InterfaceNameProblem(options.Bridge) is { } problem)
        {
            throw new InstallException($"--bridge: {problem}: \"{options.Bridge}\"");
        }

        if (!NameValidation.IsValidIdentifier(options.Name))
        {
            throw new InstallException($"--name: \"{options.Name}\" may only hold letters, digits, _ . - and must start with a letter or digit");
        }

        if (!CniVersion.TryParse(options.CniVersion, out var version) || !version.IsSupported)
        {
            throw new InstallException($"--cni-version: \"{options.CniVersion}\" is not one of {string.Join(", ", CniVersion.SupportedStrings)}");
        }
    }

    /// <summary>Whether each distinct family among the CIDRs is IPv6, in order of first appearance.</summary>
    private static List<bool> Families(IEnumerable<string> cidrs)
    {
        var families = new List<bool>();
        foreach (var cidr in cidrs)
        {
            var v6 = cidr.Contains(':', StringComparison.Ordinal);
            if (!families.Contains(v6))
            {
                families.Add(v6);
            }
        }

        return families;
    }
}
