namespace SimpleContainer.Security.Benchmarks.Evaluation;

/// <summary>The median and its distribution-free 95% confidence interval (order statistics n/2 ± 0.98·√n).</summary>
internal static class Statistics
{
    public static double Median(IReadOnlyList<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }

    public static (double Low, double High) MedianConfidenceInterval(IReadOnlyList<double> values)
    {
        var sorted = values.Order().ToList();
        var n = sorted.Count;
        var low = Math.Max(1, (int)Math.Floor((n / 2.0) - (0.98 * Math.Sqrt(n))));
        var high = Math.Min(n, (int)Math.Ceiling((n / 2.0) + 1 + (0.98 * Math.Sqrt(n))));
        return (sorted[low - 1], sorted[high - 1]);
    }
}
