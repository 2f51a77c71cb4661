using ScottPlot;

namespace MemoryBench;

/// <summary>Search latency against scope size (log scale), p50/p95/p99 of the engine path, with the 10 ms target.</summary>
internal static class ScaleChart
{
    public static void Save(string path, IReadOnlyList<ScaleRow> rows, string subtitle)
    {
        var plot = new Plot();
        var xs = rows.Select(r => Math.Log10(r.ScopeSize)).ToArray();
        (string Label, Func<ScaleRow, double> Value)[] series = [("p50", r => r.Engine.P50), ("p95", r => r.Engine.P95), ("p99", r => r.Engine.P99)];
        foreach (var (label, value) in series)
        {
            var line = plot.Add.Scatter(xs, rows.Select(value).ToArray());
            line.LegendText = label;
            line.MarkerSize = 8;
        }

        var target = plot.Add.HorizontalLine(10);
        target.LinePattern = LinePattern.Dashed;
        target.Color = Colors.Gray;
        target.LegendText = "p95 target (10 ms)";
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(
            [.. rows.Select(r => new Tick(Math.Log10(r.ScopeSize), $"{r.Class}\n{r.ScopeSize:N0}"))]);
        plot.Axes.Bottom.Label.Text = "memories in the searched scope (log scale)";
        plot.Axes.Left.Label.Text = "search latency, server-side (ms)";
        plot.Axes.SetLimitsY(0, Math.Max(12, rows.Max(r => r.Engine.P99) * 1.15));
        plot.Title($"Scoped search latency against scope size\n{subtitle}", size: 13);
        plot.Legend.Alignment = Alignment.UpperLeft;
        plot.ShowLegend();
        plot.SavePng(path, 900, 520);
        Console.WriteLine($"chart: {path}");
    }
}
