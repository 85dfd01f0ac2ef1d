namespace CaseHub.Web.Endpoints;

/// <summary>Every feature's HTTP endpoints (non-page), one line each.</summary>
public static class EndpointMap
{
    public static IEndpointRouteBuilder MapCaseHubEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapLanguageEndpoints();
        app.MapCalendarEndpoints();
        app.MapDiscoveryDayEndpoints();
        return app;
    }
}
