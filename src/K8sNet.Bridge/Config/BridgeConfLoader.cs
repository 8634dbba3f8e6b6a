using K8sNet.Cni;
using K8sNet.Linux.Rtnetlink;

namespace K8sNet.Bridge.Config;

/// <summary>Reads and validates the bridge keys; every refusal is code 7 naming the field.</summary>
public static class BridgeConfLoader
{
    public static BridgeConf Load(CniInvocation invocation)
    {
        var conf = BridgeConfJson.Read(invocation.Config.Root);
        Validate(conf);
        return conf;
    }

    public static void Validate(BridgeConf conf)
    {
        if (NameValidation.InterfaceNameProblem(conf.BridgeName) is { } problem)
        {
            throw CniException.InvalidConfig("bridge", $"{problem}: \"{CniRequestReader.Printable(conf.BridgeName)}\"");
        }

        if (conf.HairpinMode && conf.PromiscMode)
        {
            throw CniException.InvalidConfig("hairpinMode", "cannot be used together with promiscMode");
        }

        if (conf.Vlan is < 0 or > 4094)
        {
            throw CniException.InvalidConfig("vlan", $"{conf.Vlan} is outside 0-4094");
        }

        if (conf.Mtu is { } mtu && (mtu < 68 || mtu > 65535))
        {
            throw CniException.InvalidConfig("mtu", $"{mtu} is outside 68-65535");
        }

        if (conf.VlanTrunk is { } trunk)
        {
            conf.TrunkVlans = VlanTrunk.Collect(trunk);
        }

        // The reference (loadNetConf) checks this after the trunk's own rules: a port is an access port (untagged
        // vlan) or a trunk (tagged vlanTrunk), never both. An empty trunk list counts as set, as it does there.
        if (conf.Vlan != 0 && conf.VlanTrunk is not null)
        {
            throw CniException.InvalidConfig("vlan", "cannot set vlan and vlanTrunk at the same time (a port is an access port or a trunk, not both)");
        }

        if (conf.VlanGatewayName is { } gateway && NameValidation.InterfaceNameProblem(gateway) is { } gatewayProblem)
        {
            throw CniException.InvalidConfig("vlan", $"the VLAN gateway interface \"{CniRequestReader.Printable(gateway)}\" (isGateway with vlan) is not a valid name: {gatewayProblem}");
        }

        if (conf.IpMasqBackend is not (null or "" or "iptables" or "nftables"))
        {
            throw CniException.InvalidConfig("ipMasqBackend", $"\"{conf.IpMasqBackend}\" is neither \"iptables\" nor \"nftables\"");
        }
    }

    /// <summary>The container MAC the runtime asked for: runtimeConfig.mac, then args.cni.mac, then CNI_ARGS MAC=.</summary>
    public static MacAddress? RequestedMac(BridgeConf conf, CniArgs cniArgs)
    {
        var (field, text) = conf.RuntimeConfig?.Mac is { Length: > 0 } rc ? ("runtimeConfig.mac", rc)
            : conf.Args?.Cni?.Mac is { Length: > 0 } a ? ("args.cni.mac", a)
            : cniArgs.Get("MAC") is { Length: > 0 } e ? ("CNI_ARGS MAC", e)
            : (string.Empty, null);
        if (text is null)
        {
            return null;
        }

        return MacAddress.TryParse(text, out var mac) && (mac.GetBytes()[0] & 1) == 0
            ? mac
            : throw CniException.InvalidConfig(field, $"\"{CniRequestReader.Printable(text)}\" is not a MAC address (expected aa:bb:cc:dd:ee:ff)");
    }
}
