using System.Net;
using System.Text.Json;
using K8sNet.Cni;
using K8sNet.Cni.Json;

namespace K8sNet.Portmap.Config;

/// <summary>
/// Reads the reference portmap's keys with its defaults and messages, and refuses what the reference lets through
/// (ports above 65535, unknown protocols, unparsable host IPs): every refusal is code 7 naming the entry.
/// </summary>
public static class PortmapConfLoader
{
    /// <summary>The reference's default: mark 0x2000 (Kubernetes uses bits 14 and 15, Calico 20-31).</summary>
    public const int DefaultMarkBit = 13;

    public static PortmapConf Load(JsonElement root)
    {
        var fields = JsonFields.Of(root, string.Empty);
        var conf = new PortmapConf
        {
            Snat = fields.NullableBool("snat") ?? true,
            MasqAll = fields.Bool("masqAll"),
            ExternalSetMarkChain = fields.String("externalSetMarkChain"),
            ConditionsV4 = fields.Strings("conditionsV4") ?? [],
            ConditionsV6 = fields.Strings("conditionsV6") ?? [],
        };
        var markBit = fields.NullableInt32("markMasqBit");
        if (markBit is not null && conf.ExternalSetMarkChain is not null)
        {
            throw Invalid("markMasqBit", "Cannot specify externalSetMarkChain and markMasqBit");
        }

        conf.MarkMasqBit = markBit ?? DefaultMarkBit;
        if (conf.MarkMasqBit is < 0 or > 31)
        {
            throw Invalid("markMasqBit", "MasqMarkBit must be between 0 and 31");
        }

        conf.Backend = Backend(fields.String("backend"), conf);
        if (fields.Raw("runtimeConfig") is { } runtimeConfig)
        {
            conf.Mappings = Mappings(JsonFields.Of(runtimeConfig, "runtimeConfig"));
        }

        return conf;
    }

    /// <summary>
    /// The reference's rules (validateBackend): options of the other backend are refused naming them. Without an
    /// explicit backend K8sNet uses nf_tables over netlink, unless the config holds iptables-only options.
    /// </summary>
    private static string Backend(string? requested, PortmapConf conf)
    {
        var iptablesOnly = new List<string>();
        var nftablesOnly = new List<string>();
        if (conf.ExternalSetMarkChain is not null)
        {
            iptablesOnly.Add("externalSetMarkChain");
        }

        Classify(conf.ConditionsV4, "conditionsV4", iptablesOnly, nftablesOnly);
        Classify(conf.ConditionsV6, "conditionsV6", iptablesOnly, nftablesOnly);
        var backend = requested ?? (iptablesOnly.Count > 0 ? PortmapBackends.Iptables : PortmapBackends.Nftables);
        var wrong = backend == PortmapBackends.Iptables ? nftablesOnly : iptablesOnly;
        var wrongName = backend == PortmapBackends.Iptables ? PortmapBackends.Nftables : PortmapBackends.Iptables;
        if (wrong.Count > 0)
        {
            throw Invalid("backend", $"{backend} backend was requested but configuration contains {wrongName}-specific options [{string.Join(' ', wrong)}]");
        }

        return backend is PortmapBackends.Iptables or PortmapBackends.Nftables
            ? backend
            : throw Invalid("backend", $"unrecognized backend \"{CniRequestReader.Printable(backend)}\" (expected \"nftables\" or \"iptables\")");
    }

    /// <summary>The reference's test: a first token starting with '-' is iptables syntax, anything else nftables.</summary>
    private static void Classify(List<string> conditions, string key, List<string> iptablesOnly, List<string> nftablesOnly)
    {
        if (conditions.Count == 0 || conditions[0].Length == 0)
        {
            return;
        }

        (conditions[0][0] == '-' ? iptablesOnly : nftablesOnly).Add(key);
    }

