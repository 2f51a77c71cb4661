namespace MemoryTests.Api.Hostile;

/// <summary>The hostile values the catalog puts into every field, as JSON literals or URL-encoded query values.</summary>
internal static class HostileValues
{
    /// <summary>Strings PostgreSQL cannot store (NUL) or that are not Unicode at all (unpaired surrogates): always 400.</summary>
    public static readonly (string Name, string Json)[] UnstorableStrings =
    [
        ("nul", "\"\\u0000\""),
        ("nul-inside", "\"I like\\u0000tea\""),
        ("lone-high-surrogate", "\"tea\\ud800\""),
        ("lone-low-surrogate", "\"\\udc00tea\""),
        ("reversed-surrogates", "\"\\udc00\\ud800\""),
    ];

    /// <summary>Query-string values for identifiers: NUL and other C0 controls are not allowed in ids.</summary>
    public static readonly (string Name, string Encoded)[] BadQueryIds =
    [
        ("nul", "%00"),
        ("nul-inside", "a%00b"),
        ("escape-char", "a%1Bb"),
        ("soh", "%01"),
        ("newline", "a%0Ab"),
    ];

    /// <summary>Numbers no field accepts as an int: too big for int or long, or not integers.</summary>
    public static readonly (string Name, string Json)[] BadIntegers =
    [
        ("1e400", "1e400"),
        ("20-digits", "99999999999999999999"),
        ("fraction", "1.5"),
        // "5" is read as 5 (ASP.NET Core's web JSON defaults allow numbers in strings); a word is not.
        ("word", "\"five\""),
        ("bool", "true"),
        ("object", "{}"),
        ("array", "[]"),
    ];

    /// <summary>Wrong types for a string field.</summary>
    public static readonly (string Name, string Json)[] NotStrings =
    [
        ("number", "42"),
        ("bool", "true"),
        ("object", "{}"),
        ("array", "[\"a\"]"),
    ];

    /// <summary>JSON nested far deeper than any parser should follow.</summary>
    public static string Deep(int levels) => new string('[', levels) + new string(']', levels);

    public static string DeepObject(int levels) =>
        string.Concat(Enumerable.Repeat("{\"a\":", levels)) + "1" + new string('}', levels);
}
