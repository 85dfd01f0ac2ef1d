using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace CaseHub.Migrations.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class Initial : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "AccountTokens",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    UserId = table.Column<Guid>(type: "uuid", nullable: false),
                    Purpose = table.Column<int>(type: "integer", nullable: false),
                    TokenHash = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    ExpiresAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    UsedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AccountTokens", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "AspNetRoles",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    Name = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    NormalizedName = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    ConcurrencyStamp = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AspNetRoles", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "AuditChainHead",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false),
                    LastSeq = table.Column<long>(type: "bigint", nullable: false),
                    LastHash = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Version = table.Column<long>(type: "bigint", nullable: false),
                    PrunedThroughSeq = table.Column<long>(type: "bigint", nullable: false),
                    PrunedThroughHash = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AuditChainHead", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "AuditEntries",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    At = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    ActorId = table.Column<Guid>(type: "uuid", nullable: true),
                    Action = table.Column<string>(type: "character varying(80)", maxLength: 80, nullable: false),
                    TargetType = table.Column<string>(type: "character varying(60)", maxLength: 60, nullable: false),
                    TargetId = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    Details = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    Seq = table.Column<long>(type: "bigint", nullable: true),
                    PreviousHash = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    Hash = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AuditEntries", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "DataProtectionKeys",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    FriendlyName = table.Column<string>(type: "text", nullable: true),
                    Xml = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DataProtectionKeys", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "ExerciseCases",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    Code = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    Title = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Household = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false),
                    LegalCategory = table.Column<int>(type: "integer", nullable: false),
                    Resources = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    MonthlyResourcesCents = table.Column<long>(type: "bigint", nullable: true),
                    Request = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    AidType = table.Column<int>(type: "integer", nullable: false),
                    RequestedAmountCents = table.Column<long>(type: "bigint", nullable: true),
                    Narrative = table.Column<string>(type: "character varying(8000)", maxLength: 8000, nullable: false),
                    Archived = table.Column<bool>(type: "boolean", nullable: false),
                    CreatedBy = table.Column<Guid>(type: "uuid", nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    UpdatedBy = table.Column<Guid>(type: "uuid", nullable: false),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    Revision = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ExerciseCases", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "FeedbackForms",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    OwnerType = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    OwnerId = table.Column<Guid>(type: "uuid", nullable: false),
                    Title = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Anonymous = table.Column<bool>(type: "boolean", nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    ClosesAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_FeedbackForms", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "InstalledVersions",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    Version = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    LastMigration = table.Column<string>(type: "character varying(150)", maxLength: 150, nullable: false),
                    StartedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_InstalledVersions", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "IntervisionAcknowledgements",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    SessionId = table.Column<Guid>(type: "uuid", nullable: false),
                    UserId = table.Column<Guid>(type: "uuid", nullable: false),
                    AcknowledgedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_IntervisionAcknowledgements", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "IntervisionBoards",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    SessionId = table.Column<Guid>(type: "uuid", nullable: false),
                    PhaseIndex = table.Column<int>(type: "integer", nullable: false),
                    Salt = table.Column<byte[]>(type: "bytea", maxLength: 32, nullable: true),
                    RevealedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    Version = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_IntervisionBoards", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "IntervisionSeries",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    TeamId = table.Column<Guid>(type: "uuid", nullable: false),
                    Title = table.Column<string>(type: "character varying(150)", maxLength: 150, nullable: false),
                    ProtocolKey = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: false),
                    TemplateId = table.Column<Guid>(type: "uuid", nullable: true),
                    AnimateurId = table.Column<Guid>(type: "uuid", nullable: false),
                    RecurrenceRule = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: true),
                    FirstStart = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    DurationMinutes = table.Column<int>(type: "integer", nullable: false),
                    Location = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: true),
                    CreatedBy = table.Column<Guid>(type: "uuid", nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_IntervisionSeries", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "IntervisionSessions",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    TeamId = table.Column<Guid>(type: "uuid", nullable: false),
                    SeriesId = table.Column<Guid>(type: "uuid", nullable: false),
                    Occurrence = table.Column<int>(type: "integer", nullable: false),
                    RoomId = table.Column<Guid>(type: "uuid", nullable: false),
                    Start = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    AnimateurId = table.Column<Guid>(type: "uuid", nullable: false),
                    NarratorId = table.Column<Guid>(type: "uuid", nullable: false),
                    RapporteurId = table.Column<Guid>(type: "uuid", nullable: false),
                    Theme = table.Column<string>(type: "character varying(150)", maxLength: 150, nullable: true),
                    Learnings = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true),
                    Proposals = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true),
                    OpenQuestions = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true),
                    SummaryUpdatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    NarratorReaction = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true),
                    ReactionSharedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    PurgedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_IntervisionSessions", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "IntervisionTeams",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    Name = table.Column<string>(type: "character varying(150)", maxLength: 150, nullable: false),
                    RetentionDays = table.Column<int>(type: "integer", nullable: false),
                    CreatedBy = table.Column<Guid>(type: "uuid", nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_IntervisionTeams", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "IntervisionTemplates",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    TeamId = table.Column<Guid>(type: "uuid", nullable: false),
                    Name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    ProtocolKey = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: false),
                    Plan = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    CreatedBy = table.Column<Guid>(type: "uuid", nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_IntervisionTemplates", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "NoteDocuments",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    Key = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Snapshot = table.Column<byte[]>(type: "bytea", nullable: false),
                    Text = table.Column<string>(type: "text", nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    Version = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_NoteDocuments", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "Organisations",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    Name = table.Column<string>(type: "character varying(150)", maxLength: 150, nullable: false),
                    Kind = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Organisations", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "OutboxMessages",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    ToAddress = table.Column<string>(type: "character varying(320)", maxLength: 320, nullable: false),
                    Kind = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: false),
                    DedupKey = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    Mime = table.Column<byte[]>(type: "bytea", nullable: false),
                    Draft = table.Column<string>(type: "text", nullable: true),
                    Status = table.Column<int>(type: "integer", nullable: false),
                    Attempts = table.Column<int>(type: "integer", nullable: false),
                    NextAttemptAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    SentAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    LastError = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: true),
                    LockedBy = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    LockedUntil = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_OutboxMessages", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "RoomConnections",
                columns: table => new
                {
                    ConnectionId = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    RoomId = table.Column<Guid>(type: "uuid", nullable: false),
                    UserId = table.Column<Guid>(type: "uuid", nullable: false),
                    Node = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    ConnectedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    LastSeenAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_RoomConnections", x => new { x.ConnectionId, x.RoomId });
                });

            migrationBuilder.CreateTable(
                name: "Rooms",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    Title = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    ProtocolKey = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: false),
                    Status = table.Column<int>(type: "integer", nullable: false),
                    ScheduledStart = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    ScheduledEnd = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    Location = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: true),
                    VideoUrl = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    Purpose = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true),
                    OrganiserId = table.Column<Guid>(type: "uuid", nullable: false),
                    SpeakingLimitSeconds = table.Column<int>(type: "integer", nullable: true),
                    ContextType = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: true),
                    ContextId = table.Column<Guid>(type: "uuid", nullable: true),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    StartedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    ClosedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    StateJson = table.Column<string>(type: "text", nullable: false),
                    StateVersion = table.Column<long>(type: "bigint", nullable: false),
                    MinutesQueuedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    FinalNotes = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Rooms", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "AspNetRoleClaims",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    RoleId = table.Column<Guid>(type: "uuid", nullable: false),
                    ClaimType = table.Column<string>(type: "text", nullable: true),
                    ClaimValue = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AspNetRoleClaims", x => x.Id);
                    table.ForeignKey(
                        name: "FK_AspNetRoleClaims_AspNetRoles_RoleId",
                        column: x => x.RoleId,
                        principalTable: "AspNetRoles",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "ExerciseCaseAttachments",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    CaseId = table.Column<Guid>(type: "uuid", nullable: false),
                    Order = table.Column<int>(type: "integer", nullable: false),
                    Title = table.Column<string>(type: "character varying(150)", maxLength: 150, nullable: false),
                    Text = table.Column<string>(type: "character varying(8000)", maxLength: 8000, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ExerciseCaseAttachments", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ExerciseCaseAttachments_ExerciseCases_CaseId",
                        column: x => x.CaseId,
                        principalTable: "ExerciseCases",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "ExerciseCasePiiOverrides",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    CaseId = table.Column<Guid>(type: "uuid", nullable: false),
                    Field = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    Kind = table.Column<int>(type: "integer", nullable: false),
                    Masked = table.Column<string>(type: "character varying(120)", maxLength: 120, nullable: false),
                    Reason = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false),
                    OverriddenBy = table.Column<Guid>(type: "uuid", nullable: false),
                    OverriddenAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ExerciseCasePiiOverrides", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ExerciseCasePiiOverrides_ExerciseCases_CaseId",
                        column: x => x.CaseId,
                        principalTable: "ExerciseCases",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "FeedbackInvitations",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    FormId = table.Column<Guid>(type: "uuid", nullable: false),
                    RecipientKey = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Email = table.Column<string>(type: "character varying(254)", maxLength: 254, nullable: false),
                    Name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Language = table.Column<string>(type: "character varying(2)", maxLength: 2, nullable: false),
                    TokenHash = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    Answered = table.Column<bool>(type: "boolean", nullable: false),
                    AnsweredAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_FeedbackInvitations", x => x.Id);
                    table.ForeignKey(
                        name: "FK_FeedbackInvitations_FeedbackForms_FormId",
                        column: x => x.FormId,
                        principalTable: "FeedbackForms",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "FeedbackQuestions",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    FormId = table.Column<Guid>(type: "uuid", nullable: false),
                    Position = table.Column<int>(type: "integer", nullable: false),
                    Kind = table.Column<int>(type: "integer", nullable: false),
                    PromptFr = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: true),
                    PromptNl = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: true),
                    PromptEn = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: true),
                    Required = table.Column<bool>(type: "boolean", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_FeedbackQuestions", x => x.Id);
                    table.ForeignKey(
                        name: "FK_FeedbackQuestions_FeedbackForms_FormId",
                        column: x => x.FormId,
                        principalTable: "FeedbackForms",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "IntervisionCardGroups",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    BoardId = table.Column<Guid>(type: "uuid", nullable: false),
                    Label = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Order = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_IntervisionCardGroups", x => x.Id);
                    table.ForeignKey(
                        name: "FK_IntervisionCardGroups_IntervisionBoards_BoardId",
                        column: x => x.BoardId,
                        principalTable: "IntervisionBoards",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "IntervisionCards",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    BoardId = table.Column<Guid>(type: "uuid", nullable: false),
                    Text = table.Column<string>(type: "character varying(280)", maxLength: 280, nullable: false),
                    AuthorTag = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    GroupId = table.Column<Guid>(type: "uuid", nullable: true),
                    Position = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_IntervisionCards", x => x.Id);
                    table.ForeignKey(
                        name: "FK_IntervisionCards_IntervisionBoards_BoardId",
                        column: x => x.BoardId,
                        principalTable: "IntervisionBoards",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "NoteUpdates",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    DocumentId = table.Column<Guid>(type: "uuid", nullable: false),
                    Data = table.Column<byte[]>(type: "bytea", nullable: false),
                    ClientUpdateId = table.Column<Guid>(type: "uuid", nullable: false),
                    AuthorUserId = table.Column<Guid>(type: "uuid", nullable: true),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_NoteUpdates", x => x.Id);
                    table.ForeignKey(
                        name: "FK_NoteUpdates_NoteDocuments_DocumentId",
                        column: x => x.DocumentId,
                        principalTable: "NoteDocuments",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "PartnerDirectoryEntries",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    Organisation = table.Column<string>(type: "character varying(150)", maxLength: 150, nullable: false),
                    Service = table.Column<string>(type: "character varying(150)", maxLength: 150, nullable: false),
                    Domains = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false),
                    PublicServed = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    Address = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    OpeningHours = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    ContactName = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    ContactEmail = table.Column<string>(type: "character varying(254)", maxLength: 254, nullable: true),
                    ContactPhone = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: true),
                    Notes = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: false),
                    SourceOfferId = table.Column<Guid>(type: "uuid", nullable: true),
                    OrganisationId = table.Column<Guid>(type: "uuid", nullable: true),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PartnerDirectoryEntries", x => x.Id);
                    table.ForeignKey(
                        name: "FK_PartnerDirectoryEntries_Organisations_OrganisationId",
                        column: x => x.OrganisationId,
                        principalTable: "Organisations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.SetNull);
                });

            migrationBuilder.CreateTable(
                name: "Services",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    OrganisationId = table.Column<Guid>(type: "uuid", nullable: false),
                    Name = table.Column<string>(type: "character varying(150)", maxLength: 150, nullable: false),
                    LeadUserId = table.Column<Guid>(type: "uuid", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Services", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Services_Organisations_OrganisationId",
                        column: x => x.OrganisationId,
                        principalTable: "Organisations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "CommitteeSessions",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    RoomId = table.Column<Guid>(type: "uuid", nullable: false),
                    ShowNames = table.Column<bool>(type: "boolean", nullable: false),
                    CreatedBy = table.Column<Guid>(type: "uuid", nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CommitteeSessions", x => x.Id);
                    table.ForeignKey(
                        name: "FK_CommitteeSessions_Rooms_RoomId",
                        column: x => x.RoomId,
                        principalTable: "Rooms",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "Decisions",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    RoomId = table.Column<Guid>(type: "uuid", nullable: false),
                    Text = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    RecordedBy = table.Column<Guid>(type: "uuid", nullable: false),
                    RecordedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    PhaseOrder = table.Column<int>(type: "integer", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Decisions", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Decisions_Rooms_RoomId",
                        column: x => x.RoomId,
                        principalTable: "Rooms",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "RoomPhases",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    RoomId = table.Column<Guid>(type: "uuid", nullable: false),
                    Order = table.Column<int>(type: "integer", nullable: false),
                    TemplateKey = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: false),
                    NameKey = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Title = table.Column<string>(type: "character varying(150)", maxLength: 150, nullable: true),
                    PlannedMinutes = table.Column<int>(type: "integer", nullable: false),
                    Kind = table.Column<int>(type: "integer", nullable: false),
                    StartedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    EndedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_RoomPhases", x => x.Id);
                    table.ForeignKey(
                        name: "FK_RoomPhases_Rooms_RoomId",
                        column: x => x.RoomId,
                        principalTable: "Rooms",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "Votes",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    RoomId = table.Column<Guid>(type: "uuid", nullable: false),
                    Question = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    Options = table.Column<string>(type: "character varying(1010)", maxLength: 1010, nullable: false),
                    AllowReason = table.Column<bool>(type: "boolean", nullable: false),
                    Secret = table.Column<bool>(type: "boolean", nullable: false),
                    Anonymous = table.Column<bool>(type: "boolean", nullable: false),
                    Status = table.Column<int>(type: "integer", nullable: false),
                    OpenedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    RevealedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    PhaseOrder = table.Column<int>(type: "integer", nullable: true),
                    ContextType = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: true),
                    ContextId = table.Column<Guid>(type: "uuid", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Votes", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Votes_Rooms_RoomId",
                        column: x => x.RoomId,
                        principalTable: "Rooms",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "FeedbackResponses",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    FormId = table.Column<Guid>(type: "uuid", nullable: false),
                    InvitationId = table.Column<Guid>(type: "uuid", nullable: true),
                    SubmittedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_FeedbackResponses", x => x.Id);
                    table.ForeignKey(
                        name: "FK_FeedbackResponses_FeedbackForms_FormId",
                        column: x => x.FormId,
                        principalTable: "FeedbackForms",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_FeedbackResponses_FeedbackInvitations_InvitationId",
                        column: x => x.InvitationId,
                        principalTable: "FeedbackInvitations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.SetNull);
                });

            migrationBuilder.CreateTable(
                name: "AspNetUsers",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    DisplayName = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Language = table.Column<string>(type: "character varying(2)", maxLength: 2, nullable: false),
                    OrganisationId = table.Column<Guid>(type: "uuid", nullable: true),
                    ServiceId = table.Column<Guid>(type: "uuid", nullable: true),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    ActivatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    ErasedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    UserName = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    NormalizedUserName = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    Email = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    NormalizedEmail = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    EmailConfirmed = table.Column<bool>(type: "boolean", nullable: false),
                    PasswordHash = table.Column<string>(type: "text", nullable: true),
                    SecurityStamp = table.Column<string>(type: "text", nullable: true),
                    ConcurrencyStamp = table.Column<string>(type: "text", nullable: true),
                    PhoneNumber = table.Column<string>(type: "text", nullable: true),
                    PhoneNumberConfirmed = table.Column<bool>(type: "boolean", nullable: false),
                    TwoFactorEnabled = table.Column<bool>(type: "boolean", nullable: false),
                    LockoutEnd = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    LockoutEnabled = table.Column<bool>(type: "boolean", nullable: false),
                    AccessFailedCount = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AspNetUsers", x => x.Id);
                    table.ForeignKey(
                        name: "FK_AspNetUsers_Organisations_OrganisationId",
                        column: x => x.OrganisationId,
                        principalTable: "Organisations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.SetNull);
                    table.ForeignKey(
                        name: "FK_AspNetUsers_Services_ServiceId",
                        column: x => x.ServiceId,
                        principalTable: "Services",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.SetNull);
                });

            migrationBuilder.CreateTable(
                name: "CommitteeSessionCases",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    SessionId = table.Column<Guid>(type: "uuid", nullable: false),
                    CaseId = table.Column<Guid>(type: "uuid", nullable: false),
                    Order = table.Column<int>(type: "integer", nullable: false),
                    VoteId = table.Column<Guid>(type: "uuid", nullable: true),
                    Reference = table.Column<int>(type: "integer", nullable: true),
                    ReferenceAmountCents = table.Column<long>(type: "bigint", nullable: true),
                    ReferenceMonths = table.Column<int>(type: "integer", nullable: true),
                    ReferenceConditions = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    Rationale = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true),
                    DecidedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    DecidedBy = table.Column<Guid>(type: "uuid", nullable: true),
                    GrantCount = table.Column<int>(type: "integer", nullable: false),
                    RefuseCount = table.Column<int>(type: "integer", nullable: false),
                    DeferCount = table.Column<int>(type: "integer", nullable: false),
                    MinAmountCents = table.Column<long>(type: "bigint", nullable: true),
                    MaxAmountCents = table.Column<long>(type: "bigint", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CommitteeSessionCases", x => x.Id);
                    table.ForeignKey(
                        name: "FK_CommitteeSessionCases_CommitteeSessions_SessionId",
                        column: x => x.SessionId,
                        principalTable: "CommitteeSessions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_CommitteeSessionCases_ExerciseCases_CaseId",
                        column: x => x.CaseId,
                        principalTable: "ExerciseCases",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "Ballots",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    VoteId = table.Column<Guid>(type: "uuid", nullable: false),
                    UserId = table.Column<Guid>(type: "uuid", nullable: false),
                    Option = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Reason = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    Data = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true),
                    CastAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Ballots", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Ballots_Votes_VoteId",
                        column: x => x.VoteId,
                        principalTable: "Votes",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "FeedbackAnswers",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    ResponseId = table.Column<Guid>(type: "uuid", nullable: false),
                    QuestionId = table.Column<Guid>(type: "uuid", nullable: false),
                    YesNo = table.Column<bool>(type: "boolean", nullable: true),
                    Scale = table.Column<int>(type: "integer", nullable: true),
                    Text = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_FeedbackAnswers", x => x.Id);
                    table.ForeignKey(
                        name: "FK_FeedbackAnswers_FeedbackQuestions_QuestionId",
                        column: x => x.QuestionId,
                        principalTable: "FeedbackQuestions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_FeedbackAnswers_FeedbackResponses_ResponseId",
                        column: x => x.ResponseId,
                        principalTable: "FeedbackResponses",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "ActionItems",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    RoomId = table.Column<Guid>(type: "uuid", nullable: false),
                    Text = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false),
                    OwnerId = table.Column<Guid>(type: "uuid", nullable: true),
                    DueDate = table.Column<DateOnly>(type: "date", nullable: true),
                    Status = table.Column<int>(type: "integer", nullable: false),
                    CreatedBy = table.Column<Guid>(type: "uuid", nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    CompletedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ActionItems", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ActionItems_AspNetUsers_OwnerId",
                        column: x => x.OwnerId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.SetNull);
                    table.ForeignKey(
                        name: "FK_ActionItems_Rooms_RoomId",
                        column: x => x.RoomId,
                        principalTable: "Rooms",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "AspNetUserClaims",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    UserId = table.Column<Guid>(type: "uuid", nullable: false),
                    ClaimType = table.Column<string>(type: "text", nullable: true),
                    ClaimValue = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AspNetUserClaims", x => x.Id);
                    table.ForeignKey(
                        name: "FK_AspNetUserClaims_AspNetUsers_UserId",
                        column: x => x.UserId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "AspNetUserLogins",
                columns: table => new
                {
                    LoginProvider = table.Column<string>(type: "text", nullable: false),
                    ProviderKey = table.Column<string>(type: "text", nullable: false),
                    ProviderDisplayName = table.Column<string>(type: "text", nullable: true),
                    UserId = table.Column<Guid>(type: "uuid", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AspNetUserLogins", x => new { x.LoginProvider, x.ProviderKey });
                    table.ForeignKey(
                        name: "FK_AspNetUserLogins_AspNetUsers_UserId",
                        column: x => x.UserId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "AspNetUserRoles",
                columns: table => new
                {
                    UserId = table.Column<Guid>(type: "uuid", nullable: false),
                    RoleId = table.Column<Guid>(type: "uuid", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AspNetUserRoles", x => new { x.UserId, x.RoleId });
                    table.ForeignKey(
                        name: "FK_AspNetUserRoles_AspNetRoles_RoleId",
                        column: x => x.RoleId,
                        principalTable: "AspNetRoles",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_AspNetUserRoles_AspNetUsers_UserId",
                        column: x => x.UserId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "AspNetUserTokens",
                columns: table => new
                {
                    UserId = table.Column<Guid>(type: "uuid", nullable: false),
                    LoginProvider = table.Column<string>(type: "text", nullable: false),
                    Name = table.Column<string>(type: "text", nullable: false),
                    Value = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AspNetUserTokens", x => new { x.UserId, x.LoginProvider, x.Name });
                    table.ForeignKey(
                        name: "FK_AspNetUserTokens_AspNetUsers_UserId",
                        column: x => x.UserId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "CalendarEntries",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    Uid = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Sequence = table.Column<int>(type: "integer", nullable: false),
                    OwnerType = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    OwnerId = table.Column<Guid>(type: "uuid", nullable: false),
                    Start = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    End = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    RecurrenceRule = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: true),
                    LastEnd = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    TitleFr = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    TitleNl = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    TitleEn = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    DescriptionFr = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true),
                    DescriptionNl = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true),
                    DescriptionEn = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true),
                    Location = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: true),
                    OnlineUrl = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    LinkPath = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    OrganizerName = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    OrganizerEmail = table.Column<string>(type: "character varying(254)", maxLength: 254, nullable: false),
                    OrganizerUserId = table.Column<Guid>(type: "uuid", nullable: true),
                    ShowInviteeList = table.Column<bool>(type: "boolean", nullable: false),
                    Status = table.Column<int>(type: "integer", nullable: false),
                    CancelledAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    CancelReason = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CalendarEntries", x => x.Id);
                    table.ForeignKey(
                        name: "FK_CalendarEntries_AspNetUsers_OrganizerUserId",
                        column: x => x.OrganizerUserId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.SetNull);
                });

            migrationBuilder.CreateTable(
                name: "CalendarFeeds",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    UserId = table.Column<Guid>(type: "uuid", nullable: false),
                    TokenHash = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    RevokedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CalendarFeeds", x => x.Id);
                    table.ForeignKey(
                        name: "FK_CalendarFeeds_AspNetUsers_UserId",
                        column: x => x.UserId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "ConferenceCases",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    Code = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    Service = table.Column<string>(type: "character varying(150)", maxLength: 150, nullable: false),
                    Summary = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true),
                    Themes = table.Column<int>(type: "integer", nullable: false),
                    CurrentOrientation = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: true),
                    FacilitatorId = table.Column<Guid>(type: "uuid", nullable: false),
                    OpenDisagreement = table.Column<bool>(type: "boolean", nullable: false),
                    ReviewDate = table.Column<DateOnly>(type: "date", nullable: true),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    ClosedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ConferenceCases", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ConferenceCases_AspNetUsers_FacilitatorId",
                        column: x => x.FacilitatorId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "ImmersionCampaigns",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    Name = table.Column<string>(type: "character varying(150)", maxLength: 150, nullable: false),
                    PeriodStart = table.Column<DateOnly>(type: "date", nullable: false),
                    PeriodEnd = table.Column<DateOnly>(type: "date", nullable: false),
                    OffersDeadline = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    PreferencesDeadline = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    MaxRanks = table.Column<int>(type: "integer", nullable: false),
                    Domains = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false),
                    ContactName = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    ContactEmail = table.Column<string>(type: "character varying(254)", maxLength: 254, nullable: false),
                    CoordinatorUserId = table.Column<Guid>(type: "uuid", nullable: true),
                    Seed = table.Column<int>(type: "integer", nullable: true),
                    LotteryOrder = table.Column<string>(type: "character varying(200000)", maxLength: 200000, nullable: true),
                    MatchedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    PublishedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    FeedbackFormId = table.Column<Guid>(type: "uuid", nullable: true),
                    Version = table.Column<int>(type: "integer", nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ImmersionCampaigns", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ImmersionCampaigns_AspNetUsers_CoordinatorUserId",
                        column: x => x.CoordinatorUserId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.SetNull);
                });

            migrationBuilder.CreateTable(
                name: "IntervisionTeamMembers",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    TeamId = table.Column<Guid>(type: "uuid", nullable: false),
                    UserId = table.Column<Guid>(type: "uuid", nullable: false),
                    Order = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_IntervisionTeamMembers", x => x.Id);
                    table.ForeignKey(
                        name: "FK_IntervisionTeamMembers_AspNetUsers_UserId",
                        column: x => x.UserId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_IntervisionTeamMembers_IntervisionTeams_TeamId",
                        column: x => x.TeamId,
                        principalTable: "IntervisionTeams",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "RoomParticipants",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    RoomId = table.Column<Guid>(type: "uuid", nullable: false),
                    UserId = table.Column<Guid>(type: "uuid", nullable: false),
                    Role = table.Column<int>(type: "integer", nullable: false),
                    ProtocolRole = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: true),
                    Attendance = table.Column<int>(type: "integer", nullable: false),
                    AttendanceNote = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    JoinOrder = table.Column<int>(type: "integer", nullable: false),
                    InvitedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_RoomParticipants", x => x.Id);
                    table.ForeignKey(
                        name: "FK_RoomParticipants_AspNetUsers_UserId",
                        column: x => x.UserId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_RoomParticipants_Rooms_RoomId",
                        column: x => x.RoomId,
                        principalTable: "Rooms",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "CalendarInvitees",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    EntryId = table.Column<Guid>(type: "uuid", nullable: false),
                    UserId = table.Column<Guid>(type: "uuid", nullable: true),
                    Email = table.Column<string>(type: "character varying(254)", maxLength: 254, nullable: false),
                    Name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Language = table.Column<string>(type: "character varying(2)", maxLength: 2, nullable: false),
                    Optional = table.Column<bool>(type: "boolean", nullable: false),
                    Response = table.Column<int>(type: "integer", nullable: false),
                    DeclineReason = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    RespondedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    AddedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    RemovedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CalendarInvitees", x => x.Id);
                    table.ForeignKey(
                        name: "FK_CalendarInvitees_AspNetUsers_UserId",
                        column: x => x.UserId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.SetNull);
                    table.ForeignKey(
                        name: "FK_CalendarInvitees_CalendarEntries_EntryId",
                        column: x => x.EntryId,
                        principalTable: "CalendarEntries",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "CalendarOccurrenceExceptions",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    EntryId = table.Column<Guid>(type: "uuid", nullable: false),
                    OriginalStart = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    Cancelled = table.Column<bool>(type: "boolean", nullable: false),
                    NewStart = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    NewEnd = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CalendarOccurrenceExceptions", x => x.Id);
                    table.ForeignKey(
                        name: "FK_CalendarOccurrenceExceptions_CalendarEntries_EntryId",
                        column: x => x.EntryId,
                        principalTable: "CalendarEntries",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "DiscoveryDays",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    Title = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Description = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true),
                    ServicesVisited = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false),
                    Place = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    Start = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    End = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    RegistrationDeadline = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    Audience = table.Column<int>(type: "integer", nullable: false),
                    Languages = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    Capacity = table.Column<int>(type: "integer", nullable: false),
                    SeatsTaken = table.Column<int>(type: "integer", nullable: false),
                    WaitlistIssued = table.Column<int>(type: "integer", nullable: false),
                    Version = table.Column<int>(type: "integer", nullable: false),
                    Status = table.Column<int>(type: "integer", nullable: false),
                    WaitlistMode = table.Column<int>(type: "integer", nullable: false),
                    OfferHours = table.Column<int>(type: "integer", nullable: false),
                    CalendarEntryId = table.Column<Guid>(type: "uuid", nullable: false),
                    ContactName = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    ContactEmail = table.Column<string>(type: "character varying(254)", maxLength: 254, nullable: false),
                    CreatedByUserId = table.Column<Guid>(type: "uuid", nullable: true),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    CancelledAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    CancelReason = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    FeedbackFormId = table.Column<Guid>(type: "uuid", nullable: true),
                    FeedbackSentAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    PurgedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DiscoveryDays", x => x.Id);
                    table.ForeignKey(
                        name: "FK_DiscoveryDays_AspNetUsers_CreatedByUserId",
                        column: x => x.CreatedByUserId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.SetNull);
                    table.ForeignKey(
                        name: "FK_DiscoveryDays_CalendarEntries_CalendarEntryId",
                        column: x => x.CalendarEntryId,
                        principalTable: "CalendarEntries",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "CaseMembers",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    CaseId = table.Column<Guid>(type: "uuid", nullable: false),
                    UserId = table.Column<Guid>(type: "uuid", nullable: false),
                    Party = table.Column<int>(type: "integer", nullable: false),
                    AddedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CaseMembers", x => x.Id);
                    table.ForeignKey(
                        name: "FK_CaseMembers_AspNetUsers_UserId",
                        column: x => x.UserId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_CaseMembers_ConferenceCases_CaseId",
                        column: x => x.CaseId,
                        principalTable: "ConferenceCases",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "Conferences",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    CaseId = table.Column<Guid>(type: "uuid", nullable: false),
                    RoomId = table.Column<Guid>(type: "uuid", nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    PositionsOpenedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    WithPersonPart = table.Column<bool>(type: "boolean", nullable: false),
                    OrientationKey = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: true),
                    OrientationDetail = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    NoAgreement = table.Column<bool>(type: "boolean", nullable: false),
                    EscalationTarget = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    Reasons = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    AnswerToPerson = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    ReviewDate = table.Column<DateOnly>(type: "date", nullable: true),
                    DecidedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    DecidedBy = table.Column<Guid>(type: "uuid", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Conferences", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Conferences_ConferenceCases_CaseId",
                        column: x => x.CaseId,
                        principalTable: "ConferenceCases",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_Conferences_Rooms_RoomId",
                        column: x => x.RoomId,
                        principalTable: "Rooms",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "Handovers",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    CaseId = table.Column<Guid>(type: "uuid", nullable: false),
                    FromUserId = table.Column<Guid>(type: "uuid", nullable: false),
                    ToUserId = table.Column<Guid>(type: "uuid", nullable: false),
                    Note = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: false),
                    Visibility = table.Column<int>(type: "integer", nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Handovers", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Handovers_ConferenceCases_CaseId",
                        column: x => x.CaseId,
                        principalTable: "ConferenceCases",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "ImmersionEvents",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    CampaignId = table.Column<Guid>(type: "uuid", nullable: false),
                    Kind = table.Column<int>(type: "integer", nullable: false),
                    Title = table.Column<string>(type: "character varying(150)", maxLength: 150, nullable: false),
                    Start = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    End = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    Place = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    CalendarEntryId = table.Column<Guid>(type: "uuid", nullable: false),
                    TeamId = table.Column<Guid>(type: "uuid", nullable: true),
                    RoomId = table.Column<Guid>(type: "uuid", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ImmersionEvents", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ImmersionEvents_ImmersionCampaigns_CampaignId",
                        column: x => x.CampaignId,
                        principalTable: "ImmersionCampaigns",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "ImmersionOffers",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    CampaignId = table.Column<Guid>(type: "uuid", nullable: false),
                    PartnerId = table.Column<Guid>(type: "uuid", nullable: true),
                    Host = table.Column<int>(type: "integer", nullable: false),
                    Organisation = table.Column<string>(type: "character varying(150)", maxLength: 150, nullable: false),
                    Title = table.Column<string>(type: "character varying(150)", maxLength: 150, nullable: false),
                    Domain = table.Column<string>(type: "character varying(80)", maxLength: 80, nullable: false),
                    Address = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    WhatYouWillSee = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    PublicServed = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    ContactName = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    ContactEmail = table.Column<string>(type: "character varying(254)", maxLength: 254, nullable: false),
                    ContactPhone = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: true),
                    StartTime = table.Column<TimeOnly>(type: "time without time zone", nullable: false),
                    EndTime = table.Column<TimeOnly>(type: "time without time zone", nullable: false),
                    Closed = table.Column<bool>(type: "boolean", nullable: false),
                    DirectoryConsent = table.Column<bool>(type: "boolean", nullable: false),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ImmersionOffers", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ImmersionOffers_ImmersionCampaigns_CampaignId",
                        column: x => x.CampaignId,
                        principalTable: "ImmersionCampaigns",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "ImmersionParticipants",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    CampaignId = table.Column<Guid>(type: "uuid", nullable: false),
                    UserId = table.Column<Guid>(type: "uuid", nullable: false),
                    Name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Email = table.Column<string>(type: "character varying(254)", maxLength: 254, nullable: false),
                    Language = table.Column<string>(type: "character varying(2)", maxLength: 2, nullable: false),
                    TeamId = table.Column<Guid>(type: "uuid", nullable: true),
                    Visits = table.Column<int>(type: "integer", nullable: false),
                    Ranking = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    Unavailable = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    PreferencesAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ImmersionParticipants", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ImmersionParticipants_AspNetUsers_UserId",
                        column: x => x.UserId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_ImmersionParticipants_ImmersionCampaigns_CampaignId",
                        column: x => x.CampaignId,
                        principalTable: "ImmersionCampaigns",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "ImmersionPartners",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    CampaignId = table.Column<Guid>(type: "uuid", nullable: false),
                    Organisation = table.Column<string>(type: "character varying(150)", maxLength: 150, nullable: false),
                    ContactName = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    ContactEmail = table.Column<string>(type: "character varying(254)", maxLength: 254, nullable: false),
                    Language = table.Column<string>(type: "character varying(2)", maxLength: 2, nullable: false),
                    TokenHash = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    InvitedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ImmersionPartners", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ImmersionPartners_ImmersionCampaigns_CampaignId",
                        column: x => x.CampaignId,
                        principalTable: "ImmersionCampaigns",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "ImmersionTeamRules",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    CampaignId = table.Column<Guid>(type: "uuid", nullable: false),
                    TeamId = table.Column<Guid>(type: "uuid", nullable: false),
                    MaxAway = table.Column<int>(type: "integer", nullable: false),
                    SetByUserId = table.Column<Guid>(type: "uuid", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ImmersionTeamRules", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ImmersionTeamRules_ImmersionCampaigns_CampaignId",
                        column: x => x.CampaignId,
                        principalTable: "ImmersionCampaigns",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "SpeedMeetingPlans",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    CampaignId = table.Column<Guid>(type: "uuid", nullable: false),
                    EventId = table.Column<Guid>(type: "uuid", nullable: true),
                    Partners = table.Column<string>(type: "character varying(9060)", maxLength: 9060, nullable: false),
                    GroupNames = table.Column<string>(type: "character varying(4860)", maxLength: 4860, nullable: false),
                    SlotMinutes = table.Column<int>(type: "integer", nullable: false),
                    BreakEveryRounds = table.Column<int>(type: "integer", nullable: true),
                    BreakMinutes = table.Column<int>(type: "integer", nullable: false),
                    Start = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    SavedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    SavedByUserId = table.Column<Guid>(type: "uuid", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SpeedMeetingPlans", x => x.Id);
                    table.ForeignKey(
                        name: "FK_SpeedMeetingPlans_ImmersionCampaigns_CampaignId",
                        column: x => x.CampaignId,
                        principalTable: "ImmersionCampaigns",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "CalendarReplyTokens",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    InviteeId = table.Column<Guid>(type: "uuid", nullable: false),
                    TokenHash = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CalendarReplyTokens", x => x.Id);
                    table.ForeignKey(
                        name: "FK_CalendarReplyTokens_CalendarInvitees_InviteeId",
                        column: x => x.InviteeId,
                        principalTable: "CalendarInvitees",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "DiscoveryBookings",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    DayId = table.Column<Guid>(type: "uuid", nullable: false),
                    Status = table.Column<int>(type: "integer", nullable: false),
                    Name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Organisation = table.Column<string>(type: "character varying(150)", maxLength: 150, nullable: false),
                    Email = table.Column<string>(type: "character varying(254)", maxLength: 254, nullable: false),
                    EmailKey = table.Column<string>(type: "character varying(254)", maxLength: 254, nullable: true),
                    Language = table.Column<string>(type: "character varying(2)", maxLength: 2, nullable: false),
                    Needs = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    ConsentAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    SubmissionKey = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    WaitlistNumber = table.Column<int>(type: "integer", nullable: true),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    ConfirmedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    OfferedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    OfferExpiresAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    CancelledAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    CancelledBy = table.Column<int>(type: "integer", nullable: true),
                    LastReminderMinutes = table.Column<int>(type: "integer", nullable: true),
                    StillComingSentAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    StillComing = table.Column<bool>(type: "boolean", nullable: true),
                    StillComingAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    CheckedInAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DiscoveryBookings", x => x.Id);
                    table.ForeignKey(
                        name: "FK_DiscoveryBookings_DiscoveryDays_DayId",
                        column: x => x.DayId,
                        principalTable: "DiscoveryDays",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "DiscoveryProgrammeItems",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    DayId = table.Column<Guid>(type: "uuid", nullable: false),
                    Position = table.Column<int>(type: "integer", nullable: false),
                    Time = table.Column<TimeOnly>(type: "time without time zone", nullable: false),
                    Text = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DiscoveryProgrammeItems", x => x.Id);
                    table.ForeignKey(
                        name: "FK_DiscoveryProgrammeItems_DiscoveryDays_DayId",
                        column: x => x.DayId,
                        principalTable: "DiscoveryDays",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "ActionDeadlines",
                columns: table => new
                {
                    ActionId = table.Column<Guid>(type: "uuid", nullable: false),
                    ConferenceId = table.Column<Guid>(type: "uuid", nullable: false),
                    Kind = table.Column<int>(type: "integer", nullable: false),
                    Deadline = table.Column<DateOnly>(type: "date", nullable: false),
                    RemindedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    EscalatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ActionDeadlines", x => x.ActionId);
                    table.ForeignKey(
                        name: "FK_ActionDeadlines_ActionItems_ActionId",
                        column: x => x.ActionId,
                        principalTable: "ActionItems",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_ActionDeadlines_Conferences_ConferenceId",
                        column: x => x.ConferenceId,
                        principalTable: "Conferences",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "ConferencePoints",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    ConferenceId = table.Column<Guid>(type: "uuid", nullable: false),
                    Kind = table.Column<int>(type: "integer", nullable: false),
                    Text = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false),
                    Views = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    CreatedBy = table.Column<Guid>(type: "uuid", nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ConferencePoints", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ConferencePoints_Conferences_ConferenceId",
                        column: x => x.ConferenceId,
                        principalTable: "Conferences",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "ConferencePositions",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    ConferenceId = table.Column<Guid>(type: "uuid", nullable: false),
                    AuthorId = table.Column<Guid>(type: "uuid", nullable: false),
                    Party = table.Column<int>(type: "integer", nullable: false),
                    IsPersonVoice = table.Column<bool>(type: "boolean", nullable: false),
                    Situation = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: false),
                    ProposedOrientation = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true),
                    NeedsFromOthers = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true),
                    Concerns = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true),
                    Visibility = table.Column<int>(type: "integer", nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ConferencePositions", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ConferencePositions_Conferences_ConferenceId",
                        column: x => x.ConferenceId,
                        principalTable: "Conferences",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "HandoverMessages",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    HandoverId = table.Column<Guid>(type: "uuid", nullable: false),
                    AuthorId = table.Column<Guid>(type: "uuid", nullable: false),
                    IsQuestion = table.Column<bool>(type: "boolean", nullable: false),
                    Text = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_HandoverMessages", x => x.Id);
                    table.ForeignKey(
                        name: "FK_HandoverMessages_Handovers_HandoverId",
                        column: x => x.HandoverId,
                        principalTable: "Handovers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "ImmersionOfferDates",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    OfferId = table.Column<Guid>(type: "uuid", nullable: false),
                    Date = table.Column<DateOnly>(type: "date", nullable: false),
                    Capacity = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ImmersionOfferDates", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ImmersionOfferDates_ImmersionOffers_OfferId",
                        column: x => x.OfferId,
                        principalTable: "ImmersionOffers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "ImmersionPlacements",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    CampaignId = table.Column<Guid>(type: "uuid", nullable: false),
                    ParticipantId = table.Column<Guid>(type: "uuid", nullable: false),
                    OfferDateId = table.Column<Guid>(type: "uuid", nullable: true),
                    Rank = table.Column<int>(type: "integer", nullable: true),
                    Manual = table.Column<bool>(type: "boolean", nullable: false),
                    CalendarEntryId = table.Column<Guid>(type: "uuid", nullable: true),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ImmersionPlacements", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ImmersionPlacements_ImmersionCampaigns_CampaignId",
                        column: x => x.CampaignId,
                        principalTable: "ImmersionCampaigns",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_ImmersionPlacements_ImmersionParticipants_ParticipantId",
                        column: x => x.ParticipantId,
                        principalTable: "ImmersionParticipants",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "DiscoveryBookingTokens",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    BookingId = table.Column<Guid>(type: "uuid", nullable: false),
                    TokenHash = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DiscoveryBookingTokens", x => x.Id);
                    table.ForeignKey(
                        name: "FK_DiscoveryBookingTokens_DiscoveryBookings_BookingId",
                        column: x => x.BookingId,
                        principalTable: "DiscoveryBookings",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_AccountTokens_TokenHash",
                table: "AccountTokens",
                column: "TokenHash",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_AccountTokens_UserId",
                table: "AccountTokens",
                column: "UserId");

            migrationBuilder.CreateIndex(
                name: "IX_ActionDeadlines_ConferenceId",
                table: "ActionDeadlines",
                column: "ConferenceId");

            migrationBuilder.CreateIndex(
                name: "IX_ActionDeadlines_Deadline",
                table: "ActionDeadlines",
                column: "Deadline");

            migrationBuilder.CreateIndex(
                name: "IX_ActionItems_OwnerId_Status",
                table: "ActionItems",
                columns: new[] { "OwnerId", "Status" });

            migrationBuilder.CreateIndex(
                name: "IX_ActionItems_RoomId",
                table: "ActionItems",
                column: "RoomId");

            migrationBuilder.CreateIndex(
                name: "IX_AspNetRoleClaims_RoleId",
                table: "AspNetRoleClaims",
                column: "RoleId");

            migrationBuilder.CreateIndex(
                name: "RoleNameIndex",
                table: "AspNetRoles",
                column: "NormalizedName",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_AspNetUserClaims_UserId",
                table: "AspNetUserClaims",
                column: "UserId");

            migrationBuilder.CreateIndex(
                name: "IX_AspNetUserLogins_UserId",
                table: "AspNetUserLogins",
                column: "UserId");

            migrationBuilder.CreateIndex(
                name: "IX_AspNetUserRoles_RoleId",
                table: "AspNetUserRoles",
                column: "RoleId");

            migrationBuilder.CreateIndex(
                name: "EmailIndex",
                table: "AspNetUsers",
                column: "NormalizedEmail");

            migrationBuilder.CreateIndex(
                name: "IX_AspNetUsers_OrganisationId",
                table: "AspNetUsers",
                column: "OrganisationId");

            migrationBuilder.CreateIndex(
                name: "IX_AspNetUsers_ServiceId",
                table: "AspNetUsers",
                column: "ServiceId");

            migrationBuilder.CreateIndex(
                name: "UserNameIndex",
                table: "AspNetUsers",
                column: "NormalizedUserName",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_AuditEntries_ActorId_At",
                table: "AuditEntries",
                columns: new[] { "ActorId", "At" });

            migrationBuilder.CreateIndex(
                name: "IX_AuditEntries_At",
                table: "AuditEntries",
                column: "At");

            migrationBuilder.CreateIndex(
                name: "IX_AuditEntries_Seq",
                table: "AuditEntries",
                column: "Seq",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_AuditEntries_TargetType_TargetId",
                table: "AuditEntries",
                columns: new[] { "TargetType", "TargetId" });

            migrationBuilder.CreateIndex(
                name: "IX_Ballots_VoteId_UserId",
                table: "Ballots",
                columns: new[] { "VoteId", "UserId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_CalendarEntries_OrganizerUserId",
                table: "CalendarEntries",
                column: "OrganizerUserId");

            migrationBuilder.CreateIndex(
                name: "IX_CalendarEntries_OwnerType_OwnerId",
                table: "CalendarEntries",
                columns: new[] { "OwnerType", "OwnerId" });

            migrationBuilder.CreateIndex(
                name: "IX_CalendarEntries_Uid",
                table: "CalendarEntries",
                column: "Uid",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_CalendarFeeds_TokenHash",
                table: "CalendarFeeds",
                column: "TokenHash",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_CalendarFeeds_UserId",
                table: "CalendarFeeds",
                column: "UserId");

            migrationBuilder.CreateIndex(
                name: "IX_CalendarInvitees_Email",
                table: "CalendarInvitees",
                column: "Email");

            migrationBuilder.CreateIndex(
                name: "IX_CalendarInvitees_EntryId_Email",
                table: "CalendarInvitees",
                columns: new[] { "EntryId", "Email" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_CalendarInvitees_UserId",
                table: "CalendarInvitees",
                column: "UserId");

            migrationBuilder.CreateIndex(
                name: "IX_CalendarOccurrenceExceptions_EntryId_OriginalStart",
                table: "CalendarOccurrenceExceptions",
                columns: new[] { "EntryId", "OriginalStart" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_CalendarReplyTokens_InviteeId",
                table: "CalendarReplyTokens",
                column: "InviteeId");

            migrationBuilder.CreateIndex(
                name: "IX_CalendarReplyTokens_TokenHash",
                table: "CalendarReplyTokens",
                column: "TokenHash",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_CaseMembers_CaseId_UserId",
                table: "CaseMembers",
                columns: new[] { "CaseId", "UserId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_CaseMembers_UserId",
                table: "CaseMembers",
                column: "UserId");

            migrationBuilder.CreateIndex(
                name: "IX_CommitteeSessionCases_CaseId",
                table: "CommitteeSessionCases",
                column: "CaseId");

            migrationBuilder.CreateIndex(
                name: "IX_CommitteeSessionCases_DecidedAt",
                table: "CommitteeSessionCases",
                column: "DecidedAt");

            migrationBuilder.CreateIndex(
                name: "IX_CommitteeSessionCases_SessionId_Order",
                table: "CommitteeSessionCases",
                columns: new[] { "SessionId", "Order" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_CommitteeSessionCases_VoteId",
                table: "CommitteeSessionCases",
                column: "VoteId");

            migrationBuilder.CreateIndex(
                name: "IX_CommitteeSessions_RoomId",
                table: "CommitteeSessions",
                column: "RoomId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ConferenceCases_ClosedAt",
                table: "ConferenceCases",
                column: "ClosedAt");

            migrationBuilder.CreateIndex(
                name: "IX_ConferenceCases_Code",
                table: "ConferenceCases",
                column: "Code",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ConferenceCases_FacilitatorId",
                table: "ConferenceCases",
                column: "FacilitatorId");

            migrationBuilder.CreateIndex(
                name: "IX_ConferencePoints_ConferenceId",
                table: "ConferencePoints",
                column: "ConferenceId");

            migrationBuilder.CreateIndex(
                name: "IX_ConferencePositions_ConferenceId_AuthorId_IsPersonVoice",
                table: "ConferencePositions",
                columns: new[] { "ConferenceId", "AuthorId", "IsPersonVoice" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Conferences_CaseId",
                table: "Conferences",
                column: "CaseId");

            migrationBuilder.CreateIndex(
                name: "IX_Conferences_RoomId",
                table: "Conferences",
                column: "RoomId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Decisions_RoomId",
                table: "Decisions",
                column: "RoomId");

            migrationBuilder.CreateIndex(
                name: "IX_DiscoveryBookings_DayId_EmailKey",
                table: "DiscoveryBookings",
                columns: new[] { "DayId", "EmailKey" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_DiscoveryBookings_DayId_Status_WaitlistNumber",
                table: "DiscoveryBookings",
                columns: new[] { "DayId", "Status", "WaitlistNumber" });

            migrationBuilder.CreateIndex(
                name: "IX_DiscoveryBookings_Email_CreatedAt",
                table: "DiscoveryBookings",
                columns: new[] { "Email", "CreatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_DiscoveryBookings_Status_OfferExpiresAt",
                table: "DiscoveryBookings",
                columns: new[] { "Status", "OfferExpiresAt" });

            migrationBuilder.CreateIndex(
                name: "IX_DiscoveryBookings_SubmissionKey",
                table: "DiscoveryBookings",
                column: "SubmissionKey",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_DiscoveryBookingTokens_BookingId",
                table: "DiscoveryBookingTokens",
                column: "BookingId");

            migrationBuilder.CreateIndex(
                name: "IX_DiscoveryBookingTokens_TokenHash",
                table: "DiscoveryBookingTokens",
                column: "TokenHash",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_DiscoveryDays_CalendarEntryId",
                table: "DiscoveryDays",
                column: "CalendarEntryId");

            migrationBuilder.CreateIndex(
                name: "IX_DiscoveryDays_CreatedByUserId",
                table: "DiscoveryDays",
                column: "CreatedByUserId");

            migrationBuilder.CreateIndex(
                name: "IX_DiscoveryDays_Start",
                table: "DiscoveryDays",
                column: "Start");

            migrationBuilder.CreateIndex(
                name: "IX_DiscoveryProgrammeItems_DayId_Position",
                table: "DiscoveryProgrammeItems",
                columns: new[] { "DayId", "Position" });

            migrationBuilder.CreateIndex(
                name: "IX_ExerciseCaseAttachments_CaseId_Order",
                table: "ExerciseCaseAttachments",
                columns: new[] { "CaseId", "Order" });

            migrationBuilder.CreateIndex(
                name: "IX_ExerciseCasePiiOverrides_CaseId",
                table: "ExerciseCasePiiOverrides",
                column: "CaseId");

            migrationBuilder.CreateIndex(
                name: "IX_ExerciseCases_Code",
                table: "ExerciseCases",
                column: "Code",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_FeedbackAnswers_QuestionId",
                table: "FeedbackAnswers",
                column: "QuestionId");

            migrationBuilder.CreateIndex(
                name: "IX_FeedbackAnswers_ResponseId",
                table: "FeedbackAnswers",
                column: "ResponseId");

            migrationBuilder.CreateIndex(
                name: "IX_FeedbackForms_OwnerType_OwnerId",
                table: "FeedbackForms",
                columns: new[] { "OwnerType", "OwnerId" });

            migrationBuilder.CreateIndex(
                name: "IX_FeedbackInvitations_FormId_RecipientKey",
                table: "FeedbackInvitations",
                columns: new[] { "FormId", "RecipientKey" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_FeedbackInvitations_TokenHash",
                table: "FeedbackInvitations",
                column: "TokenHash",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_FeedbackQuestions_FormId_Position",
                table: "FeedbackQuestions",
                columns: new[] { "FormId", "Position" });

            migrationBuilder.CreateIndex(
                name: "IX_FeedbackResponses_FormId",
                table: "FeedbackResponses",
                column: "FormId");

            migrationBuilder.CreateIndex(
                name: "IX_FeedbackResponses_InvitationId",
                table: "FeedbackResponses",
                column: "InvitationId");

            migrationBuilder.CreateIndex(
                name: "IX_HandoverMessages_HandoverId",
                table: "HandoverMessages",
                column: "HandoverId");

            migrationBuilder.CreateIndex(
                name: "IX_Handovers_CaseId",
                table: "Handovers",
                column: "CaseId");

            migrationBuilder.CreateIndex(
                name: "IX_ImmersionCampaigns_CoordinatorUserId",
                table: "ImmersionCampaigns",
                column: "CoordinatorUserId");

            migrationBuilder.CreateIndex(
                name: "IX_ImmersionCampaigns_PeriodStart",
                table: "ImmersionCampaigns",
                column: "PeriodStart");

            migrationBuilder.CreateIndex(
                name: "IX_ImmersionEvents_CampaignId_Start",
                table: "ImmersionEvents",
                columns: new[] { "CampaignId", "Start" });

            migrationBuilder.CreateIndex(
                name: "IX_ImmersionEvents_RoomId",
                table: "ImmersionEvents",
                column: "RoomId");

            migrationBuilder.CreateIndex(
                name: "IX_ImmersionOfferDates_OfferId_Date",
                table: "ImmersionOfferDates",
                columns: new[] { "OfferId", "Date" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ImmersionOffers_CampaignId_Host",
                table: "ImmersionOffers",
                columns: new[] { "CampaignId", "Host" });

            migrationBuilder.CreateIndex(
                name: "IX_ImmersionOffers_PartnerId",
                table: "ImmersionOffers",
                column: "PartnerId");

            migrationBuilder.CreateIndex(
                name: "IX_ImmersionParticipants_CampaignId_UserId",
                table: "ImmersionParticipants",
                columns: new[] { "CampaignId", "UserId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ImmersionParticipants_UserId",
                table: "ImmersionParticipants",
                column: "UserId");

            migrationBuilder.CreateIndex(
                name: "IX_ImmersionPartners_CampaignId",
                table: "ImmersionPartners",
                column: "CampaignId");

            migrationBuilder.CreateIndex(
                name: "IX_ImmersionPartners_TokenHash",
                table: "ImmersionPartners",
                column: "TokenHash",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ImmersionPlacements_CampaignId_OfferDateId",
                table: "ImmersionPlacements",
                columns: new[] { "CampaignId", "OfferDateId" });

            migrationBuilder.CreateIndex(
                name: "IX_ImmersionPlacements_ParticipantId",
                table: "ImmersionPlacements",
                column: "ParticipantId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ImmersionTeamRules_CampaignId_TeamId",
                table: "ImmersionTeamRules",
                columns: new[] { "CampaignId", "TeamId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_InstalledVersions_StartedAt",
                table: "InstalledVersions",
                column: "StartedAt");

            migrationBuilder.CreateIndex(
                name: "IX_IntervisionAcknowledgements_SessionId_UserId",
                table: "IntervisionAcknowledgements",
                columns: new[] { "SessionId", "UserId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_IntervisionBoards_SessionId_PhaseIndex",
                table: "IntervisionBoards",
                columns: new[] { "SessionId", "PhaseIndex" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_IntervisionCardGroups_BoardId",
                table: "IntervisionCardGroups",
                column: "BoardId");

            migrationBuilder.CreateIndex(
                name: "IX_IntervisionCards_BoardId",
                table: "IntervisionCards",
                column: "BoardId");

            migrationBuilder.CreateIndex(
                name: "IX_IntervisionSeries_TeamId",
                table: "IntervisionSeries",
                column: "TeamId");

            migrationBuilder.CreateIndex(
                name: "IX_IntervisionSessions_PurgedAt",
                table: "IntervisionSessions",
                column: "PurgedAt");

            migrationBuilder.CreateIndex(
                name: "IX_IntervisionSessions_RoomId",
                table: "IntervisionSessions",
                column: "RoomId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_IntervisionSessions_SeriesId_Occurrence",
                table: "IntervisionSessions",
                columns: new[] { "SeriesId", "Occurrence" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_IntervisionSessions_TeamId_Start",
                table: "IntervisionSessions",
                columns: new[] { "TeamId", "Start" });

            migrationBuilder.CreateIndex(
                name: "IX_IntervisionTeamMembers_TeamId_UserId",
                table: "IntervisionTeamMembers",
                columns: new[] { "TeamId", "UserId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_IntervisionTeamMembers_UserId",
                table: "IntervisionTeamMembers",
                column: "UserId");

            migrationBuilder.CreateIndex(
                name: "IX_IntervisionTemplates_TeamId",
                table: "IntervisionTemplates",
                column: "TeamId");

            migrationBuilder.CreateIndex(
                name: "IX_NoteDocuments_Key",
                table: "NoteDocuments",
                column: "Key",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_NoteUpdates_DocumentId_ClientUpdateId",
                table: "NoteUpdates",
                columns: new[] { "DocumentId", "ClientUpdateId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Organisations_Name",
                table: "Organisations",
                column: "Name",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_OutboxMessages_DedupKey",
                table: "OutboxMessages",
                column: "DedupKey",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_OutboxMessages_Status_NextAttemptAt",
                table: "OutboxMessages",
                columns: new[] { "Status", "NextAttemptAt" });

            migrationBuilder.CreateIndex(
                name: "IX_PartnerDirectoryEntries_Organisation",
                table: "PartnerDirectoryEntries",
                column: "Organisation");

            migrationBuilder.CreateIndex(
                name: "IX_PartnerDirectoryEntries_OrganisationId",
                table: "PartnerDirectoryEntries",
                column: "OrganisationId");

            migrationBuilder.CreateIndex(
                name: "IX_PartnerDirectoryEntries_SourceOfferId",
                table: "PartnerDirectoryEntries",
                column: "SourceOfferId");

            migrationBuilder.CreateIndex(
                name: "IX_RoomConnections_Node",
                table: "RoomConnections",
                column: "Node");

            migrationBuilder.CreateIndex(
                name: "IX_RoomConnections_RoomId",
                table: "RoomConnections",
                column: "RoomId");

            migrationBuilder.CreateIndex(
                name: "IX_RoomParticipants_RoomId_UserId",
                table: "RoomParticipants",
                columns: new[] { "RoomId", "UserId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_RoomParticipants_UserId",
                table: "RoomParticipants",
                column: "UserId");

            migrationBuilder.CreateIndex(
                name: "IX_RoomPhases_RoomId_Order",
                table: "RoomPhases",
                columns: new[] { "RoomId", "Order" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Rooms_ContextType_ContextId",
                table: "Rooms",
                columns: new[] { "ContextType", "ContextId" });

            migrationBuilder.CreateIndex(
                name: "IX_Rooms_Status_ScheduledStart",
                table: "Rooms",
                columns: new[] { "Status", "ScheduledStart" });

            migrationBuilder.CreateIndex(
                name: "IX_Services_OrganisationId_Name",
                table: "Services",
                columns: new[] { "OrganisationId", "Name" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_SpeedMeetingPlans_CampaignId",
                table: "SpeedMeetingPlans",
                column: "CampaignId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Votes_RoomId",
                table: "Votes",
                column: "RoomId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "AccountTokens");

            migrationBuilder.DropTable(
                name: "ActionDeadlines");

            migrationBuilder.DropTable(
                name: "AspNetRoleClaims");

            migrationBuilder.DropTable(
                name: "AspNetUserClaims");

            migrationBuilder.DropTable(
                name: "AspNetUserLogins");

            migrationBuilder.DropTable(
                name: "AspNetUserRoles");

            migrationBuilder.DropTable(
                name: "AspNetUserTokens");

            migrationBuilder.DropTable(
                name: "AuditChainHead");

            migrationBuilder.DropTable(
                name: "AuditEntries");

            migrationBuilder.DropTable(
                name: "Ballots");

            migrationBuilder.DropTable(
                name: "CalendarFeeds");

            migrationBuilder.DropTable(
                name: "CalendarOccurrenceExceptions");

            migrationBuilder.DropTable(
                name: "CalendarReplyTokens");

            migrationBuilder.DropTable(
                name: "CaseMembers");

            migrationBuilder.DropTable(
                name: "CommitteeSessionCases");

            migrationBuilder.DropTable(
                name: "ConferencePoints");

            migrationBuilder.DropTable(
                name: "ConferencePositions");

            migrationBuilder.DropTable(
                name: "DataProtectionKeys");

            migrationBuilder.DropTable(
                name: "Decisions");

            migrationBuilder.DropTable(
                name: "DiscoveryBookingTokens");

            migrationBuilder.DropTable(
                name: "DiscoveryProgrammeItems");

            migrationBuilder.DropTable(
                name: "ExerciseCaseAttachments");

            migrationBuilder.DropTable(
                name: "ExerciseCasePiiOverrides");

            migrationBuilder.DropTable(
                name: "FeedbackAnswers");

            migrationBuilder.DropTable(
                name: "HandoverMessages");

            migrationBuilder.DropTable(
                name: "ImmersionEvents");

            migrationBuilder.DropTable(
                name: "ImmersionOfferDates");

            migrationBuilder.DropTable(
                name: "ImmersionPartners");

            migrationBuilder.DropTable(
                name: "ImmersionPlacements");

            migrationBuilder.DropTable(
                name: "ImmersionTeamRules");

            migrationBuilder.DropTable(
                name: "InstalledVersions");

            migrationBuilder.DropTable(
                name: "IntervisionAcknowledgements");

            migrationBuilder.DropTable(
                name: "IntervisionCardGroups");

            migrationBuilder.DropTable(
                name: "IntervisionCards");

            migrationBuilder.DropTable(
                name: "IntervisionSeries");

            migrationBuilder.DropTable(
                name: "IntervisionSessions");

            migrationBuilder.DropTable(
                name: "IntervisionTeamMembers");

            migrationBuilder.DropTable(
                name: "IntervisionTemplates");

            migrationBuilder.DropTable(
                name: "NoteUpdates");

            migrationBuilder.DropTable(
                name: "OutboxMessages");

            migrationBuilder.DropTable(
                name: "PartnerDirectoryEntries");

            migrationBuilder.DropTable(
                name: "RoomConnections");

            migrationBuilder.DropTable(
                name: "RoomParticipants");

            migrationBuilder.DropTable(
                name: "RoomPhases");

            migrationBuilder.DropTable(
                name: "SpeedMeetingPlans");

            migrationBuilder.DropTable(
                name: "ActionItems");

            migrationBuilder.DropTable(
                name: "AspNetRoles");

            migrationBuilder.DropTable(
                name: "Votes");

            migrationBuilder.DropTable(
                name: "CalendarInvitees");

            migrationBuilder.DropTable(
                name: "CommitteeSessions");

            migrationBuilder.DropTable(
                name: "Conferences");

            migrationBuilder.DropTable(
                name: "DiscoveryBookings");

            migrationBuilder.DropTable(
                name: "ExerciseCases");

            migrationBuilder.DropTable(
                name: "FeedbackQuestions");

            migrationBuilder.DropTable(
                name: "FeedbackResponses");

            migrationBuilder.DropTable(
                name: "Handovers");

            migrationBuilder.DropTable(
                name: "ImmersionOffers");

            migrationBuilder.DropTable(
                name: "ImmersionParticipants");

            migrationBuilder.DropTable(
                name: "IntervisionBoards");

            migrationBuilder.DropTable(
                name: "IntervisionTeams");

            migrationBuilder.DropTable(
                name: "NoteDocuments");

            migrationBuilder.DropTable(
                name: "Rooms");

            migrationBuilder.DropTable(
                name: "DiscoveryDays");

            migrationBuilder.DropTable(
                name: "FeedbackInvitations");

            migrationBuilder.DropTable(
                name: "ConferenceCases");

            migrationBuilder.DropTable(
                name: "ImmersionCampaigns");

            migrationBuilder.DropTable(
                name: "CalendarEntries");

            migrationBuilder.DropTable(
                name: "FeedbackForms");

            migrationBuilder.DropTable(
                name: "AspNetUsers");

            migrationBuilder.DropTable(
                name: "Services");

            migrationBuilder.DropTable(
                name: "Organisations");
        }
    }
}
