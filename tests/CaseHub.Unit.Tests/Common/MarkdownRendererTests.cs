using CaseHub.Core.Common;

namespace CaseHub.Unit.Tests.Common;

public class MarkdownRendererTests
{
    private readonly MarkdownRenderer _renderer = new();

    [Fact]
    public void Markdown_becomes_html()
    {
        var html = _renderer.ToHtml("# Titre\n\n- **un** point\n- [lien](https://example.org)");
        Assert.Contains("<h1", html);
        Assert.Contains("<strong>un</strong>", html);
        Assert.Contains("href=\"https://example.org\"", html);
        Assert.Contains("rel=\"noopener noreferrer nofollow\"", html);
    }

    [Theory]
    [InlineData("<script>alert(1)</script>")]
    [InlineData("<img src=x onerror=alert(1)>")]
    [InlineData("[x](javascript:alert(1))")]
    [InlineData("<a href=\"javascript:alert(1)\">x</a>")]
    [InlineData("<iframe src=\"https://evil.example\"></iframe>")]
    public void Raw_html_and_script_never_come_through(string input)
    {
        var html = _renderer.ToHtml(input);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        // Escaped text ("&lt;img onerror=…") is harmless; what must never exist is a live tag or attribute.
        Assert.DoesNotMatch("(?i)<[^>]*\\son\\w+=", html);
        Assert.DoesNotMatch("(?i)<a[^>]*href=\"\\s*javascript:", html);
        Assert.DoesNotContain("<iframe", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<img", html, StringComparison.OrdinalIgnoreCase);
    }
}
