namespace K8sNet.Cni;

/// <summary>
/// Unsigned decimal numbers in config text ("24" in a CIDR, "1" in "0.4.1"), ASCII digits only: what int.TryParse
/// with NumberStyles.None and the invariant culture accepts, without building the invariant culture's data at start
/// (measurable work and pages for a plugin run that never needs a culture).
/// </summary>
public static class AsciiDecimal
{
    /// <summary>One or more digits 0-9 and nothing else, within int's range; leading zeros allowed.</summary>
    public static bool TryParse(ReadOnlySpan<char> text, out int value)
    {
        value = 0;
        if (text.IsEmpty)
        {
            return false;
        }

        long total = 0;
        foreach (var c in text)
        {
            if (c is < '0' or > '9')
            {
                value = 0;
                return false;
            }

            total = (total * 10) + (c - '0');
            if (total > int.MaxValue)
            {
                value = 0;
                return false;
            }
        }

        value = (int)total;
        return true;
    }
}
