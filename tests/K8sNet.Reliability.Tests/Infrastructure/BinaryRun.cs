using System.Diagnostics;
using System.Text.Json;
using K8sNet.Testing;

namespace K8sNet.Reliability.Tests.Infrastructure;

/// <summary>What one run of the published binary printed, with the protocol's promises as assertions.</summary>
public sealed record BinaryReply(int ExitCode, string Stdout, string Stderr)
{
    /// <summary>
    /// Asserts the run failed the way the spec asks: non-zero exit, stdout exactly one JSON error object with the code,
    /// a message that contains <paramref name="messagePart"/>, and no crash trace on stderr. Returns the message.
    /// </summary>
    public string ShouldFailWith(int code, string messagePart)
    {
        var context = $"stdout: {Stdout}\nstderr: {Stderr}";
        ExitCode.Should().NotBe(0, context);
        Stderr.Should().NotContain("Unhandled exception", context);
        var error = SingleObject();
        error.TryGetProperty("code", out var codeElement).Should().BeTrue(context);
        codeElement.GetInt32().Should().Be(code, context);
        var message = error.GetProperty("msg").GetString() ?? string.Empty;
        message.Should().ContainEquivalentOf(messagePart, context);
        return message;
    }

    public void ShouldSucceed()
    {
        ExitCode.Should().Be(0, $"stdout: {Stdout}\nstderr: {Stderr}");
        Stderr.Should().NotContain("Unhandled exception");
    }

    /// <summary>The one top-level JSON value on stdout, which must be an object with nothing after it.</summary>
    public JsonElement SingleObject()
    {
        var bytes = System.Text.Encoding.UTF8.GetBytes(Stdout);
        var reader = new Utf8JsonReader(bytes, new JsonReaderOptions { AllowMultipleValues = true });
        var documents = 0;
        while (reader.Read())
        {
            documents++;
            reader.Skip();
        }

        documents.Should().Be(1, $"stdout must be exactly one JSON document: {Stdout}");
        using var doc = JsonDocument.Parse(bytes);
        doc.RootElement.ValueKind.Should().Be(JsonValueKind.Object);
        return doc.RootElement.Clone();
    }
}

/// <summary>
/// Runs the published binary inside a namespace (as `ip netns exec NODE k8snet`) with exactly the given environment
/// and raw stdin bytes, so tests can feed what a string cannot hold (invalid UTF-8, 10 MB).
/// </summary>
public static class BinaryRun
{
    /// <summary>Long enough for a loaded CI machine; a hang (a regression that blocks) fails instead of stalling CI.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(60);

    /// <param name="prefix">A command the run goes through, e.g. nsenter into a private mount namespace.</param>
    public static BinaryReply Run(
        TestNetNs node, IReadOnlyDictionary<string, string?> environment, byte[] stdin, string? binary = null, TimeSpan? timeout = null, IReadOnlyList<string>? prefix = null)
    {
        var command = new List<string>(prefix ?? []) { "ip", "netns", "exec", node.Name, binary ?? PublishedBinary.Path };
        var start = new ProcessStartInfo(command[0])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in command.Skip(1))
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var name in start.Environment.Keys.Where(k => k.StartsWith("CNI_", StringComparison.Ordinal) || k.StartsWith("K8SNET_", StringComparison.Ordinal)).ToList())
        {
            start.Environment.Remove(name);
        }

        start.Environment["K8SNET_LOG_FILE"] = "stderr";
        foreach (var (key, value) in environment)
        {
            if (value is null)
            {
                start.Environment.Remove(key);
            }
            else
            {
                start.Environment[key] = value;
            }
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start ip netns exec");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        try
        {
            process.StandardInput.BaseStream.Write(stdin);
            process.StandardInput.Close();
        }
        catch (IOException)
        {
            // The plugin may refuse (and exit) before reading everything; its answer is what matters.
        }

        var limit = timeout ?? DefaultTimeout;
        if (!process.WaitForExit(limit))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"the plugin did not finish within {limit.TotalSeconds} s: it blocks");
        }

        process.WaitForExit();
        return new BinaryReply(process.ExitCode, stdout.Result, stderr.Result);
    }
}
