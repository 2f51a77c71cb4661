using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace MemoryTests.Api.Hostile;

/// <summary>
/// Hostile input on every route, on both stores: control characters and NUL, unpaired surrogates, huge and negative
/// numbers, deep JSON, wrong types, oversized bodies, fields and lists, malformed JSON, wrong content types, bad ids in
/// paths and query strings. Each gets a 4xx problem (the exact status is part of the case), never a 5xx, and nothing
/// stored changes.
/// </summary>
public abstract partial class HostileInputTests(HostileApi api)
{
    public static TheoryData<string> Cases => HostileCatalog.Names;

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Hostile_input_is_a_4xx_problem_and_changes_nothing(string name)
    {
        await api.StartAsync();
        var hostile = HostileCatalog.All[name];
        var before = await api.FingerprintAsync();

        using var request = new HttpRequestMessage(new HttpMethod(hostile.Method), Fill(hostile.Path));
        if (hostile.RawBody is not null || hostile.Body is not null)
        {
            request.Content = new ByteArrayContent(hostile.RawBody ?? Encoding.UTF8.GetBytes(Fill(hostile.Body!)));
            request.Content.Headers.ContentType = hostile.ContentType is null ? null : MediaTypeHeaderValue.Parse(hostile.ContentType);
        }

        foreach (var (header, value) in hostile.Headers)
        {
            request.Headers.TryAddWithoutValidation(header, value);
        }

        using var response = await api.Client.SendAsync(request, TestContext.Current.CancellationToken);
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        var status = (int)response.StatusCode;

        Assert.True(status == hostile.Expected, $"expected {hostile.Expected}, got {status}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(body);
        Assert.Equal(status, problem.RootElement.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrWhiteSpace(problem.RootElement.GetProperty("title").GetString()));
        Assert.True(problem.RootElement.TryGetProperty("type", out _), "a problem names its type");
        Assert.Equal(before, await api.FingerprintAsync());
    }

    private string Fill(string text) => text.Replace("{seed}", api.SeedId, StringComparison.Ordinal).Replace("{history}", api.HistoryId, StringComparison.Ordinal);
}

public sealed class SqliteHostileInputTests(SqliteHostileApi api) : HostileInputTests(api), IClassFixture<SqliteHostileApi>;

public sealed class PostgresHostileInputTests(PostgresHostileApi api) : HostileInputTests(api), IClassFixture<PostgresHostileApi>;
