using System.Diagnostics;
using System.Text.Json;
using K8sNet.Cni.Json;
using K8sNet.Cni.Results;
using Microsoft.Extensions.Logging;

namespace K8sNet.Cni;

/// <summary>
/// The protocol around a plugin: read env and stdin, check them, call the verb, and write exactly one JSON document
/// (result, version or error) to stdout. No exception leaves <see cref="Run"/>: a surprise becomes error 999.
/// </summary>
public sealed class PluginDispatcher
{
    private readonly ICniEnvironment _env;
    private readonly Func<NetConf?, ILogger> _loggerFor;

    /// <param name="env">The process environment and streams.</param>
    /// <param name="loggerFor">Builds the logger once the config (which may name a log file) is known.</param>
    public PluginDispatcher(ICniEnvironment env, Func<NetConf?, ILogger> loggerFor)
    {
        _env = env;
        _loggerFor = loggerFor;
    }

    public DispatchOutcome Run(ICniPlugin plugin)
    {
        var clock = Stopwatch.StartNew();
        var outcome = new DispatchOutcome();
        var versions = plugin.Versions;
        ILogger? logger = null;
        try
        {
            var command = CniRequestReader.ReadCommand(_env.GetEnv);
            outcome.Command = command;
            var stdin = ReadStdin();
            outcome.ErrorVersion = PeekVersion(stdin);
            if (command == CniCommand.Version)
            {
                WriteVersion(stdin, versions);
                return outcome.Succeeded(clock);
            }

            var request = CniRequestReader.Read(command, _env.GetEnv, stdin);
            outcome.ContainerId = request.ContainerId;
            outcome.NetNs = request.NetNs;
            outcome.IfName = request.IfName;
            var conf = ReadConfig(stdin);
            logger = _loggerFor(conf);
            outcome.Logger = logger;
            var version = versions.Parse(conf.CniVersion);
            outcome.ErrorVersion = version.ToString();
            CheckVerbAllowed(command, version);
            var prev = ReadPrevResult(conf, version);
            var invocation = new CniInvocation(request, conf, version, prev, logger);
            Invoke(plugin, invocation);
            return outcome.Succeeded(clock);
        }
        catch (CniException ex)
        {
            WriteError(versions, outcome.ErrorVersion, (int)ex.Code, ex.Message, ex.Details);
            return outcome.Failed(clock, ex.Code, ex.Message, ex.Details);
        }
        catch (Exception ex)
        {
            // Never let the runtime see a crash: it gets a readable error object instead.
            var message = $"internal error: {ex.GetType().Name}: {ex.Message}";
            WriteError(versions, outcome.ErrorVersion, (int)CniErrorCode.Internal, message, ex.ToString());
            return outcome.Failed(clock, CniErrorCode.Internal, message, ex.ToString());
        }
    }

    private void Invoke(ICniPlugin plugin, CniInvocation invocation)
    {
        switch (invocation.Command)
        {
            case CniCommand.Add:
                var result = plugin.Add(invocation);
                WriteJson(CniResultJson.Write(result, invocation.Version));
                break;
            case CniCommand.Del:
                plugin.Del(invocation);
                break;
            case CniCommand.Check:
                plugin.Check(invocation);
                break;
            case CniCommand.Gc:
                plugin.Gc(invocation);
                break;
            case CniCommand.Status:
                plugin.Status(invocation);
                break;
        }
    }

    private static void CheckVerbAllowed(CniCommand command, CniVersion version)
    {
        if (command == CniCommand.Check && !version.HasCheck)
        {
            throw new CniException(CniErrorCode.IncompatibleVersion, $"config version {version.ToString()} does not allow CHECK (needs 0.4.0 or later)");
        }

        if (command is CniCommand.Gc or CniCommand.Status && !version.HasGcAndStatus)
        {
            throw new CniException(
                CniErrorCode.IncompatibleVersion,
                $"config version {version.ToString()} does not allow {command.ToWire()} (needs 1.1.0 or later)");
        }
    }

