using CaseHub.Core.Common;
using CaseHub.Core.Privacy;

namespace CaseHub.Core.Tests;

/// <summary>Reads a guard refusal (<see cref="TextGuard"/>): the one finding it holds, as "Kind" or "Kind.Possible".</summary>
internal static class PiiAssert
{
    public static string Pii(this DomainException ex)
    {
        Assert.Equal("Privacy.Error.Found", ex.TextKey);
        var f = Assert.Single(Assert.Single(ex.PiiFindings!).Findings);
        return f.Kind + (f.Confidence == PiiConfidence.Low ? ".Possible" : "");
    }

    /// <summary>The masked preview of the one finding (what the user is shown instead of the value).</summary>
    public static string PiiPreview(this DomainException ex) => Assert.Single(Assert.Single(ex.PiiFindings!).Findings).Masked;
}
