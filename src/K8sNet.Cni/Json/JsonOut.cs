using System.Globalization;
using System.Text;

namespace K8sNet.Cni.Json;

/// <summary>
/// Writes the few compact JSON documents a plugin prints (result, error, version). Strings are escaped the way the
/// reference plugins' Go encoder does: quote, backslash and control characters always, and &lt; &gt; &amp; U+2028
/// U+2029 as \u escapes; everything else, non-ASCII included, is written as UTF-8.
/// </summary>
/// <remarks>
/// Utf8JsonWriter would do, but it builds System.Text.Encodings.Web's encoder tables on first use, a measurable
/// part of a run that prints one small object (issue 7).
/// </remarks>
public sealed class JsonOut
{
    private readonly StringBuilder _text = new(512);
    private bool _needsComma;

    public JsonOut BeginObject(string? name = null) => Open(name, '{');

    public JsonOut EndObject() => Close('}');

    public JsonOut BeginArray(string? name = null) => Open(name, '[');

    public JsonOut EndArray() => Close(']');

    /// <summary>A string member, or an array element when <paramref name="name"/> is null.</summary>
    public JsonOut String(string? name, string value)
    {
        Name(name);
        Quoted(value);
        _needsComma = true;
        return this;
    }

    /// <summary>Left out when null, like an omitempty Go field.</summary>
    public JsonOut StringIfSet(string name, string? value) => value is null ? this : String(name, value);

    public JsonOut Number(string? name, long value)
    {
        Name(name);
        // No culture for integers: the binary runs culture-invariant, and asking for the invariant culture by name
        // would build its data at the first number of every result.
        _text.Append(value);
        _needsComma = true;
        return this;
    }

    public JsonOut NumberIfSet(string name, int? value) => value is { } v ? Number(name, v) : this;

    /// <summary>An array of strings, left out when null; an empty list is written as [].</summary>
    public JsonOut StringsIfSet(string name, IEnumerable<string>? values)
    {
        if (values is null)
        {
            return this;
        }

        BeginArray(name);
        foreach (var value in values)
        {
            String(null, value);
        }

        return EndArray();
    }

    public byte[] ToUtf8() => Encoding.UTF8.GetBytes(_text.ToString());

    public override string ToString() => _text.ToString();

    private JsonOut Open(string? name, char bracket)
    {
        Name(name);
        _text.Append(bracket);
        _needsComma = false;
        return this;
    }

    private JsonOut Close(char bracket)
    {
        _text.Append(bracket);
        _needsComma = true;
        return this;
    }

    private void Name(string? name)
    {
        if (_needsComma)
        {
            _text.Append(',');
        }

        if (name is not null)
        {
            Quoted(name);
            _text.Append(':');
        }

        _needsComma = false;
    }

    private void Quoted(string value)
    {
        _text.Append('"');
        foreach (var c in value)
        {
            switch (c)
            {
                case '"': _text.Append("\\\""); break;
                case '\\': _text.Append("\\\\"); break;
                case '\n': _text.Append("\\n"); break;
                case '\r': _text.Append("\\r"); break;
                case '\t': _text.Append("\\t"); break;
                case < ' ' or '<' or '>' or '&' or '\u2028' or '\u2029':
                    _text.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    break;
                default: _text.Append(c); break;
            }
        }

        _text.Append('"');
    }
}
