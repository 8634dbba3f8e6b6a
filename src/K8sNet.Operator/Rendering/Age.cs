using System.Globalization;

namespace K8sNet.Operator.Rendering;

/// <summary>Ages as kubectl prints them: 45s, 12m, 3h, 5d.</summary>
public static class Age
{
    public static string Format(TimeSpan? age)
    {
        if (age is not { } a)
        {
            return "?";
        }

        if (a < TimeSpan.Zero)
        {
            a = TimeSpan.Zero;
        }

        return a.TotalSeconds < 120 ? $"{(int)a.TotalSeconds}s"
            : a.TotalMinutes < 120 ? $"{(int)a.TotalMinutes}m"
            : a.TotalHours < 48 ? $"{(int)a.TotalHours}h"
            : ((int)a.TotalDays).ToString(CultureInfo.InvariantCulture) + "d";
    }
}
