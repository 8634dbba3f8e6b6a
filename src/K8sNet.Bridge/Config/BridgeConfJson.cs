using System.Text.Json;
using K8sNet.Cni.Json;

namespace K8sNet.Bridge.Config;

/// <summary>Reads the bridge keys from the config object; a value of the wrong type is code 7 naming the key.</summary>
public static class BridgeConfJson
{
    public static BridgeConf Read(JsonElement root)
    {
        var fields = JsonFields.Of(root, string.Empty);
        return new BridgeConf
        {
            Bridge = fields.String("bridge"),
            IsGateway = fields.Bool("isGateway"),
            IsDefaultGateway = fields.Bool("isDefaultGateway"),
            ForceAddress = fields.Bool("forceAddress"),
            IpMasq = fields.Bool("ipMasq"),
            IpMasqBackend = fields.String("ipMasqBackend"),
            Mtu = fields.NullableInt32("mtu"),
            HairpinMode = fields.Bool("hairpinMode"),
            PromiscMode = fields.Bool("promiscMode"),
            Vlan = fields.Int32("vlan"),
            PreserveDefaultVlan = fields.NullableBool("preserveDefaultVlan"),
            EnableDad = fields.Bool("enabledad"),
            MacSpoofCheck = fields.Bool("macspoofchk"),
            VlanTrunk = fields.List("vlanTrunk", ReadTrunkEntry),
            DisableContainerInterface = fields.Bool("disableContainerInterface"),
            PortIsolation = fields.Bool("portIsolation"),
            RuntimeConfig = fields.Object("runtimeConfig") is { } rc ? new BridgeRuntimeConfig { Mac = rc.String("mac") } : null,
            Args = fields.Object("args") is { } args ? new BridgeArgs { Cni = ReadCniArgs(args) } : null,
        };
    }

    private static VlanTrunkEntry ReadTrunkEntry(JsonElement element, string path)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw JsonFields.WrongType(path, "an object ({\"id\": N} or {\"minID\": A, \"maxID\": B})", element.ValueKind);
        }

        var entry = JsonFields.Of(element, path);
        return new VlanTrunkEntry(entry.NullableInt32("id"), entry.NullableInt32("minID"), entry.NullableInt32("maxID"));
    }

    private static BridgeCniArgs? ReadCniArgs(JsonFields args) =>
        args.Object("cni") is { } cni ? new BridgeCniArgs { Mac = cni.String("mac") } : null;
}
