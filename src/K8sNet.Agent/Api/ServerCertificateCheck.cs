using System.Net;
using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace K8sNet.Agent.Api;

/// <summary>
/// Verifies the API server's certificate as kubectl (Go's crypto/tls) does, in place of the client library's check:
/// the chain must end at one of the given CAs only (every certificate of a bundle, not just the first; the system
/// roots only when the kubeconfig names no CA), be valid now, be meant for a server (serverAuth), and name the host
/// that was dialled in its subjectAltName (DNS name or IP; the common name is not read, as in Go since 1.15).
/// The library's own callback accepts any certificate its CA signed, for any name: in Kubernetes The Hard Way every
/// kubelet's certificate comes from that CA, so any node could pose as the API server. The reason for the last
/// refusal is kept, for the one-line error the library's generic TLS exception does not give.
/// </summary>
public sealed class ServerCertificateCheck(X509Certificate2Collection authorities, string host, string caSource)
{
    private static readonly Oid ServerAuth = new("1.3.6.1.5.5.7.3.1");
    private string? _refusal;

    /// <summary>The name the certificate must carry: the server URL's host (or the kubeconfig's tls-server-name).</summary>
    public string Host { get; } = host;

    /// <summary>Why the last certificate was refused, once (null when none was).</summary>
    public string? TakeRefusal() => Interlocked.Exchange(ref _refusal, null);

    public bool Validate(object sender, X509Certificate? certificate, X509Chain? presented, SslPolicyErrors errors)
    {
        var why = certificate is null ? "the server sent no certificate" : Why(new X509Certificate2(certificate), presented);
        if (why is not null)
        {
            Volatile.Write(ref _refusal, why);
        }

        return why is null;
    }

    /// <summary>Null when the certificate is good for <see cref="Host"/>; else the reason, one line.</summary>
    public string? Why(X509Certificate2 certificate, X509Chain? presented)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.ApplicationPolicy.Add(ServerAuth);
        if (authorities.Count > 0)
        {
            chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            chain.ChainPolicy.CustomTrustStore.AddRange(authorities);
        }

        // Intermediates the server sent may complete the chain; they are never trusted as roots.
        if (presented is not null)
        {
            for (var i = 1; i < presented.ChainElements.Count; i++)
            {
                chain.ChainPolicy.ExtraStore.Add(presented.ChainElements[i].Certificate);
            }
        }

        if (!chain.Build(certificate))
        {
            return ChainProblem(chain, certificate);
        }

        return certificate.MatchesHostname(Host, allowWildcards: true, allowCommonName: false)
            ? null
            : $"certificate for another name: the server's certificate names {Names(certificate)}, not {Host}";
    }

    private string ChainProblem(X509Chain chain, X509Certificate2 certificate)
    {
        var flags = chain.ChainStatus.Aggregate(X509ChainStatusFlags.NoError, (all, s) => all | s.Status);
        if ((flags & (X509ChainStatusFlags.UntrustedRoot | X509ChainStatusFlags.PartialChain | X509ChainStatusFlags.NotSignatureValid)) != 0)
        {
            var trusted = authorities.Count == 0 ? "the system's CAs" : $"the CA of {caSource} ({string.Join("; ", authorities.Select(a => a.Subject))})";
            return $"unknown authority: the server's certificate (issued by {certificate.Issuer}) does not chain to {trusted}";
        }

        if ((flags & X509ChainStatusFlags.NotTimeValid) != 0)
        {
            var expired = DateTime.Now > certificate.NotAfter;
            return expired
                ? $"expired certificate: the server's certificate expired at {certificate.NotAfter.ToUniversalTime():yyyy-MM-ddTHH:mm:ssZ}"
                : $"certificate not valid yet: the server's certificate is valid from {certificate.NotBefore.ToUniversalTime():yyyy-MM-ddTHH:mm:ssZ}";
        }

        if ((flags & X509ChainStatusFlags.NotValidForUsage) != 0)
        {
            return "not a server certificate: the server's certificate lacks the serverAuth extended key usage";
        }

        return $"the server's certificate was refused: {string.Join("; ", chain.ChainStatus.Select(s => s.StatusInformation.Trim()))}";
    }

    private static string Names(X509Certificate2 certificate)
    {
        var names = new List<string>();
        foreach (var extension in certificate.Extensions)
        {
            if (extension.Oid?.Value == "2.5.29.17")
            {
                var san = extension as X509SubjectAlternativeNameExtension ?? new X509SubjectAlternativeNameExtension(extension.RawData, extension.Critical);
                names.AddRange(san.EnumerateDnsNames());
                names.AddRange(san.EnumerateIPAddresses().Select(ip => ip.ToString()));
            }
        }

        return names.Count == 0 ? "no subjectAltName" : string.Join(", ", names);
    }

    /// <summary>The host of a server URL as a certificate names it: no brackets around an IPv6 address.</summary>
    public static string HostOf(Uri server) =>
        server.HostNameType == UriHostNameType.IPv6 && IPAddress.TryParse(server.Host.Trim('[', ']'), out var ip) ? ip.ToString() : server.IdnHost;
}
