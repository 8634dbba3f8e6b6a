namespace K8sNet.Masquerade;

/// <summary>
/// Source NAT for a pod's traffic that leaves its subnet (the bridge plugin's <c>ipMasq</c>). Every operation is
/// idempotent and runs in the caller's network namespace (the node's).
/// </summary>
public interface IMasqueradeBackend
{
    /// <summary>Installs the pod's rules; a repeat leaves exactly one copy. No addresses: nothing to do.</summary>
    void Setup(MasqueradeTarget target);

    /// <summary>
    /// Removes the pod's rules, also those the reference plugin made. Works with no addresses (CNI_NETNS empty or
    /// gone, containernetworking/plugins#810): everything is found from network name and container ID.
    /// Nothing to remove is success.
    /// </summary>
    void Teardown(MasqueradeTarget target);

    /// <summary>Throws <see cref="MasqueradeException"/> naming the first rule that is missing.</summary>
    void Check(MasqueradeTarget target);
}
