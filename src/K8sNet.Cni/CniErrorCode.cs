namespace K8sNet.Cni;

/// <summary>Error codes of the CNI spec (SPEC §5 "Error"); 100 and up are K8sNet's own.</summary>
public enum CniErrorCode
{
    IncompatibleVersion = 1,
    UnsupportedField = 2,
    UnknownContainer = 3,
    InvalidEnvironment = 4,
    IoFailure = 5,
    DecodingFailure = 6,
    InvalidConfig = 7,
    /// <summary>CNI_NETNS is the plugin's own namespace (libcni's ErrInvalidNetNS; not in the SPEC table).</summary>
    InvalidNetNs = 8,
    TryAgainLater = 11,
    NotAvailable = 50,
    NotAvailableLimitedConnectivity = 51,

    /// <summary>A kernel operation (netlink, sysctl, namespace) failed.</summary>
    KernelFailure = 100,
    /// <summary>The address pool has no free address.</summary>
    PoolExhausted = 101,
    /// <summary>A requested address or interface is already taken.</summary>
    AlreadyInUse = 102,
    /// <summary>CHECK found the attachment different from what ADD made.</summary>
    CheckFailed = 103,
    /// <summary>Masquerade rules could not be installed or removed.</summary>
    FirewallFailure = 104,
    /// <summary>A bug: an exception nobody expected. Reported instead of crashing.</summary>
    Internal = 999,
}
