using CaseHub.Core.Rooms;
using Microsoft.EntityFrameworkCore;

namespace CaseHub.Core.Data;

public partial class CaseHubDbContext
{
    public DbSet<Room> Rooms => Set<Room>();
    public DbSet<RoomPhase> RoomPhases => Set<RoomPhase>();
    public DbSet<RoomParticipant> RoomParticipants => Set<RoomParticipant>();
    public DbSet<Decision> Decisions => Set<Decision>();
    public DbSet<ActionItem> ActionItems => Set<ActionItem>();
    public DbSet<RoomConnection> RoomConnections => Set<RoomConnection>();
    public DbSet<Vote> Votes => Set<Vote>();
    public DbSet<Ballot> Ballots => Set<Ballot>();
    public DbSet<IdeaBoard> IdeaBoards => Set<IdeaBoard>();
    public DbSet<IdeaCard> IdeaCards => Set<IdeaCard>();
    public DbSet<IdeaCardGroup> IdeaCardGroups => Set<IdeaCardGroup>();
    public DbSet<IdeaDot> IdeaDots => Set<IdeaDot>();
}
