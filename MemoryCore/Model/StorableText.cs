using System.Text.Json;

namespace MemoryCore.Model;

/// <summary>
/// What text every store can keep exactly: valid Unicode without NUL. PostgreSQL refuses U+0000 in text and jsonb
/// (SQLite would keep it, and C clients truncate at it), and an unpaired UTF-16 surrogate is not Unicode at all: it has
/// no UTF-8 form, so one store would refuse it and the other replace it with U+FFFD, silently changing ids and text.
/// Both are therefore rejected up front, naming the field, on both stores alike. Every other character, including
/// tabs, newlines and other control characters, is kept as given. In JSON values (metadata, filters) a number must
/// also fit a double: PostgreSQL's numeric keeps 1e400 (and refuses 1e200000) while SQLite reads it as infinity, so
/// such a number would compare and filter differently on each store.
/// </summary>
public static class StorableText
{
    /// <summary>Throws a 400 validation error naming <paramref name="field"/> when the text cannot be stored exactly.</summary>
    public static void Check(string? value, string field)
    {
        if (value is null)
        {
            return;
        }

        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (c == '\0')
            {
                throw Invalid($"{field} contains a NUL character (U+0000) at position {i}; text with NUL cannot be stored.");
            }

            if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(c))
            {
                throw Invalid($"{field} contains an unpaired UTF-16 surrogate (U+{(int)c:X4}) at position {i}; it is not valid Unicode.");
            }
        }
    }

    /// <summary>Checks every string, property name and number in a JSON value (metadata, filters, messages), naming the path.</summary>
    public static void Check(JsonElement element, string path)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.String:
                Check(Read(element, path), path);
                break;
            case JsonValueKind.Number when !(element.TryGetDouble(out var number) && double.IsFinite(number)):
                throw Invalid($"{path} is a number too large for any store (the limit is about ±1.8e308).");
            case JsonValueKind.Array:
                var i = 0;
                foreach (var item in element.EnumerateArray())
                {
                    Check(item, $"{path}[{i++}]");
                }

                break;
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    var name = Name(property, path);
                    Check(name, $"{path} key '{Clip(name)}'");
                    Check(property.Value, $"{path}.{Clip(name)}");
                }

                break;
        }
    }

    /// <summary>Check for JSON objects held as a dictionary (metadata on the wire).</summary>
    public static void Check(IReadOnlyDictionary<string, JsonElement>? values, string path)
    {
        if (values is null)
        {
            return;
        }

        foreach (var (key, value) in values)
        {
            Check(key, $"{path} key '{Clip(key)}'");
            Check(value, $"{path}.{Clip(key)}");
        }
    }

    // System.Text.Json unescapes lazily: a "\ud800" escape or invalid UTF-8 surfaces only when the string is read,
    // as an InvalidOperationException, which is bad input, not a server fault.
    private static string Read(JsonElement element, string path)
    {
        try
        {
            return element.GetString()!;
        }
        catch (InvalidOperationException)
        {
            throw Invalid($"{path} is not valid Unicode text (an unpaired surrogate or invalid UTF-8).");
        }
    }

    private static string Name(JsonProperty property, string path)
    {
        try
        {
            return property.Name;
        }
        catch (InvalidOperationException)
        {
            throw Invalid($"{path} has a key that is not valid Unicode text (an unpaired surrogate or invalid UTF-8).");
        }
    }

    // Only for messages: the clipped text never holds NUL or a half surrogate pair at the cut, so the message itself is valid.
    private static string Clip(string value)
    {
        var cut = value.Length <= 40 ? value : value[..40] + "…";
        return new string([.. cut.Select(c => c == '\0' || char.IsSurrogate(c) ? '?' : c)]);
    }

    private static MemoryValidationException Invalid(string message) => new(ValidationFailure.Invalid, message);
}
