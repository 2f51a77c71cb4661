using System.Globalization;
using System.Text;

namespace MemoryTests.Api.Security.Isolation;

/// <summary>Counts probes per route and per outcome (status class and target), keeps the failures, and prints the
/// table docs/security.md quotes. Thread-safe: probes run concurrently.</summary>
internal sealed class IsolationTally
{
    private const int MaxReported = 25;

    private readonly Lock _lock = new();
    private readonly SortedDictionary<string, RouteCounts> _routes = new(StringComparer.Ordinal);
    private readonly Dictionary<ProbeTarget, int> _targets = [];
    private readonly List<string> _failures = [];

    public int Probes { get; private set; }

    public int Leaks { get; private set; }

    public int ServerErrors { get; private set; }

    public int FailureCount => _failures.Count;

    public IReadOnlyCollection<string> RoutesProbed => _routes.Keys;

    public void Record(IsolationProbe probe, int status, IReadOnlyList<string> failures, int shown)
    {
        lock (_lock)
        {
            Probes++;
            if (!_routes.TryGetValue(probe.Route, out var counts))
            {
                _routes[probe.Route] = counts = new RouteCounts();
            }

            counts.Add(status, shown);
            _targets[probe.Target] = _targets.GetValueOrDefault(probe.Target) + 1;
            Leaks += failures.Count(f => f.StartsWith("LEAK", StringComparison.Ordinal));
            ServerErrors += status >= 500 ? 1 : 0;
            _failures.AddRange(failures.Select(f => $"{f}\n    probe: {probe}"));
        }
    }

    public void Fail(string failure)
    {
        lock (_lock)
        {
            _failures.Add(failure);
        }
    }

    public string Table(string store, int seed, TimeSpan elapsed)
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"Isolation probes on {store}: {Probes} probes, seed {seed}, {elapsed.TotalSeconds:F1} s; leaks {Leaks}, 5xx {ServerErrors}, failures {_failures.Count}\n");
        text.Append(CultureInfo.InvariantCulture, $"{"route",-44} {"probes",7} {"2xx",6} {"403",6} {"404",6} {"other",6} {"showed",7}\n");
        foreach (var (route, c) in _routes)
        {
            text.Append(CultureInfo.InvariantCulture, $"{route,-44} {c.Total,7} {c.Ok,6} {c.Forbidden,6} {c.NotFound,6} {c.Other,6} {c.Showed,7}\n");
        }

        text.Append("showed = answers with seeded text in them (every token allowed); ");
        text.Append("targets: ").AppendJoin(", ", _targets.OrderBy(t => t.Key).Select(t => $"{t.Key} {t.Value}")).Append('\n');
        return text.ToString();
    }

    public string FailureReport(int seed) =>
        $"{_failures.Count} failures (leaks {Leaks}, 5xx {ServerErrors}); replay with ISOLATION_PROBES_SEED={seed}. First {Math.Min(MaxReported, _failures.Count)}:\n"
        + string.Join("\n", _failures.Take(MaxReported));

    private sealed class RouteCounts
    {
        public int Total { get; private set; }

        public int Ok { get; private set; }

        public int Forbidden { get; private set; }

        public int NotFound { get; private set; }

        public int Other { get; private set; }

        /// <summary>Answers that showed seeded text (all of it allowed): the probes that could have leaked something.</summary>
        public int Showed { get; private set; }

        public void Add(int status, int shown)
        {
            Total++;
            Showed += shown > 0 ? 1 : 0;
            _ = status switch
            {
                >= 200 and < 300 => Ok++,
                403 => Forbidden++,
                404 => NotFound++,
                _ => Other++,
            };
        }
    }
}
