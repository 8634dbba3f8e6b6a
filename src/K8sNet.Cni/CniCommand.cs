namespace K8sNet.Cni;

/// <summary>The verbs of <c>CNI_COMMAND</c>.</summary>
public enum CniCommand
{
    Add,
    Del,
    Check,
    Gc,
    Status,
    Version,
}

public static class CniCommandNames
{
    public static bool TryParse(string? text, out CniCommand command)
    {
        switch (text)
        {
            case "ADD": command = CniCommand.Add; return true;
            case "DEL": command = CniCommand.Del; return true;
            case "CHECK": command = CniCommand.Check; return true;
            case "GC": command = CniCommand.Gc; return true;
            case "STATUS": command = CniCommand.Status; return true;
            case "VERSION": command = CniCommand.Version; return true;
            default: command = default; return false;
        }
    }

    public static string ToWire(this CniCommand command) => command switch
    {
        CniCommand.Add => "ADD",
        CniCommand.Del => "DEL",
        CniCommand.Check => "CHECK",
        CniCommand.Gc => "GC",
        CniCommand.Status => "STATUS",
        _ => "VERSION",
    };
}
