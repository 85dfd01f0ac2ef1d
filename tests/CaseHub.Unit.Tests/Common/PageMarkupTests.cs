namespace CaseHub.Unit.Tests.Common;

/// <summary>Markup rules the Content-Security-Policy depends on, checked on every page source.</summary>
public class PageMarkupTests
{
    private static IEnumerable<(string File, string Text)> Pages()
        => Directory.EnumerateFiles(Path.Combine(TestPaths.Root, "src", "CaseHub.Web", "Pages"), "*.cshtml", SearchOption.AllDirectories)
            .Select(f => (Path.GetRelativePath(TestPaths.Root, f), File.ReadAllText(f)));

    [Fact]
    public void No_page_uses_the_framework_validation_summary_whose_markup_carries_an_inline_style()
        => Assert.Empty(Pages().Where(p => p.Text.Contains("asp-validation-summary")).Select(p => p.File));

    [Fact]
    public void No_page_has_inline_script_handlers_or_style_attributes()
    {
        var offenders = Pages().Where(p => System.Text.RegularExpressions.Regex.IsMatch(p.Text, @"<[^>@]+\s(style|onclick|onload|onsubmit|onchange|oninput)\s*=")).Select(p => p.File);
        Assert.Empty(offenders);
    }
}
