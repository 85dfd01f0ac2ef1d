using System.Reflection;
using CaseHub.Core.Conferences;
using CaseHub.Core.Data;
using CaseHub.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc.Razor;
using Microsoft.AspNetCore.Mvc.RazorPages;
using CasePage = CaseHub.Web.Pages.Conferences.CaseModel;

namespace CaseHub.Unit.Tests.Architecture;

/// <summary>
/// The web layer stays thin, checked on the compiled web assembly (see <see cref="TypeReferences"/>): page models, the
/// Razor views and the minimal-API endpoints call Core's query and command classes (e.g. <c>Conferences/CaseQueries</c>,
/// <c>Accounts/People</c>); none uses the DbContext or Entity Framework Core's query API (DbSet, Include, ToListAsync…).
/// Access checks stay with the handlers that call Core. A failure names each offending type and what it uses.
/// </summary>
public class ThinPagesTests
{
    private static readonly Assembly WebAssembly = typeof(CaseHubPageModel).Assembly;

    /// <summary>The DbContext, and every type of EF Core (its namespace and those below it).</summary>
    private static bool IsDataAccess(Type t)
        => t == typeof(CaseHubDbContext) || t.IsSubclassOf(typeof(Microsoft.EntityFrameworkCore.DbContext))
           || t.Namespace is { } ns && (ns == "Microsoft.EntityFrameworkCore" || ns.StartsWith("Microsoft.EntityFrameworkCore.", StringComparison.Ordinal));

    private static IEnumerable<Type> PageModels => WebAssembly.GetTypes().Where(t => !t.IsNested && typeof(PageModel).IsAssignableFrom(t));

    [Fact]
    public void Page_models_use_neither_the_DbContext_nor_EF_Core_queries()
        => Assert.Empty(Violations(PageModels));

    [Fact]
    public void Views_use_neither_the_DbContext_nor_EF_Core_queries()
        => Assert.Empty(Violations(WebAssembly.GetTypes().Where(t => !t.IsNested && typeof(RazorPageBase).IsAssignableFrom(t))));

    [Fact]
    public void Endpoints_use_neither_the_DbContext_nor_EF_Core_queries()
        => Assert.Empty(Violations(WebAssembly.GetTypes().Where(t => !t.IsNested && t.Namespace == "CaseHub.Web.Endpoints")));

    [Fact]
    public void The_checker_sees_every_page_model_and_what_its_handlers_call()
    {
        var pages = PageModels.ToList();
        // The base pages and the pages themselves are found (not an empty, trivially clean list).
        Assert.Contains(typeof(CaseHubPageModel), pages);
        Assert.Contains(typeof(CasePage), pages);
        Assert.True(pages.Count > 50, $"only {pages.Count} page models found");
        // A Core query class called inside an async handler (a state machine nested in the page) is seen.
        Assert.Contains(typeof(CaseQueries), TypeReferences.Of(typeof(CasePage)));
        // EF Core's query extensions are recognised as data access wherever they appear (here: in a Core query class).
        Assert.Contains(TypeReferences.Of(typeof(CaseQueries)), IsDataAccess);
    }

    /// <summary>"Type → used type" for each of <paramref name="types"/> (with its nested types) that uses data access.</summary>
    private static List<string> Violations(IEnumerable<Type> types)
        => types.SelectMany(t => TypeReferences.Of(t).Where(IsDataAccess).Select(u => $"{t.FullName} → {u.FullName}")).Order().ToList();
}
