// The store under test is Linux-only (flock, link, file modes).
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]
