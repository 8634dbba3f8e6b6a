// K8sNet runs only on Linux nodes: network namespaces, netlink and /proc/sys are Linux APIs.
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]
