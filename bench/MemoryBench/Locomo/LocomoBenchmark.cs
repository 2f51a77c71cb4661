using System.Diagnostics;
using System.Globalization;
using MemoryCore.Engine;
using MemoryCore.Model;
using MemoryCore.Retrieval;
using Microsoft.Extensions.DependencyInjection;

namespace MemoryBench.Locomo;

/// <summary>
/// LoCoMo retrieval benchmark: ingest every conversation (one memory per turn, its own scope), ask every
/// question of categories 1-4 through <see cref="MemoryService.SearchAsync"/> in each requested mode, and
/// report recall of the evidence turns at 5, 10 and 25 (see <see cref="RecallTally"/>).
/// </summary>
internal static class LocomoBenchmark
{
    public static async Task<int> RunAsync(BenchArgs args)
    {
        var data = args.Get("data") ?? throw new ArgumentException("--data PATH (a LoCoMo-format JSON file) is required.");
        var wanted = args.Get("conversations")?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var modeArg = args.Get("mode"); // none: the configured default (Retrieval:DefaultMode)
        var modes = modeArg is null ? [] : (modeArg == "all" ? SearchModes.Names : modeArg.Split(',', StringSplitOptions.TrimEntries)).Select(SearchModes.Parse).Distinct().ToList();
        var storeKind = args.Get("store", "sqlite");

        var conversations = LocomoDataset.Load(data).Where(c => wanted is null || wanted.Contains(c.SampleId)).ToList();
        if (conversations.Count == 0)
        {
            throw new ArgumentException("No conversation selected.");
        }

        var dataDir = Directory.CreateTempSubdirectory("memory-locomo-").FullName;
        var settings = new Dictionary<string, string?>
        {
            ["MEMORY_DATA_DIR"] = dataDir,
            ["Store:PostgresSchema"] = "locomo_" + Guid.NewGuid().ToString("N")[..8],
        };
        if (args.Get("dimensions") is { } dimensions)
        {
            settings["Embeddings:Dimensions"] = dimensions;
        }

        if (args.Get("fusion") is { } fusion)
        {
            settings["Retrieval:Fusion"] = fusion;
        }

        foreach (var pair in (args.Get("set") ?? string.Empty).Split(';', StringSplitOptions.RemoveEmptyEntries))
        {
            var (key, value) = (pair[..pair.IndexOf('=', StringComparison.Ordinal)], pair[(pair.IndexOf('=', StringComparison.Ordinal) + 1)..]);
            settings[key.Trim()] = value.Trim();
        }

        if (storeKind == "postgres")
        {
            settings["ConnectionStrings:memorydb"] = args.Get("postgres") ?? Environment.GetEnvironmentVariable("MEMORY_TEST_POSTGRES")
                ?? throw new ArgumentException("--postgres CONNECTION_STRING (or MEMORY_TEST_POSTGRES) is required for --store postgres");
        }

        using var host = await BenchHost.StartAsync(settings);
        var memory = host.Services.GetRequiredService<MemoryService>();
        var embedder = host.Services.GetRequiredService<Embedder>();
        var hybrid = host.Services.GetRequiredService<HybridSearch>();
        if (modes.Count == 0)
        {
            modes.Add(hybrid.DefaultMode);
        }

        try
        {
            var started = Stopwatch.GetTimestamp();
            var turnMaps = new Dictionary<string, Dictionary<string, Guid>>();
            foreach (var conversation in conversations)
            {
                turnMaps[conversation.SampleId] = await LocomoIngest.IngestAsync(memory, conversation, CancellationToken.None);
            }

            var turns = conversations.Sum(c => c.Turns.Count);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"store={storeKind} embedder={embedder.Identity.Model}/{embedder.Identity.Dimensions} conversations={string.Join(',', conversations.Select(c => c.SampleId))} turns={turns} ingest={Stopwatch.GetElapsedTime(started).TotalSeconds:F1}s"));

