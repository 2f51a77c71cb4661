namespace MemoryBench.Locomo;

/// <summary>locomo-chart: one chart from the --json outputs of several runs (e.g. modes measured separately).</summary>
internal static class LocomoChartCommand
{
    public static int Run(BenchArgs args)
    {
        var inputs = (args.Get("inputs") ?? throw new ArgumentException("--inputs A.json,B.json is required."))
            .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var output = args.Get("out") ?? throw new ArgumentException("--out OUT.png is required.");
        LocomoChart.Save(output, [.. inputs.SelectMany(LocomoReport.Read)]);
        return 0;
    }
}
