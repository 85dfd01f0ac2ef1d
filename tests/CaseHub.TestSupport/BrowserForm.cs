using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;

namespace CaseHub.TestSupport;

/// <summary>
/// One form of a page as a browser would submit it: every field with the value the page put in it (hidden fields and
/// the antiforgery token included, checked boxes only, selected options), then the fields a user changes. Lets a
/// client fill long forms the way a person does — leaving the defaults the page offers — without listing every field.
/// </summary>
public sealed class BrowserForm
{
    private readonly List<KeyValuePair<string, string>> _fields;

    public string Action { get; }
    public IDocument Page { get; }

    private BrowserForm(IDocument page, string action, List<KeyValuePair<string, string>> fields)
    {
        Page = page;
        Action = action;
        _fields = fields;
    }

    public IReadOnlyList<KeyValuePair<string, string>> Fields => _fields;

    public static IDocument Parse(string html) => new HtmlParser().ParseDocument(html);

    /// <summary>GETs <paramref name="pageUrl"/> and takes its first form whose action contains <paramref name="actionContains"/>
    /// (null: the first POST form of the main content), or whose id is <paramref name="actionContains"/> prefixed with '#'.</summary>
    public static async Task<BrowserForm> OpenAsync(FormClient client, string pageUrl, string? actionContains = null)
    {
        using var response = await client.GetAsync(pageUrl);
        var html = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode)
            throw new InvalidOperationException($"GET {pageUrl}: {(int)response.StatusCode}");
        return From(html, pageUrl, actionContains);
    }

    public static BrowserForm From(string html, string pageUrl, string? actionContains = null)
    {
        var page = Parse(html);
        var forms = page.QuerySelectorAll("main form").Concat(page.QuerySelectorAll("form")).OfType<IHtmlFormElement>()
            .Where(f => string.Equals(f.Method, "post", StringComparison.OrdinalIgnoreCase)).Distinct().ToList();
        var form = actionContains switch
        {
            null => forms.FirstOrDefault(),
            ['#', .. var id] => forms.FirstOrDefault(f => f.Id == id),
            _ => forms.FirstOrDefault(f => (f.GetAttribute("action") ?? "").Contains(actionContains, StringComparison.OrdinalIgnoreCase)),
        } ?? throw new InvalidOperationException($"No POST form '{actionContains}' on {pageUrl}. Forms: "
                                                 + string.Join(", ", forms.Select(f => f.GetAttribute("action") ?? "(same page)")));
        var action = form.GetAttribute("action") is { Length: > 0 } a ? System.Net.WebUtility.HtmlDecode(a) : pageUrl;
        return new BrowserForm(page, action, Collect(form));
    }

    private static List<KeyValuePair<string, string>> Collect(IHtmlFormElement form)
    {
        var fields = new List<KeyValuePair<string, string>>();
        foreach (var element in form.Elements)
        {
            switch (element)
            {
                case IHtmlInputElement input when !string.IsNullOrEmpty(input.Name) && !input.IsDisabled:
                    var type = (input.Type ?? "text").ToLowerInvariant();
                    if (type is "submit" or "button" or "image" or "reset" or "file") break;
                    if (type is "checkbox" or "radio" && !input.IsChecked) break;
                    fields.Add(new(input.Name, type is "checkbox" or "radio" ? input.GetAttribute("value") ?? "on" : input.Value));
                    break;
                case IHtmlSelectElement select when !string.IsNullOrEmpty(select.Name) && !select.IsDisabled:
                    var selected = select.Options.Where(o => o.IsSelected).ToList();
                    if (selected.Count == 0 && !select.IsMultiple && select.Options.Length > 0) selected.Add(select.Options[0]!);
                    foreach (var o in selected) fields.Add(new(select.Name, o.Value));
                    break;
                case IHtmlTextAreaElement area when !string.IsNullOrEmpty(area.Name) && !area.IsDisabled:
                    fields.Add(new(area.Name, area.Value));
                    break;
            }
        }
        return fields;
    }

    /// <summary>Replaces every value of <paramref name="name"/> with <paramref name="values"/> (none: the field is left out, like an unticked box).</summary>
    public BrowserForm Set(string name, params string[] values)
    {
        _fields.RemoveAll(f => f.Key == name);
        foreach (var v in values) _fields.Add(new(name, v));
        return this;
    }

    public string? Value(string name) => _fields.Where(f => f.Key == name).Select(f => f.Value).FirstOrDefault();

    /// <summary>The options of a select (value, text), empty values left out.</summary>
    public IReadOnlyList<(string Value, string Text)> Options(string selectName)
        => Page.QuerySelectorAll("select").OfType<IHtmlSelectElement>().Where(s => s.Name == selectName)
            .SelectMany(s => s.Options).Where(o => o.Value.Length > 0).Select(o => (o.Value, o.Text.Trim())).ToList();

    /// <summary>The value of the checkbox or radio named <paramref name="name"/> whose <paramref name="attribute"/> is <paramref name="attributeValue"/> (e.g. data-email).</summary>
    public string CheckboxValue(string name, string attribute, string attributeValue)
        => Page.QuerySelectorAll("input").OfType<IHtmlInputElement>()
               .FirstOrDefault(i => i.Name == name && string.Equals(i.GetAttribute(attribute), attributeValue, StringComparison.OrdinalIgnoreCase))?.Value
           ?? throw new InvalidOperationException($"No input {name} with {attribute}={attributeValue}");

    public Task<HttpResponseMessage> PostAsync(FormClient client) => client.Http.PostAsync(Action, new FormUrlEncodedContent(_fields));
}
