using System.Net.Http.Headers;
using k8s.Authentication;

namespace K8sNet.Agent.Api;

/// <summary>
/// The service account's bearer token, read from its file for every request: the kubelet rotates the projected
/// token (hourly by default) by replacing the file, and a request is rare here (a list, a watch every few minutes),
/// so reading a small file each time costs nothing and a rotation is never missed.
/// </summary>
public sealed class TokenFile(string path) : ITokenProvider
{
    public Task<AuthenticationHeaderValue> GetAuthenticationHeaderAsync(CancellationToken cancellationToken)
    {
        string token;
        try
        {
            token = File.ReadAllText(path).Trim();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new ApiException($"service account token {path}: {ex.Message}");
        }

        return Task.FromResult(new AuthenticationHeaderValue("Bearer", token));
    }
}