            var reports = new List<LocomoReport>();
            foreach (var mode in modes)
            {
                var signals = string.Join('+', hybrid.SignalsFor(mode).Select(s => s.Signal.Name));
                var (tally, stats, meanMs) = await AskAsync(memory, conversations, turnMaps, mode);
                Console.WriteLine();
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"mode={SearchModes.Name(mode)} signals={signals} questions={tally.Questions} mean search={meanMs:F2} ms"));
                Console.WriteLine(stats);
                Console.Write(tally.Table());
                reports.Add(LocomoReport.From(SearchModes.Name(mode), signals, storeKind, embedder.Identity.Dimensions, conversations, tally, stats) with { Label = modes.Count == 1 ? args.Get("label") : null });
            }

            if (args.Get("json") is { } json)
            {
                LocomoReport.Write(json, reports);
            }

            if (args.Get("chart") is { } chart)
            {
                LocomoChart.Save(chart, reports);
            }

            return 0;
        }
        finally
        {
            await host.StopAsync();
            if (storeKind == "postgres")
            {
                await using var connection = new Npgsql.NpgsqlConnection(settings["ConnectionStrings:memorydb"]);
                await connection.OpenAsync();
                await using var drop = new Npgsql.NpgsqlCommand($"DROP SCHEMA IF EXISTS \"{settings["Store:PostgresSchema"]}\" CASCADE", connection);
                await drop.ExecuteNonQueryAsync();
            }

            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(dataDir, recursive: true);
        }
    }

    private static async Task<(RecallTally Tally, EvidenceStats Stats, double MeanMs)> AskAsync(
        MemoryService memory, IReadOnlyList<LocomoConversation> conversations, Dictionary<string, Dictionary<string, Guid>> turnMaps, SearchMode mode)
    {
        var tally = new RecallTally();
        var stats = new EvidenceStats();
        var elapsed = TimeSpan.Zero;
        foreach (var conversation in conversations)
        {
            var scope = MemoryScope.Create(conversation.SampleId, null, null);
            var turnToMemory = turnMaps[conversation.SampleId];
            foreach (var question in conversation.Questions.Where(q => q.Category is >= 1 and <= 4))
            {
                var evidence = Evidence(question, turnToMemory, stats);
                if (evidence.Count == 0 || string.IsNullOrWhiteSpace(question.Question))
                {
                    stats.QuestionsWithoutEvidence++;
                    continue;
                }

                var started = Stopwatch.GetTimestamp();
                var results = await memory.SearchAsync(new SearchMemoryRequest(question.Question, scope, Limit: RecallTally.Ks[^1], Mode: mode), CancellationToken.None);
                elapsed += Stopwatch.GetElapsedTime(started);
                var ranked = results.Select(r => r.Memory.Id).ToList();
                tally.Add(question.Category, [.. RecallTally.Ks.Select(k => evidence.Count(e => ranked.Take(k).Contains(e)) / (double)evidence.Count)]);
            }
        }

        return (tally, stats, elapsed.TotalMilliseconds / Math.Max(1, tally.Questions));
    }

    /// <summary>For each distinct evidence turn of a question, the memory holding it.</summary>
    private static List<Guid> Evidence(LocomoQuestion question, Dictionary<string, Guid> turnToMemory, EvidenceStats stats)
    {
        var memories = new List<Guid>();
        var turns = new HashSet<string>(StringComparer.Ordinal);
        foreach (var raw in question.Evidence)
        {
            stats.Ids++;
            var ids = EvidenceIds.Parse(raw);
            if (ids.Count == 0)
            {
                stats.Unparseable++;
                continue;
            }

            if (ids.Count > 1 || ids[0] != raw)
            {
                stats.Normalised++;
            }

            foreach (var id in ids.Where(turns.Add))
            {
                if (turnToMemory.TryGetValue(id, out var memoryId))
                {
                    memories.Add(memoryId);
                }
                else
                {
                    stats.MissingTurns++;
                }
            }
        }

        return memories;
    }
}