    private byte[] ReadStdin()
    {
        try
        {
            using var buffer = new MemoryStream();
            var chunk = GC.AllocateUninitializedArray<byte>(16 * 1024); // read(2) fills it; no need to zero it first
            int read;
            while ((read = _env.Stdin.Read(chunk, 0, chunk.Length)) > 0)
            {
                if (buffer.Length + read > ConfigJson.MaxConfigBytes)
                {
                    throw new CniException(
                        CniErrorCode.DecodingFailure,
                        $"config on stdin is larger than {ConfigJson.MaxConfigBytes} bytes; refusing to decode it");
                }

                buffer.Write(chunk, 0, read);
            }

            return buffer.ToArray();
        }
        catch (IOException ex)
        {
            throw new CniException(CniErrorCode.IoFailure, $"failed to read config from stdin: {ex.Message}");
        }
    }

    private static NetConf ReadConfig(byte[] stdin)
    {
        ConfigJson.EnsureWellFormed(stdin);
        var conf = NetConfJson.Read(ConfigJson.Parse(stdin));
        if (string.IsNullOrEmpty(conf.Name))
        {
            throw CniException.InvalidConfig("name", "missing network name");
        }

        if (System.Text.Encoding.UTF8.GetByteCount(conf.Name) > NameValidation.MaxNetworkNameBytes)
        {
            throw CniException.InvalidConfig("name", $"network name is longer than {NameValidation.MaxNetworkNameBytes} bytes (it names a directory)");
        }

        if (!NameValidation.IsValidIdentifier(conf.Name))
        {
            throw CniException.InvalidConfig(
                "name",
                $"invalid characters found in network name \"{CniRequestReader.Printable(conf.Name)}\" (allowed: letters, digits, _ . - and a letter or digit first)");
        }

        return conf;
    }

    /// <summary>A prevResult is in the config's version (SPEC §3): 0.1.0/0.2.0 ones have ip4/ip6 instead of ips.</summary>
    private static CniResult? ReadPrevResult(NetConf conf, CniVersion version) =>
        conf.PrevResult is { ValueKind: not (JsonValueKind.Object or JsonValueKind.Null) } wrong
            ? throw CniException.InvalidConfig("prevResult", $"must be an object, not {wrong.ValueKind.ToString().ToLowerInvariant()}")
            : conf.PrevResult is not { ValueKind: JsonValueKind.Object } prev ? null
            : version.HasInterfaceList ? CniResultJson.Read(prev, "prevResult")
            : Result02xJson.Read(prev, "prevResult");

    /// <summary>VERSION answers with the input's cniVersion; with none given it speaks the newest.</summary>
    private void WriteVersion(byte[] stdin, CniVersionSet versions)
    {
        var requested = PeekVersion(stdin) ?? CniVersion.Latest.ToString();
        WriteJson(VersionJson.Write(requested, versions.Strings));
    }

    /// <summary>The input's cniVersion if the bytes are a JSON object that has one; never throws.</summary>
    private static string? PeekVersion(byte[] stdin)
    {
        try
        {
            var reader = new Utf8JsonReader(stdin);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return null;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isVersion = reader.ValueTextEquals("cniVersion"u8);
                reader.Read();
                if (isVersion)
                {
                    return reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
                }

                reader.Skip();
            }
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or ArgumentException)
        {
            // Invalid UTF-8 inside the string, say: the real decode reports it properly (code 6).
        }

        return null;
    }

    private void WriteError(CniVersionSet versions, string? version, int code, string message, string? details)
    {
        var errorVersion = CniVersion.TryParse(version, out var v) && versions.Contains(v) ? version! : CniVersion.Latest.ToString();
        try
        {
            WriteJson(CniErrorJson.Write(new CniErrorDocument { CniVersion = errorVersion, Code = code, Msg = message, Details = details ?? string.Empty }));
        }
        catch (IOException)
        {
            // stdout itself is broken (the runtime went away): the exit code is all that can still be reported.
        }
    }

    private void WriteJson(byte[] json)
    {
        _env.Stdout.Write(json);
        _env.Stdout.Flush();
    }
}
