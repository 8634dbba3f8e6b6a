using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using k8s;
using k8s.Exceptions;
using k8s.KubeConfigModels;

namespace K8sNet.Agent.Api;

/// <summary>
/// Where the API server is and how to prove who we are: a kubeconfig (its current context, as kubectl reads it) or,
/// without one, the pod's in-cluster config. The client library reads the credentials (client certificate and key,
/// bearer token, exec plugin); the CAs are read here, every certificate of a bundle (the library keeps only the
/// first of certificate-authority-data, checked on 21.0.8), for <see cref="ServerCertificateCheck"/>.
/// </summary>
public sealed record ApiSource(KubernetesClientConfiguration Config, X509Certificate2Collection Authorities, string Description)
{
    public const string ServiceAccountDir = "/var/run/secrets/kubernetes.io/serviceaccount";

    public Uri Server => new(Config.Host);

    public static ApiSource Load(string? kubeconfig) => kubeconfig is null ? InCluster() : FromKubeconfig(kubeconfig);

    public static ApiSource FromKubeconfig(string path)
    {
        var where = $"--kubeconfig {path}";
        try
        {
            var file = KubernetesClientConfiguration.LoadKubeConfig(path, useRelativePaths: true);
            var config = KubernetesClientConfiguration.BuildConfigFromConfigObject(file);
            var context = file.Contexts?.FirstOrDefault(c => c.Name == (config.CurrentContext ?? file.CurrentContext))
                ?? throw new ApiException($"{where}: no context \"{file.CurrentContext}\"", refused: true);
            var cluster = file.Clusters?.FirstOrDefault(c => c.Name == context.ContextDetails?.Cluster)?.ClusterEndpoint
                ?? throw new ApiException($"{where}: context \"{context.Name}\" names no cluster of the file", refused: true);
            if (cluster.SkipTlsVerify)
            {
                throw new ApiException($"{where}: insecure-skip-tls-verify is set: the agent always verifies the API server (give its CA)", refused: true);
            }

            var authorities = ReadAuthorities(cluster, Path.GetDirectoryName(Path.GetFullPath(path))!, where);
            Require(config, where);
            config.SslCaCerts = authorities;
            return new ApiSource(config, authorities, where);
        }
        catch (Exception ex) when (ex is KubeConfigException or IOException or UnauthorizedAccessException or FormatException
            or CryptographicException or YamlDotNet.Core.YamlException or ArgumentException)
        {
            throw new ApiException($"{where}: {ex.Message.ReplaceLineEndings(" ")}", refused: true);
        }
    }

    /// <summary>The pod's config: KUBERNETES_SERVICE_HOST/PORT, the service account's CA and token (re-read as it rotates).</summary>
    public static ApiSource InCluster()
    {
        var host = Environment.GetEnvironmentVariable("KUBERNETES_SERVICE_HOST");
        var port = Environment.GetEnvironmentVariable("KUBERNETES_SERVICE_PORT");
        const string where = "the in-cluster config";
        if (string.IsNullOrEmpty(host) || string.IsNullOrEmpty(port))
        {
            throw new ApiException("no --kubeconfig and not in a pod (KUBERNETES_SERVICE_HOST/KUBERNETES_SERVICE_PORT unset): pass --kubeconfig FILE", refused: true);
        }

        var ca = Path.Combine(ServiceAccountDir, "ca.crt");
        var token = Path.Combine(ServiceAccountDir, "token");
        try
        {
            var authorities = new X509Certificate2Collection();
            authorities.ImportFromPem(File.ReadAllText(ca));
            if (authorities.Count == 0)
            {
                throw new ApiException($"{where}: {ca} holds no certificate", refused: true);
            }

            var server = host.Contains(':', StringComparison.Ordinal) ? $"https://[{host}]:{port}" : $"https://{host}:{port}";
            var config = new KubernetesClientConfiguration { Host = server, SslCaCerts = authorities, TokenProvider = new TokenFile(token) };
            return new ApiSource(config, authorities, $"{where} ({ServiceAccountDir})");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or CryptographicException)
        {
            throw new ApiException($"{where}: {ex.Message}", refused: true);
        }
    }

    private static X509Certificate2Collection ReadAuthorities(ClusterEndpoint cluster, string baseDir, string where)
    {
        var pem = !string.IsNullOrEmpty(cluster.CertificateAuthorityData)
            ? Encoding.UTF8.GetString(Convert.FromBase64String(cluster.CertificateAuthorityData))
            : !string.IsNullOrEmpty(cluster.CertificateAuthority)
                ? File.ReadAllText(Path.Combine(baseDir, cluster.CertificateAuthority))
                : null;
        var authorities = new X509Certificate2Collection();
        if (pem is not null)
        {
            authorities.ImportFromPem(pem);
            if (authorities.Count == 0)
            {
                throw new ApiException($"{where}: the cluster's certificate authority holds no PEM certificate", refused: true);
            }
        }

        return authorities;
    }

    private static void Require(KubernetesClientConfiguration config, string where)
    {
        if (!Uri.TryCreate(config.Host, UriKind.Absolute, out var server) || server.Scheme != Uri.UriSchemeHttps)
        {
            throw new ApiException($"{where}: server \"{config.Host}\" is not an https:// URL (the agent speaks only TLS to the API server)", refused: true);
        }
    }
}
