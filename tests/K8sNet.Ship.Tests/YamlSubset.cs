namespace K8sNet.Ship.Tests;

/// <summary>
/// Reads the YAML subset the manifests in conf/ use, into plain objects: block mappings
/// (<see cref="Dictionary{TKey,TValue}"/>), block sequences and flow sequences of scalars (<see cref="List{T}"/>),
/// and scalars as strings (plain, "double" or 'single' quoted), with comments and `---` documents. Anything else
/// (anchors, block scalars, flow mappings, tabs) throws naming the line, so a manifest that outgrows the subset fails
/// the tests instead of being misread. No YAML package: the manifests are small and the subset is what they need.
/// </summary>
public static class YamlSubset
{
    private sealed record Line(int Number, int Indent, string Text);

    public static List<Dictionary<string, object?>> LoadAll(string yaml)
    {
        var documents = new List<Dictionary<string, object?>>();
        var current = new List<Line>();
        var number = 0;
        foreach (var raw in yaml.Split('\n'))
        {
            number++;
            if (raw.TrimEnd() == "---")
            {
                AddDocument(documents, current);
                current = [];
                continue;
            }

            if (raw.Contains('\t'))
            {
                throw Unsupported(number, "a tab");
            }

            var text = StripComment(raw).TrimEnd();
            if (text.Trim().Length > 0)
            {
                current.Add(new Line(number, text.Length - text.TrimStart().Length, text.Trim()));
            }
        }

        AddDocument(documents, current);
        return documents;
    }

    private static void AddDocument(List<Dictionary<string, object?>> documents, List<Line> lines)
    {
        if (lines.Count == 0)
        {
            return;
        }

        var index = 0;
        var node = ParseBlock(lines, ref index, lines[0].Indent);
        if (index != lines.Count)
        {
            throw Unsupported(lines[index].Number, "text outside the document's structure");
        }

        documents.Add(node as Dictionary<string, object?> ?? throw Unsupported(lines[0].Number, "a document that is not a mapping"));
    }

    private static object? ParseBlock(List<Line> lines, ref int index, int indent) =>
        IsSequenceItem(lines[index].Text) ? ParseSequence(lines, ref index, indent) : ParseMapping(lines, ref index, indent);

    private static List<object?> ParseSequence(List<Line> lines, ref int index, int indent)
    {
        var items = new List<object?>();
        while (index < lines.Count && lines[index].Indent == indent && IsSequenceItem(lines[index].Text))
        {
            var line = lines[index];
            var rest = line.Text[1..].TrimStart();
            if (rest.Length == 0)
            {
                index++;
                items.Add(index < lines.Count && lines[index].Indent > indent ? ParseBlock(lines, ref index, lines[index].Indent) : null);
            }
            else if (SplitKey(rest) is not null)
            {
                // "- key: value": a mapping whose keys sit where "key" starts.
                lines[index] = line with { Indent = indent + (line.Text.Length - rest.Length), Text = rest };
                items.Add(ParseMapping(lines, ref index, lines[index].Indent));
            }
            else
            {
                items.Add(ParseValue(rest, line.Number));
                index++;
            }
        }

        return items;
    }

    private static Dictionary<string, object?> ParseMapping(List<Line> lines, ref int index, int indent)
    {
        var map = new Dictionary<string, object?>();
        while (index < lines.Count && lines[index].Indent >= indent)
        {
            var line = lines[index];
            if (line.Indent > indent || IsSequenceItem(line.Text))
            {
                throw Unsupported(line.Number, "unexpected indentation");
            }

            var (key, value) = SplitKey(line.Text) ?? throw Unsupported(line.Number, "a line that is not 'key: value'");
            if (!map.TryAdd(key, null))
            {
                throw Unsupported(line.Number, $"a duplicate key '{key}'");
            }

            index++;
            if (value.Length > 0)
            {
                map[key] = ParseValue(value, line.Number);
            }
            else if (index < lines.Count && (lines[index].Indent > indent || (lines[index].Indent == indent && IsSequenceItem(lines[index].Text))))
            {
                map[key] = ParseBlock(lines, ref index, lines[index].Indent);
            }
        }

        return map;
    }

    private static object? ParseValue(string value, int number)
    {
        if (value.StartsWith('['))
        {
            if (!value.EndsWith(']'))
            {
                throw Unsupported(number, "a flow sequence over several lines");
            }

            var inner = value[1..^1].Trim();
            return inner.Length == 0 ? new List<object?>() : inner.Split(',').Select(item => (object?)Scalar(item.Trim(), number)).ToList();
        }

        return Scalar(value, number);
    }

    private static string Scalar(string value, int number)
    {
        if (value.Length >= 2 && value[0] == '"' && value[^1] == '"')
        {
            return value[1..^1].Replace("\\\"", "\"").Replace("\\\\", "\\");
        }

        if (value.Length >= 2 && value[0] == '\'' && value[^1] == '\'')
        {
            return value[1..^1].Replace("''", "'");
        }

        if (value[0] is '{' or '&' or '*' or '|' or '>' or '!' or '"' or '\'')
        {
            throw Unsupported(number, $"the value '{value}'");
        }

        return value;
    }

    private static bool IsSequenceItem(string text) => text == "-" || text.StartsWith("- ", StringComparison.Ordinal);

    /// <summary>"key: value" or "key:" (keys in these manifests are plain words), else null.</summary>
    private static (string Key, string Value)? SplitKey(string text)
    {
        if (text[0] is '"' or '\'' or '[' or '{')
        {
            return null;
        }

        var colon = text.IndexOf(": ", StringComparison.Ordinal);
        if (colon > 0)
        {
            return (text[..colon], text[(colon + 2)..].Trim());
        }

        return text.EndsWith(':') ? (text[..^1], "") : null;
    }

    /// <summary>Drops a comment: '#' at the start or after a space, outside quotes.</summary>
    private static string StripComment(string line)
    {
        var quote = '\0';
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quote != '\0')
            {
                quote = c == quote ? '\0' : quote;
            }
            else if (c is '"' or '\'')
            {
                quote = c;
            }
            else if (c == '#' && (i == 0 || line[i - 1] == ' '))
            {
                return line[..i];
            }
        }

        return line;
    }

    private static FormatException Unsupported(int line, string what) =>
        new($"line {line}: {what} is outside the YAML subset these tests read");
}
