using System.Globalization;
using CaseHub.Core.Localization;
using CaseHub.Core.Privacy;
using Microsoft.AspNetCore.Mvc.Filters;

namespace CaseHub.Web.Infrastructure;

/// <summary>
/// The web side of the one identifying-data guard experience (Core's <see cref="TextGuard"/>): every form with free
/// text places <c>&lt;partial name="_PiiGuard" model="handler" /&gt;</c> inside itself; a refused post re-renders with
/// every finding highlighted in place, its masked preview, a "keep because…" field per finding and "mask all". The
/// author's choices come back as <c>PiiGuard.MaskAll</c> and <c>PiiGuard.Kept[i].Field/Kind/Masked/Reason</c>, read by
/// <see cref="PiiChoicesPageFilter"/> into <see cref="PiiChoices"/> before any handler runs. Works without JavaScript.
/// </summary>
public static class PiiGuardForm
{
    public const string Prefix = "PiiGuard.";
    private const string ItemsKey = "CaseHub.PiiFindings";
    private const int MaxKept = 50;

    /// <summary>Keeps a refusal's findings for the form's partial; <paramref name="fieldPrefix"/> is the form's binding prefix.</summary>
    public static void Remember(HttpContext context, string fieldPrefix, IReadOnlyList<FieldFindings> findings)
        => context.Items[ItemsKey] = (fieldPrefix, findings);

    public static (string Prefix, IReadOnlyList<FieldFindings> Findings)? Of(HttpContext context)
        => context.Items.TryGetValue(ItemsKey, out var v) && v is (string p, IReadOnlyList<FieldFindings> f) ? (p, f) : null;

    /// <summary>One message naming every finding (kind and masked preview), in the reader's language: a form's error
    /// line and a hub refusal say the same.</summary>
    public static string Describe(TextCatalog texts, string lang, IReadOnlyList<FieldFindings> findings)
    {
        var all = findings.SelectMany(f => f.Findings).ToList();
        var items = all.Select(f => texts.Format("Privacy.Guard.Item", lang, texts.Get(f.LabelKey, lang), f.Masked));
        return texts.Format("Privacy.Error.Found", lang, all.Count) + " " + string.Join(" · ", items);
    }

    /// <summary>A field's text cut into plain and flagged parts, to show every finding in place.</summary>
    public static IEnumerable<(string Text, PiiFinding? Finding)> Segments(FieldFindings field)
    {
        var text = field.Text;
        var pos = 0;
        foreach (var f in field.Findings.OrderBy(f => f.Start))
        {
            if (f.End > text.Length || f.Start < pos) continue;
            if (f.Start > pos) yield return (text[pos..f.Start], null);
            yield return (text[f.Start..f.End], f);
            pos = f.End;
        }
        if (pos < text.Length) yield return (text[pos..], null);
    }

    /// <summary>Reads the author's choices from a posted form (bad or partial entries are ignored: the guard refuses again).</summary>
    public static void Read(IFormCollection form, PiiChoices choices)
    {
        choices.MaskAll = string.Equals(form[Prefix + "MaskAll"], "true", StringComparison.OrdinalIgnoreCase);
        for (var i = 0; i < MaxKept; i++)
        {
            var key = Prefix + "Kept[" + i.ToString(CultureInfo.InvariantCulture) + "].";
            if (!form.ContainsKey(key + "Field")) break;
            if (!Enum.TryParse<PiiKind>(form[key + "Kind"], out var kind) || !Enum.IsDefined(kind)) continue;
            var reason = form[key + "Reason"].ToString();
            if (string.IsNullOrWhiteSpace(reason)) continue;
            choices.Kept.Add(new KeptFinding(form[key + "Field"].ToString(), kind, form[key + "Masked"].ToString(), reason));
        }
    }
}

/// <summary>Before a page handler: the author's guard choices of the posted form into the request's <see cref="PiiChoices"/>.</summary>
public sealed class PiiChoicesPageFilter(PiiChoices choices) : IAsyncPageFilter
{
    public Task OnPageHandlerSelectionAsync(PageHandlerSelectedContext context) => Task.CompletedTask;

    public async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        var request = context.HttpContext.Request;
        if (HttpMethods.IsPost(request.Method) && request.HasFormContentType)
        {
            try
            {
                PiiGuardForm.Read(await request.ReadFormAsync(context.HttpContext.RequestAborted), choices);
            }
            catch (InvalidDataException)
            {
                // A body that cannot be read as a form (e.g. a null character in a value): model binding has already
                // refused it with a message; there are no guard choices to take from it.
            }
        }
        await next();
    }
}
