namespace K8sNet.Operator.Config;

/// <summary>A config file that cannot be read as a CNI config at all; names the field and the reason.</summary>
public sealed class ConfigFileException(string field, string reason) : Exception($"{field}: {reason}")
{
    public string Field { get; } = field;

    public string Reason { get; } = reason;
}