    /// <summary>
    /// runtimeConfig.portMappings, keys matched case-insensitively: containerd's go-cni struct has no json tags and
    /// sends HostPort/ContainerPort/Protocol/HostIP; podman sends hostPort/...; Go's decoder accepts both.
    /// </summary>
    private static List<PortMapping> Mappings(JsonFields runtimeConfig)
    {
        JsonElement? list = null;
        foreach (var property in runtimeConfig.Element.EnumerateObject())
        {
            if (property.Name.Equals("portMappings", StringComparison.OrdinalIgnoreCase) && property.Value.ValueKind != JsonValueKind.Null)
            {
                list = property.Value;
            }
        }

        return list is { } value
            ? JsonFields.ListValue(value, "runtimeConfig.portMappings", Mapping)
            : [];
    }

    private static PortMapping Mapping(JsonElement element, string path)
    {
        JsonFields.Of(element, path); // an entry that is not an object is code 7 naming it
        int? hostPort = null, containerPort = null;
        string? protocol = null, hostIp = null;
        foreach (var property in element.EnumerateObject())
        {
            var name = property.Name;
            var fieldPath = $"{path}.{name}";
            if (name.Equals("hostPort", StringComparison.OrdinalIgnoreCase))
            {
                hostPort = Port(property.Value, fieldPath);
            }
            else if (name.Equals("containerPort", StringComparison.OrdinalIgnoreCase))
            {
                containerPort = Port(property.Value, fieldPath);
            }
            else if (name.Equals("protocol", StringComparison.OrdinalIgnoreCase))
            {
                protocol = property.Value.ValueKind == JsonValueKind.Null ? null : JsonFields.StringElement(property.Value, fieldPath);
            }
            else if (name.Equals("hostIP", StringComparison.OrdinalIgnoreCase))
            {
                hostIp = property.Value.ValueKind == JsonValueKind.Null ? null : JsonFields.StringElement(property.Value, fieldPath);
            }
        }

        var shown = $"{path} ({CniRequestReader.Printable(element.GetRawText())})";
        if (containerPort is not { } cport || cport <= 0 || cport > 65535)
        {
            throw new CniException(CniErrorCode.InvalidConfig, $"Invalid container port number: {containerPort ?? 0}: {shown}: containerPort must be 1-65535");
        }

        if (hostPort is not { } hport || hport <= 0 || hport > 65535)
        {
            throw new CniException(CniErrorCode.InvalidConfig, $"Invalid host port number: {hostPort ?? 0}: {shown}: hostPort must be 1-65535");
        }

        var proto = (protocol ?? string.Empty).ToLowerInvariant();
        if (proto is not ("tcp" or "udp" or "sctp"))
        {
            throw new CniException(CniErrorCode.InvalidConfig, $"invalid config: {shown}: protocol \"{CniRequestReader.Printable(protocol ?? string.Empty)}\" is not tcp, udp or sctp");
        }

        IPAddress? address = null;
        if (!string.IsNullOrEmpty(hostIp))
        {
            if (!IPAddress.TryParse(hostIp, out var parsed) || hostIp.Contains('%') || hostIp.Contains('/'))
            {
                throw new CniException(CniErrorCode.InvalidConfig, $"invalid config: {shown}: hostIP \"{CniRequestReader.Printable(hostIp)}\" is not an IP address");
            }

            address = parsed.IsIPv4MappedToIPv6 ? parsed.MapToIPv4() : parsed;
            if (address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any))
            {
                address = null;
            }
        }

        return new PortMapping(hostPort.Value, containerPort.Value, proto, address);
    }

    /// <summary>A JSON integer; anything else (or a fraction, or out of int range) is code 7 naming the field.</summary>
    private static int Port(JsonElement value, string path)
    {
        if (value.ValueKind != JsonValueKind.Number)
        {
            throw JsonFields.WrongType(path, "an integer", value.ValueKind);
        }

        return value.TryGetInt32(out var number)
            ? number
            : throw new CniException(CniErrorCode.InvalidConfig, $"invalid config: field \"{path}\": {value.GetRawText()} is not a port number (1-65535)");
    }

    private static CniException Invalid(string field, string reason) => CniException.InvalidConfig(field, reason);
}
