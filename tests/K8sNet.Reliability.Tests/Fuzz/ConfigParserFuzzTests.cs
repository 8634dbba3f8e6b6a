using System.Text;
using System.Text.Json;
using FsCheck;
using FsCheck.Fluent;
using K8sNet.Cni;
using Microsoft.Extensions.Logging.Abstractions;

namespace K8sNet.Reliability.Tests.Fuzz;

/// <summary>
/// The dispatcher and the real config loaders on mutated configs and random bytes: each run ends in a result or a CNI
/// error other than 999 (999 is how the dispatcher reports an exception nobody expected), with one JSON document out.
/// </summary>
public sealed class ConfigParserFuzzTests
{
    private static readonly string[] Verbs = ["ADD", "DEL", "CHECK", "GC", "STATUS", "VERSION"];

    [Fact]
    public void Any_mutated_config_is_accepted_or_refused_with_a_cni_error()
    {
        var gen = from config in FuzzGenerators.MutatedConfig
                  from verb in Gen.Elements(Verbs)
                  select (config, verb);

        Fuzzing.Check(gen, input => Dispatch(input.verb, Encoding.UTF8.GetBytes(input.config), input.config));
    }

    [Fact]
    public void Random_bytes_on_stdin_are_refused_with_a_cni_error()
    {
        var gen = Gen.OneOf(
            ArbMap.Default.GeneratorFor<byte[]>().Where(b => b is not null),
            FuzzGenerators.MutatedConfig.Select(c => Encoding.UTF8.GetBytes(c)).SelectMany(b => Gen.Choose(0, 255).Select(x => Flip(b, x))));

        Fuzzing.Check(gen, bytes => Dispatch("ADD", bytes, Convert.ToHexString(bytes)));
    }

    [Fact]
    public void Any_cni_args_string_is_parsed_or_refused_with_a_cni_error()
    {
        var gen = Gen.OneOf(
            FuzzGenerators.OddString,
            from pairs in Gen.ListOf(from k in Gen.Elements("IP", "MAC", "IgnoreUnknown", "K8S_POD_NAME", "", "x=y", ";")
                                     from v in FuzzGenerators.OddString
                                     select $"{k}={v}")
            select string.Join(';', pairs));

        Fuzzing.Check(gen, text => Fuzzing.AcceptedOrRefused(() => CniArgs.Parse(text), text));
    }

    private static void Dispatch(string verb, byte[] stdin, string shown)
    {
        var env = new MemoryEnvironment(
            new Dictionary<string, string>
            {
                ["CNI_COMMAND"] = verb,
                ["CNI_CONTAINERID"] = "fuzz",
                ["CNI_NETNS"] = "/run/netns/fuzz",
                ["CNI_IFNAME"] = "eth0",
                ["CNI_ARGS"] = "IgnoreUnknown=1;K8S_POD_NAME=p",
            },
            stdin);

        var outcome = new PluginDispatcher(env, _ => NullLogger.Instance).Run(new ParsingPlugin());

        if (outcome.ErrorCode == CniErrorCode.Internal && !KnownFuzzBugs.Explains(outcome.ErrorDetails))
        {
            throw new Xunit.Sdk.XunitException($"{verb} answered 999 ({outcome.ErrorMessage}) for:\n{shown}\n{outcome.ErrorDetails}");
        }

        var stdout = env.StdoutBytes;
        if (stdout.Length > 0)
        {
            var reader = new Utf8JsonReader(stdout, new JsonReaderOptions { AllowMultipleValues = true });
            var documents = 0;
            while (reader.Read())
            {
                documents++;
                reader.Skip();
            }

            documents.Should().Be(1, $"stdout of {verb} must be one JSON document for:\n{shown}");
        }
        else
        {
            outcome.ExitCode.Should().Be(0, "only a successful DEL/CHECK/GC/STATUS prints nothing");
        }
    }

    private static byte[] Flip(byte[] bytes, int seed)
    {
        if (bytes.Length == 0)
        {
            return bytes;
        }

        var copy = (byte[])bytes.Clone();
        copy[seed * 7919 % copy.Length] = (byte)(seed ^ 0x80);
        return copy;
    }
}
