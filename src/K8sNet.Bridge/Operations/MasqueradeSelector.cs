using K8sNet.Bridge.Config;
using K8sNet.Cni;
using K8sNet.Masquerade;
using K8sNet.Masquerade.Iptables;
using K8sNet.Masquerade.Processes;

namespace K8sNet.Bridge.Operations;

/// <summary>Chooses the masquerade backend for a config (ipMasqBackend) and reports its failures as CNI errors.</summary>
public static class MasqueradeSelector
{
    public static IMasqueradeBackend For(CniInvocation invocation, BridgeConf conf) =>
        new CniReportingMasquerade(new IptablesMasqueradeBackend(new CommandRunner(Environment.GetEnvironmentVariable("PATH"))));

    /// <summary>Failures become code 104 naming the rule or command; nothing else changes.</summary>
    private sealed class CniReportingMasquerade(IMasqueradeBackend inner) : IMasqueradeBackend
    {
        public void Setup(MasqueradeTarget target) => Report("set up masquerade", () => inner.Setup(target));

        public void Teardown(MasqueradeTarget target) => Report("remove masquerade", () => inner.Teardown(target));

        public void Check(MasqueradeTarget target) => Report("check masquerade", () => inner.Check(target));

        private static void Report(string what, Action action)
        {
            try
            {
                action();
            }
            catch (MasqueradeException ex)
            {
                throw new CniException(CniErrorCode.FirewallFailure, $"{what}: {ex.Message}", inner: ex);
            }
        }
    }
}
