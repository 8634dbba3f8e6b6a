// containerd, runc and network namespaces: Linux only.
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]
