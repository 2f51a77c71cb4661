using System.Globalization;
using System.Text;
using System.Text.Json;

namespace MemoryBench;

/// <summary>
/// A synthetic import file in JSON Lines: <c>huge</c> people with <c>hugeSize</c> memories each, <c>medium</c> people with
/// <c>mediumSize</c> each, and the rest of <c>total</c> spread over small people (person-0 …), person by person as an
/// export would list them. Texts are <see cref="SyntheticFacts"/> made unique by their line number, so none is a duplicate.
/// Deterministic: the same arguments write the same file.
/// </summary>
internal sealed record ScaleDataset(long Total, int People, int Huge, int HugeSize, int Medium, int MediumSize)
{
    public static ScaleDataset From(BenchArgs args) => new(
        long.Parse(args.Get("total", "100000"), CultureInfo.InvariantCulture), args.GetInt("people", 1_000),
        args.GetInt("huge", 0), args.GetInt("huge-size", 100_000), args.GetInt("medium", 0), args.GetInt("medium-size", 5_000));

    public static string HugeUser(int i) => $"huge-{i}";

    public static string MediumUser(int i) => $"medium-{i}";

    public static string SmallUser(int i) => $"person-{i}";

    /// <summary>Each scope's user id and size, in file order.</summary>
    public IEnumerable<(string UserId, long Size)> Scopes()
    {
        for (var i = 0; i < Huge; i++)
        {
            yield return (HugeUser(i), HugeSize);
        }

        for (var i = 0; i < Medium; i++)
        {
            yield return (MediumUser(i), MediumSize);
        }

        var small = People - Huge - Medium;
        var rest = Total - ((long)Huge * HugeSize) - ((long)Medium * MediumSize);
        if (small < 1 || rest < small)
        {
            throw new ArgumentException("--total leaves too few memories for the small people.");
        }

        for (var i = 0; i < small; i++)
        {
            yield return (SmallUser(i), (rest / small) + (i < rest % small ? 1 : 0));
        }
    }

    public async Task WriteAsync(string path)
    {
        var facts = new SyntheticFacts(seed: 7);
        var line = 0L;
        await using var file = new StreamWriter(path, append: false, new UTF8Encoding(false), bufferSize: 1 << 20);
        foreach (var (userId, size) in Scopes())
        {
            for (var i = 0; i < size; i++)
            {
                line++;
                var text = $"{facts.Next()} #{line.ToString(CultureInfo.InvariantCulture)}";
                await file.WriteLineAsync(JsonSerializer.Serialize(new { memory = text, user_id = userId, metadata = new { source = "bench" } }));
            }
        }
    }
}
