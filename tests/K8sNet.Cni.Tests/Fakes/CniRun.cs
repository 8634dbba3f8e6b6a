using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;

namespace K8sNet.Cni.Tests.Fakes;

/// <summary>One dispatcher invocation as a runtime would make it, and what came out on stdout.</summary>
public sealed class CniRun
{
    private CniRun(DispatchOutcome outcome, FakeCniEnvironment env, FakeCniPlugin plugin)
    {
        Outcome = outcome;
        Env = env;
        Plugin = plugin;
    }

    public DispatchOutcome Outcome { get; }

    public FakeCniEnvironment Env { get; }

    public FakeCniPlugin Plugin { get; }

    public string Stdout => Env.StdoutText;

    /// <summary>The one JSON document on stdout; fails the test if there is none, or anything after it.</summary>
    public JsonElement Json => SingleDocument(Env.StdoutBytes);

    /// <summary>The variables a runtime sets for each verb (SPEC §2), so tests only spell out what they change.</summary>
    public static Dictionary<string, string> EnvFor(string verb) => verb switch
    {
        "ADD" or "DEL" or "CHECK" => new()
        {
            ["CNI_COMMAND"] = verb,
            ["CNI_CONTAINERID"] = "ctr-1",
            ["CNI_NETNS"] = "/run/netns/test",
            ["CNI_IFNAME"] = "eth0",
            ["CNI_PATH"] = "/opt/cni/bin",
        },
        _ => new() { ["CNI_COMMAND"] = verb },
    };

    public static CniRun Invoke(string verb, string stdin, FakeCniPlugin? plugin = null) =>
        Invoke(EnvFor(verb), Encoding.UTF8.GetBytes(stdin), plugin);

    public static CniRun Invoke(IReadOnlyDictionary<string, string> variables, string stdin, FakeCniPlugin? plugin = null) =>
        Invoke(variables, Encoding.UTF8.GetBytes(stdin), plugin);

    public static CniRun Invoke(IReadOnlyDictionary<string, string> variables, byte[] stdin, FakeCniPlugin? plugin = null) =>
        Invoke(variables, new MemoryStream(stdin, writable: false), plugin);

    public static CniRun Invoke(IReadOnlyDictionary<string, string> variables, Stream stdin, FakeCniPlugin? plugin = null)
    {
        var env = new FakeCniEnvironment(variables, stdin);
        plugin ??= new FakeCniPlugin();
        var outcome = new PluginDispatcher(env, _ => NullLogger.Instance).Run(plugin);
        return new CniRun(outcome, env, plugin);
    }

    public static JsonElement SingleDocument(byte[] stdout)
    {
        stdout.Should().NotBeEmpty("every invocation that prints must print exactly one JSON document");

        // Count top-level values with a reader that tolerates several, so "two documents" fails with a clear count.
        var reader = new Utf8JsonReader(stdout, new JsonReaderOptions { AllowMultipleValues = true });
        var documents = 0;
        while (reader.Read())
        {
            documents++;
            reader.Skip();
        }

        documents.Should().Be(1, "stdout belongs to the protocol: one document, nothing after it");
        using var document = JsonDocument.Parse(stdout);
        return document.RootElement.Clone();
    }
}
