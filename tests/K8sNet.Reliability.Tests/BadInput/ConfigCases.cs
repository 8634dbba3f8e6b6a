using System.Text;

namespace K8sNet.Reliability.Tests.BadInput;

/// <summary>Bad stdin: not JSON, the wrong JSON, wrong types, missing fields, versions, sizes, names.</summary>
public static class ConfigCases
{
    private const int Decoding = 6;
    private const int Invalid = 7;
    private const int Version = 1;

    public static IEnumerable<BadInput> All()
    {
        yield return new("empty stdin", Decoding, "decode", c => c.AddEnv(), _ => []);
        yield return BadInput.Config("not JSON", Decoding, "decode", _ => "this is not json");
        yield return BadInput.Config("truncated JSON", Decoding, "decode", c => c.Config()[..(c.Config().Length / 2)]);
        yield return BadInput.Config("truncated after the last brace", Decoding, "decode", c => c.Config()[..^1]);
        yield return BadInput.Config("trailing garbage", Decoding, "decode", c => c.Config() + "}");
        yield return BadInput.Config("two documents", Decoding, "decode", c => c.Config() + c.Config());
        yield return BadInput.Config("a JSON array", Decoding, "expected a JSON object", _ => "[1,2,3]");
        yield return BadInput.Config("a JSON string", Decoding, "expected a JSON object", _ => "\"bridge\"");
        yield return BadInput.Config("JSON null", Decoding, "expected a JSON object", _ => "null");
        yield return new("invalid UTF-8", Decoding, "UTF-8", c => c.AddEnv(), c => [.. Encoding.UTF8.GetBytes(c.Config()[..^2]), 0xff, 0xfe, (byte)'"', (byte)'}']);
        yield return new BadInput("invalid UTF-8 inside cniVersion", Decoding, "UTF-8", c => c.AddEnv(), c => [.. "{\"cniVersion\":\"1.0."u8, 0xb5, .. Encoding.UTF8.GetBytes(c.Config()[c.Config().IndexOf("\",\"name\"", StringComparison.Ordinal)..])])
        {
        };
        yield return BadInput.Config("null range in a range set", Invalid, "ranges", c => c.Config(ranges: "[[null]]")) with
        {
        };
        yield return BadInput.Config("nesting 10000 deep", Decoding, "decode", _ => "{\"a\":" + new string('[', 10_000) + new string(']', 10_000) + "}");
        yield return new("10 MB of config", Decoding, "larger than", c => c.AddEnv(), c => Huge(c.Config(), 10 * 1024 * 1024));
        yield return BadInput.Config("name is a number", Invalid, "name", c => c.Config().Replace("\"name\":\"rel\"", "\"name\":5"));
        yield return BadInput.Config("name is missing", Invalid, "name", c => c.Config().Replace("\"name\":\"rel\",", string.Empty));
        yield return BadInput.Config("name is empty", Invalid, "name", c => c.Config(name: string.Empty));
        yield return BadInput.Config("cniVersion is missing", Version, "incompatible CNI versions", c => c.Config().Replace("\"cniVersion\":\"1.0.0\",", string.Empty));
        yield return BadInput.Config("cniVersion is a number", Invalid, "cniVersion", c => c.Config().Replace("\"cniVersion\":\"1.0.0\"", "\"cniVersion\":1"));
        yield return BadInput.Config("cniVersion 9.9.9", Version, "9.9.9", c => c.Config(version: "9.9.9"));
        yield return BadInput.Config("cniVersion 0.2.0", Version, "0.2.0", c => c.Config(version: "0.2.0"));
        yield return BadInput.Config("cniVersion 1.0", Version, "1.0", c => c.Config(version: "1.0"));
        yield return BadInput.Config("cniVersion with a suffix", Version, "1.0.0-rc1", c => c.Config(version: "1.0.0-rc1"));
        yield return BadInput.Config("ipMasq is a string", Invalid, "ipMasq", c => c.Config().Replace("\"ipMasq\":true", "\"ipMasq\":\"yes\""));
        yield return BadInput.Config("isGateway is a number", Invalid, "isGateway", c => c.Config().Replace("\"isGateway\":true", "\"isGateway\":1"));
        yield return BadInput.Config("bridge is a number", Invalid, "bridge", c => c.Config().Replace("\"bridge\":\"rel0\"", "\"bridge\":12"));
        yield return BadInput.Config("mtu is a string", Invalid, "mtu", c => c.Config(extra: ",\"mtu\":\"big\""));
        yield return BadInput.Config("mtu is negative", Invalid, "mtu", c => c.Config(extra: ",\"mtu\":-1"));
        yield return BadInput.Config("bridge name too long", Invalid, "bridge", c => c.Config().Replace("\"bridge\":\"rel0\"", "\"bridge\":\"a-bridge-name-too-long\""));
        yield return BadInput.Config("bridge name with a slash", Invalid, "bridge", c => c.Config().Replace("\"bridge\":\"rel0\"", "\"bridge\":\"br/0\""));
        // No "ipam" at all is the reference's L2 mode (a veth on the bridge, no address): valid, so not in this list.
        yield return BadInput.Config("ipam is a string", Invalid, "ipam", c => c.Config(ipam: "\"host-local\"")) with
        {
        };
        yield return BadInput.Config("ipam type unknown", 4, "no-such-ipam-plugin", c => c.Config(ipam: """{"type":"no-such-ipam-plugin","subnet":"10.222.0.0/24"}"""));
        yield return BadInput.Config("ipam ranges is a string", Invalid, "ranges", c => c.Config(ranges: "\"10.222.0.0/24\""));
        yield return BadInput.Config("ipam routes is an object", Invalid, "routes", c => c.Config(ipam: Ipam(c, "{\"dst\":\"0.0.0.0/0\"}")));
        yield return BadInput.Config("route dst is not a CIDR", Invalid, "dst", c => c.Config(ipam: Ipam(c, "[{\"dst\":\"default\"}]")));
        yield return BadInput.Config("runtimeConfig ips not an address", Invalid, "ips", c => c.Config(extra: ",\"runtimeConfig\":{\"ips\":[\"not-an-ip\"]}"));
        yield return BadInput.Config("args ips wrong type", Invalid, "args", c => c.Config(extra: ",\"args\":{\"cni\":{\"ips\":\"10.222.0.9\"}}"));
        yield return BadInput.Config("network name with a slash", Invalid, "name", c => c.Config(name: "a/b"));
        yield return BadInput.Config("network name ..", Invalid, "name", c => c.Config(name: ".."));
        yield return BadInput.Config("network name ../../etc", Invalid, "name", c => c.Config(name: "../../etc"));
        yield return BadInput.Config("network name with a space", Invalid, "name", c => c.Config(name: "my net"));
        yield return BadInput.Config("network name with NUL", Invalid, "name", c => c.Config(name: "net\\u0000x"));
        yield return BadInput.Config("network name with a newline", Invalid, "name", c => c.Config(name: "net\\nx"));
        yield return BadInput.Config("network name starting with a dot", Invalid, "name", c => c.Config(name: ".hidden"));
        yield return BadInput.Config("network name of 300 characters", Invalid, "name", c => c.Config(name: new string('n', 300))) with
        {
        };
        yield return BadInput.Config("dataDir climbing out with ..", Invalid, "ipam.dataDir", c => c.Config(ipam: DataDir(c.Node.DataDir + "/../k8snet-escaped")));
        yield return BadInput.Config("dataDir with .. in the middle", Invalid, "ipam.dataDir", c => c.Config(ipam: DataDir(c.Node.DataDir + "/../" + Path.GetFileName(c.Node.DataDir))));
        yield return BadInput.Config("dataDir relative", Invalid, "ipam.dataDir", c => c.Config(ipam: DataDir("var/lib/cni/networks")));
        yield return BadInput.Config("prevResult for ADD is a string", Invalid, "prevResult", c => c.Config(extra: ",\"prevResult\":{\"ips\":\"x\"}"));
    }

    private static string Ipam(BadInputContext c, string routes) =>
        "{\"type\":\"host-local\",\"dataDir\":\"" + c.Node.DataDir + "\",\"ranges\":[[{\"subnet\":\"10.222.0.0/24\"}]],\"routes\":" + routes + "}";

    private static string DataDir(string dataDir) =>
        "{\"type\":\"host-local\",\"dataDir\":\"" + dataDir + "\",\"ranges\":[[{\"subnet\":\"10.222.0.0/24\"}]]}";

    /// <summary>A valid config padded with whitespace to <paramref name="size"/> bytes: only its size is wrong.</summary>
    private static byte[] Huge(string config, int size)
    {
        var bytes = new byte[size];
        Array.Fill(bytes, (byte)' ');
        Encoding.UTF8.GetBytes(config).CopyTo(bytes, 0);
        return bytes;
    }
}
