using FsCheck;
using FsCheck.Fluent;
using K8sNet.Cni;

namespace K8sNet.Reliability.Tests.Fuzz;

/// <summary>
/// How many cases each property runs: a CI-sized default, more on demand with K8SNET_FUZZ_CASES (e.g. 200000).
/// A failure throws with the shrunk counterexample and the seed to replay it.
/// </summary>
public static class Fuzzing
{
    public const int DefaultCases = 3000;

    public static int Cases =>
        int.TryParse(Environment.GetEnvironmentVariable("K8SNET_FUZZ_CASES"), out var n) && n > 0 ? n : DefaultCases;

    public static void Check<T>(Gen<T> generator, Action<T> property, int? cases = null)
    {
        var config = Config.QuickThrowOnFailure.WithMaxTest(cases ?? Cases).WithQuietOnSuccess(true);
        FsCheck.Check.One(config, Prop.ForAll(generator.ToArbitrary(), (T value) => property(value)));
    }

    /// <summary>Runs <paramref name="action"/>; a <see cref="CniException"/> is a refusal, any other exception fails.</summary>
    public static bool AcceptedOrRefused(Action action, string input)
    {
        try
        {
            action();
            return true;
        }
        catch (CniException)
        {
            return false;
        }
        catch (Exception ex)
        {
            throw new Xunit.Sdk.XunitException($"{ex.GetType().Name} instead of a CniException for input:\n{input}\n{ex}");
        }
    }
}
