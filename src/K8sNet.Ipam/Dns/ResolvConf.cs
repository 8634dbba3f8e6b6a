using K8sNet.Cni;
using K8sNet.Cni.Results;

namespace K8sNet.Ipam.Dns;

/// <summary>
/// The host's resolv.conf as the result's <c>dns</c> (reference HL dns.go <c>parseResolvConf</c>): nameserver, domain,
/// search and options lines; comments (# or ;) and short lines are skipped.
/// </summary>
public static class ResolvConf
{
    public static CniDns Read(string path)
    {
        try
        {
            return Parse(File.ReadAllLines(path));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw CniException.InvalidConfig("ipam.resolvConf", $"cannot read {path}: {ex.Message}");
        }
    }

    public static CniDns Parse(IEnumerable<string> lines)
    {
        var dns = new CniDns();
        foreach (var raw in lines)
        {
            var line = raw.Trim();
            if (line.Length == 0 || line[0] is '#' or ';')
            {
                continue;
            }

            var fields = line.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length < 2)
            {
                continue;
            }

            switch (fields[0])
            {
                case "nameserver":
                    (dns.Nameservers ??= []).Add(fields[1]);
                    break;
                case "domain":
                    dns.Domain = fields[1];
                    break;
                case "search":
                    (dns.Search ??= []).AddRange(fields[1..]);
                    break;
                case "options":
                    (dns.Options ??= []).AddRange(fields[1..]);
                    break;
            }
        }

        return dns;
    }
}
