using System.Text.Json;
using MemoryCore;
using MemoryCore.Model;

namespace MemoryTests.Engine;

public sealed class StorableTextTests
{
    [Theory]
    [InlineData("plain")]
    [InlineData("tab\t, newline\n, soh \u0001, escape \u001b, delete \u007f")]
    [InlineData("a pair \U0001F600 and U+FFFF \uffff")]
    [InlineData("")]
    public void Text_every_store_keeps_exactly_passes(string text) => StorableText.Check(text, "field");

    [Theory]
    [InlineData(@"\u0000", "NUL")]
    [InlineData(@"tea\u0000", "NUL")]
    [InlineData(@"tea\ud800", "surrogate")]
    [InlineData(@"\udc00tea", "surrogate")]
    [InlineData(@"\udc00\ud800", "surrogate")]
    [InlineData(@"ok \ud83d\ude00 then \ud83d", "surrogate")]
    public void Nul_and_unpaired_surrogates_are_a_validation_error_naming_the_field(string escaped, string reason)
    {
        // Escaped in the data: a test runner serializes theory data as UTF-8, which would turn a lone surrogate into U+FFFD.
        var text = System.Text.RegularExpressions.Regex.Unescape(escaped);

        var error = Assert.Throws<MemoryValidationException>(() => StorableText.Check(text, "messages[2].content"));
        Assert.Equal(ValidationFailure.Invalid, error.Failure);
        Assert.StartsWith("messages[2].content ", error.Message, StringComparison.Ordinal);
        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"a":{"b":["ok","x\u0000"]}}""", "metadata.a.b[1]")]
    [InlineData("""{"a":{"b\u0000":1}}""", "metadata.a key")]
    [InlineData("""{"a":"\ud800"}""", "metadata.a")]
    [InlineData("""{"\udc00":1}""", "metadata has a key")]
    public void Json_is_checked_through_every_key_and_value(string json, string path)
    {
        using var document = JsonDocument.Parse(json);

        var error = Assert.Throws<MemoryValidationException>(() => StorableText.Check(document.RootElement, "metadata"));
        Assert.StartsWith(path, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_scope_id_with_an_unpaired_surrogate_is_refused_rather_than_stored_as_U_FFFD()
    {
        // Two different ids would otherwise meet as the same replacement character in the store.
        Assert.Throws<MemoryValidationException>(() => MemoryScope.Create("ana\ud800", null, null));
        Assert.Equal("ana \U0001F600", MemoryScope.Create("ana \U0001F600", null, null).UserId);
    }
}
