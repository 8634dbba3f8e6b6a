using System.Net;
using System.Text;
using K8sNet.Agent.Api;
using K8sNet.Operator.Routes;

namespace K8sNet.Agent.Routes;

/// <summary>
/// Keeps this Node's spec.podCIDRs and the local CNI config's subnet from silently disagreeing. A Node with pod
/// CIDRs that differ from the config's subnet(s) is reported: log (on each change), metric, and the state file that
/// `k8snet inspect` reads. A Node with none (Kubernetes The Hard Way never sets them) gets the config's subnet(s)
/// when --claim-pod-cidr is given: one merge patch of spec.podCIDR/podCIDRs. A set one is never changed (the API
/// server also refuses to change it: the fields are immutable once set).
/// </summary>
public sealed class PodCidrCheck(ApiClient api, string confDir, bool claim, Action<string> log, Action<bool> mismatchMetric)
{
    private string _lastReport = string.Empty;
    private bool _claimed;

    public async Task<PodCidrMismatch?> CheckAsync(IReadOnlyList<KubeNode> nodes, string self, CancellationToken cancel)
    {
        var node = nodes.FirstOrDefault(n => n.Name == self);
        var local = LocalPodSubnets.Read(confDir);
        if (node is null || local is null)
        {
            Report(node is null ? string.Empty : $"pod CIDR check: no bridge/k8snet config with a subnet in {confDir}: node {self}'s pod CIDRs are not compared");
            mismatchMetric(false);
            return null;
        }

        var wanted = Networks(local.Subnets);
        if (node.PodCidrs.Count == 0)
        {
            mismatchMetric(false);
            if (claim && !_claimed && wanted.Count > 0)
            {
                await ClaimAsync(self, wanted, local.ConfigPath, cancel).ConfigureAwait(false);
            }
            else if (!claim)
            {
                Report($"pod CIDR check: node {self} has no spec.podCIDR: other nodes get no route to its pods ({string.Join(", ", local.Subnets)} in {local.ConfigPath}); " +
                    "set it (kubectl patch node, or --claim-pod-cidr)");
            }

            return null;
        }

        var same = wanted.Count == node.PodCidrs.Count && wanted.All(node.PodCidrs.Contains);
        mismatchMetric(!same);
        if (same)
        {
            Report(string.Empty);
            return null;
        }

        var mismatch = new PodCidrMismatch(self, [.. node.PodCidrs.Select(c => c.ToString())], local.Subnets, local.ConfigPath);
        Report($"pod CIDR mismatch: {mismatch}");
        return mismatch;
    }

    private async Task ClaimAsync(string self, List<IPNetwork> wanted, string config, CancellationToken cancel)
    {
        var cidrs = string.Join(",", wanted.Select(c => $"\"{c}\""));
        var patch = "{\"spec\":{\"podCIDR\":\"" + wanted[0] + "\",\"podCIDRs\":[" + cidrs + "]}}";
        try
        {
            using var content = new StringContent(patch, Encoding.UTF8);
            content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/merge-patch+json");
            using var response = await api.SendAsync(HttpMethod.Patch, $"/api/v1/nodes/{Uri.EscapeDataString(self)}", content, stream: false, cancel).ConfigureAwait(false);
            _claimed = true;
            log($"pod CIDR claim: set node {self}'s empty spec.podCIDRs to [{string.Join(", ", wanted)}] from {config}");
        }
        catch (ApiException ex)
        {
            log($"pod CIDR claim for node {self} failed: {ex.Message}");
        }
    }

    private void Report(string line)
    {
        if (line != _lastReport && line.Length > 0)
        {
            log(line);
        }

        _lastReport = line;
    }

    private static List<IPNetwork> Networks(IReadOnlyList<string> subnets)
    {
        var networks = new List<IPNetwork>();
        foreach (var subnet in subnets)
        {
            if (IPNetwork.TryParse(subnet, out var parsed))
            {
                var network = new IPNetwork(Mask(parsed), parsed.PrefixLength);
                if (!networks.Contains(network))
                {
                    networks.Add(network);
                }
            }
        }

        return networks;
    }

    private static IPAddress Mask(IPNetwork network)
    {
        var bytes = network.BaseAddress.GetAddressBytes();
        for (var bit = network.PrefixLength; bit < bytes.Length * 8; bit++)
        {
            bytes[bit / 8] &= (byte)~(0x80 >> (bit % 8));
        }

        return new IPAddress(bytes);
    }
}
