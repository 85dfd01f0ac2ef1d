using System.Diagnostics.CodeAnalysis;

// The pages anyone may open without an account (booking, feedback, a partner's link) live under Pages/Public, so their
// namespaces say "Public" (CaseHub.Web.Pages.Public.*): only C# code inside this project names them, and Visual Basic
// callers, whom CA1716 protects, do not exist for a web host.
[assembly: SuppressMessage("Naming", "CA1716:Identifiers should not match keywords", Scope = "namespaceanddescendants",
    Target = "~N:CaseHub.Web.Pages.Public", Justification = "Folder of the public pages; never used from Visual Basic.")]
