// containerd, runc and network namespaces: Linux only.
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]

// Each test starts its own containerd; running classes side by side on a 2-core CI machine only makes each slower.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
