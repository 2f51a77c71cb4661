using ScottPlot;

namespace MemoryBench.Locomo;

/// <summary>A grouped bar chart of recall@5/10/25 per mode (PNG), with the DRAGON dense-retriever anchor.</summary>
internal static class LocomoChart
{
    /// <summary>LoCoMo paper, Table 3, DRAGON over dialogue turns, all 10 conversations: recall@10.</summary>
    private const double DragonRecallAt10 = 66.2;

    public static void Save(string path, IReadOnlyList<LocomoReport> reports)
    {
        var plot = new Plot();
        var palette = new ScottPlot.Palettes.Category10();
        var bars = new List<Bar>();
        var ticks = new List<Tick>();
        var groupWidth = RecallTally.Ks.Length + 1;
        for (var m = 0; m < reports.Count; m++)
        {
            for (var k = 0; k < RecallTally.Ks.Length; k++)
            {
                var value = 100 * reports[m].Recall[RecallTally.Ks[k].ToString(System.Globalization.CultureInfo.InvariantCulture)];
                bars.Add(new Bar
                {
                    Position = (m * groupWidth) + k,
                    Value = value,
                    FillColor = palette.GetColor(k),
                    Label = value.ToString("F1", System.Globalization.CultureInfo.InvariantCulture),
                });
            }

            ticks.Add(new Tick((m * groupWidth) + ((RecallTally.Ks.Length - 1) / 2.0), $"{reports[m].Label ?? reports[m].Mode}\n({reports[m].Signals})"));
        }

        var barPlot = plot.Add.Bars(bars);
        barPlot.ValueLabelStyle.FontSize = 11;
        var anchor = plot.Add.HorizontalLine(DragonRecallAt10);
        anchor.LinePattern = LinePattern.Dashed;
        anchor.Color = Colors.Gray;
        anchor.LegendText = $"DRAGON recall@10 ({DragonRecallAt10}, 10 conversations)";
        for (var k = 0; k < RecallTally.Ks.Length; k++)
        {
            plot.Legend.ManualItems.Add(new LegendItem { LabelText = $"recall@{RecallTally.Ks[k]}", FillColor = palette.GetColor(k) });
        }

        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual([.. ticks]);
        plot.Axes.Bottom.MajorTickStyle.Length = 0;
        plot.Axes.SetLimitsY(0, 100);
        plot.Axes.Left.Label.Text = "recall of evidence turns (%)";
        var first = reports[0];
        plot.Title($"LoCoMo: recall of evidence turns, {first.Questions} questions (categories 1-4), {first.Conversations.Count} conversations, {first.Store}", size: 13);
        plot.Axes.Bottom.Label.Text = $"mode (signals); offline hashing embedder, {first.Dimensions} dimensions";
        plot.Legend.Alignment = Alignment.UpperLeft;
        plot.ShowLegend();
        plot.SavePng(path, 1000, 560);
        Console.WriteLine($"chart: {path}");
    }
}
