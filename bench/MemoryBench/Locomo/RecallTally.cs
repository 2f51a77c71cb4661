using System.Globalization;
using System.Text;

namespace MemoryBench.Locomo;

/// <summary>
/// Recall of evidence turns. Per question, recall@k = |evidence turns among the top k results| / |evidence
/// turns| (its distinct, parseable evidence ids that name a turn of the conversation); the figure reported
/// is the mean over questions, overall and per category. Questions left with no usable evidence are not
/// averaged; they are counted in <see cref="EvidenceStats"/>.
/// </summary>
internal sealed class RecallTally
{
    public static readonly int[] Ks = [5, 10, 25];

    private readonly SortedDictionary<int, (int Count, double[] Sums)> _byCategory = [];

    public void Add(int category, double[] recallAtK)
    {
        var (count, sums) = _byCategory.TryGetValue(category, out var entry) ? entry : (0, new double[Ks.Length]);
        for (var i = 0; i < Ks.Length; i++)
        {
            sums[i] += recallAtK[i];
        }

        _byCategory[category] = (count + 1, sums);
    }

    public int Questions => _byCategory.Values.Sum(e => e.Count);

    public IEnumerable<int> Categories => _byCategory.Keys;

    public int QuestionsIn(int category) => _byCategory[category].Count;

    public double Recall(int kIndex) => _byCategory.Values.Sum(e => e.Sums[kIndex]) / Math.Max(1, Questions);

    public double Recall(int category, int kIndex) => _byCategory[category].Sums[kIndex] / _byCategory[category].Count;

    public static string CategoryName(int category) => category switch
    {
        1 => "multi-hop",
        2 => "temporal",
        3 => "open-domain",
        4 => "single-hop",
        5 => "adversarial",
        _ => "other",
    };

    public string Table()
    {
        var text = new StringBuilder();
        text.AppendLine("| category | questions | R@5 | R@10 | R@25 |");
        text.AppendLine("|---|---:|---:|---:|---:|");
        foreach (var category in Categories)
        {
            text.AppendLine(Row($"{category} {CategoryName(category)}", QuestionsIn(category), k => Recall(category, k)));
        }

        text.AppendLine(Row("**all (1-4)**", Questions, Recall));
        return text.ToString();
    }

    private static string Row(string label, int questions, Func<int, double> recall) =>
        string.Create(CultureInfo.InvariantCulture, $"| {label} | {questions} | {100 * recall(0):F1} | {100 * recall(1):F1} | {100 * recall(2):F1} |");
}

/// <summary>How the evidence ids of the asked questions looked (see <see cref="EvidenceIds"/>).</summary>
internal sealed class EvidenceStats
{
    public int Ids { get; set; }

    /// <summary>Malformed but parseable (rewritten, or split into several ids).</summary>
    public int Normalised { get; set; }

    /// <summary>Nothing parseable in the string.</summary>
    public int Unparseable { get; set; }

    /// <summary>Parseable, but no such turn in the conversation.</summary>
    public int MissingTurns { get; set; }

    /// <summary>Questions of categories 1-4 left without any usable evidence (not averaged).</summary>
    public int QuestionsWithoutEvidence { get; set; }

    public override string ToString() =>
        $"evidence ids {Ids}: {Normalised} normalised, {Unparseable} unparseable, {MissingTurns} naming no turn; {QuestionsWithoutEvidence} questions without usable evidence (left out)";
}
