using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace K8sNet.Testing.KubeApi;

/// <summary>
/// Certificates made in the test, as a cluster's PKI makes them (Kubernetes The Hard Way: one CA signs the API
/// server's, the kubelets', the clients'): a CA, and leaf certificates with subjectAltNames, key usages and validity
/// chosen by the test (a wrong name, an expired one, another CA). ECDSA P-256: fast to make, accepted everywhere.
/// The CA is "CN=CA" as in KTHW: not "Kubernetes", which OpenSSL would match case-blind to the API server's
/// "CN=kubernetes" and so take that certificate for self-issued.
/// </summary>
public sealed class TestPki
{
    private readonly ECDsa _caKey;

    public TestPki(string name = "CA")
    {
        _caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={name}", _caKey, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        Ca = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
    }

    public X509Certificate2 Ca { get; }

    /// <summary>A server certificate for these DNS names and IPs (serverAuth and clientAuth, as KTHW's).</summary>
    public X509Certificate2 Server(IEnumerable<string> dnsNames, IEnumerable<IPAddress>? ips = null, DateTimeOffset? notAfter = null) =>
        Issue("kubernetes", dnsNames, ips ?? [], notAfter: notAfter);

    /// <summary>A client certificate: CN is the user, O the group, as the API server reads them.</summary>
    public X509Certificate2 Client(string user, string? group = null) =>
        Issue(user, [], [], group);

    public X509Certificate2 Issue(string commonName, IEnumerable<string> dnsNames, IEnumerable<IPAddress> ips, string? organization = null,
        DateTimeOffset? notBefore = null, DateTimeOffset? notAfter = null)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var subject = organization is null ? $"CN={commonName}" : $"CN={commonName}, O={organization}";
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1"), new Oid("1.3.6.1.5.5.7.3.2")], false));
        var san = new SubjectAlternativeNameBuilder();
        var any = false;
        foreach (var name in dnsNames)
        {
            san.AddDnsName(name);
            any = true;
        }

        foreach (var ip in ips)
        {
            san.AddIpAddress(ip);
            any = true;
        }

        if (any)
        {
            request.CertificateExtensions.Add(san.Build());
        }

        var serial = new byte[16];
        RandomNumberGenerator.Fill(serial);
        serial[0] &= 0x7f;
        var from = notBefore ?? DateTimeOffset.UtcNow.AddHours(-1);
        var to = notAfter ?? DateTimeOffset.UtcNow.AddDays(30);
        using var issued = request.Create(Ca.SubjectName, X509SignatureGenerator.CreateForECDsa(_caKey), from, to, serial);
        // Through PKCS#12 so that SslStream on Linux can use the key for a server (ephemeral keys can't always).
        using var withKey = issued.CopyWithPrivateKey(key);
        return X509CertificateLoader.LoadPkcs12(withKey.Export(X509ContentType.Pkcs12), null, X509KeyStorageFlags.Exportable);
    }

    public static string CertificatePem(X509Certificate2 certificate) => certificate.ExportCertificatePem() + "\n";

    public static string KeyPem(X509Certificate2 certificate) =>
        (certificate.GetECDsaPrivateKey() ?? throw new InvalidOperationException("no private key")).ExportPkcs8PrivateKeyPem() + "\n";

    /// <summary>Base64 of PEM text, as a kubeconfig's *-data fields hold it.</summary>
    public static string Data(string pem) => Convert.ToBase64String(System.Text.Encoding.ASCII.GetBytes(pem));
}
