using CaseHub.Core.Common;
using CaseHub.Core.Notes;
using CaseHub.Core.Retention;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace CaseHub.Core.Rooms;

/// <summary>The live meeting engine every meeting type runs on, with the network-meeting protocol; the chair watch; the
/// meetings' one life cycle (scheduler, meeting types, preparation reminders).</summary>
public sealed class RoomsModule : ICaseHubModule
{
    public void AddServices(IServiceCollection services, IConfiguration configuration)
    {
        services.AddValidatedOptions<RoomOptions>(configuration, RoomOptions.Section);
        services.AddSingleton<IProtocolSource, NetworkMeetingProtocol>();
        services.AddSingleton<ProtocolCatalog>();
        services.AddScoped<RoomEngine>();
        services.AddScoped<RoomService>();
        services.AddScoped<IdeaBoards>();
        services.AddScoped<MinutesService>();
        services.TryAddScoped<IRoomNotes, NoRoomNotes>();
        services.AddScoped<MeetingScheduler>();
        services.AddScoped<MeetingTypes>();
        services.AddScoped<IMeetingType, NetworkMeetingType>();
        services.AddValidatedOptions<MeetingOptions>(configuration, MeetingOptions.Section);
        services.AddScoped<PreparationReminders>();
        services.AddSingleton<PreparationReminderWorker>();
        services.AddHostedService(sp => sp.GetRequiredService<PreparationReminderWorker>());
        services.AddScoped<RoomQueries>();
        services.AddScoped<RoomGates>();
        services.AddScoped<Calendar.ICalendarReplyListener, RoomCalendarReplies>();
        services.AddScoped<INotesAccessPolicy, RoomNotesAccess>();
        services.AddScoped<IRetentionRule, RoomNotesRule>();
        services.AddSingleton<ChairWatch>();
        services.AddHostedService(sp => sp.GetRequiredService<ChairWatch>());
    }
}
