// The lease store uses Linux file semantics (flock, link, unlink of open files); K8sNet runs on Linux nodes only.
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]
