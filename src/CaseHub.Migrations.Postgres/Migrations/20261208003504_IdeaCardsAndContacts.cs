using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CaseHub.Migrations.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class IdeaCardsAndContacts : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "IdeaBoards",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    RoomId = table.Column<Guid>(type: "uuid", nullable: false),
                    Anonymous = table.Column<bool>(type: "boolean", nullable: false),
                    DotsPerPerson = table.Column<int>(type: "integer", nullable: false),
                    Salt = table.Column<byte[]>(type: "bytea", maxLength: 32, nullable: true),
                    VotesRevealedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    Version = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_IdeaBoards", x => x.Id);
                    table.ForeignKey(
                        name: "FK_IdeaBoards_Rooms_RoomId",
                        column: x => x.RoomId,
                        principalTable: "Rooms",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "ImmersionContacts",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    PlacementId = table.Column<Guid>(type: "uuid", nullable: false),
                    CampaignId = table.Column<Guid>(type: "uuid", nullable: false),
                    Name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Organisation = table.Column<string>(type: "character varying(150)", maxLength: 150, nullable: false),
                    Service = table.Column<string>(type: "character varying(150)", maxLength: 150, nullable: true),
                    Email = table.Column<string>(type: "character varying(254)", maxLength: 254, nullable: true),
                    Phone = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: true),
                    NotedBy = table.Column<Guid>(type: "uuid", nullable: false),
                    NotedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    ConsentGivenOn = table.Column<DateOnly>(type: "date", nullable: true),
                    ConsentMethod = table.Column<int>(type: "integer", nullable: true),
                    ConsentRecordedBy = table.Column<Guid>(type: "uuid", nullable: true),
                    ConsentRecordedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    ConsentWithdrawnAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    DirectoryEntryId = table.Column<Guid>(type: "uuid", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ImmersionContacts", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ImmersionContacts_ImmersionPlacements_PlacementId",
                        column: x => x.PlacementId,
                        principalTable: "ImmersionPlacements",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_ImmersionContacts_PartnerDirectoryEntries_DirectoryEntryId",
                        column: x => x.DirectoryEntryId,
                        principalTable: "PartnerDirectoryEntries",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.SetNull);
                });

            migrationBuilder.CreateTable(
                name: "IdeaCardGroups",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    BoardId = table.Column<Guid>(type: "uuid", nullable: false),
                    Label = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Order = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_IdeaCardGroups", x => x.Id);
                    table.ForeignKey(
                        name: "FK_IdeaCardGroups_IdeaBoards_BoardId",
                        column: x => x.BoardId,
                        principalTable: "IdeaBoards",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "IdeaCards",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    BoardId = table.Column<Guid>(type: "uuid", nullable: false),
                    Text = table.Column<string>(type: "character varying(280)", maxLength: 280, nullable: false),
                    AuthorId = table.Column<Guid>(type: "uuid", nullable: true),
                    AuthorTag = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    GroupId = table.Column<Guid>(type: "uuid", nullable: true),
                    Position = table.Column<int>(type: "integer", nullable: false),
                    DecisionId = table.Column<Guid>(type: "uuid", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_IdeaCards", x => x.Id);
                    table.ForeignKey(
                        name: "FK_IdeaCards_AspNetUsers_AuthorId",
                        column: x => x.AuthorId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.SetNull);
                    table.ForeignKey(
                        name: "FK_IdeaCards_IdeaBoards_BoardId",
                        column: x => x.BoardId,
                        principalTable: "IdeaBoards",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "IdeaDots",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    BoardId = table.Column<Guid>(type: "uuid", nullable: false),
                    CardId = table.Column<Guid>(type: "uuid", nullable: false),
                    VoterId = table.Column<Guid>(type: "uuid", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_IdeaDots", x => x.Id);
                    table.ForeignKey(
                        name: "FK_IdeaDots_AspNetUsers_VoterId",
                        column: x => x.VoterId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_IdeaDots_IdeaBoards_BoardId",
                        column: x => x.BoardId,
                        principalTable: "IdeaBoards",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_IdeaDots_IdeaCards_CardId",
                        column: x => x.CardId,
                        principalTable: "IdeaCards",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_IdeaBoards_RoomId",
                table: "IdeaBoards",
                column: "RoomId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_IdeaCardGroups_BoardId",
                table: "IdeaCardGroups",
                column: "BoardId");

            migrationBuilder.CreateIndex(
                name: "IX_IdeaCards_AuthorId",
                table: "IdeaCards",
                column: "AuthorId");

            migrationBuilder.CreateIndex(
                name: "IX_IdeaCards_BoardId",
                table: "IdeaCards",
                column: "BoardId");

            migrationBuilder.CreateIndex(
                name: "IX_IdeaDots_BoardId_VoterId",
                table: "IdeaDots",
                columns: new[] { "BoardId", "VoterId" });

            migrationBuilder.CreateIndex(
                name: "IX_IdeaDots_CardId",
                table: "IdeaDots",
                column: "CardId");

            migrationBuilder.CreateIndex(
                name: "IX_IdeaDots_VoterId",
                table: "IdeaDots",
                column: "VoterId");

            migrationBuilder.CreateIndex(
                name: "IX_ImmersionContacts_CampaignId",
                table: "ImmersionContacts",
                column: "CampaignId");

            migrationBuilder.CreateIndex(
                name: "IX_ImmersionContacts_DirectoryEntryId",
                table: "ImmersionContacts",
                column: "DirectoryEntryId");

            migrationBuilder.CreateIndex(
                name: "IX_ImmersionContacts_PlacementId",
                table: "ImmersionContacts",
                column: "PlacementId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "IdeaCardGroups");

            migrationBuilder.DropTable(
                name: "IdeaDots");

            migrationBuilder.DropTable(
                name: "ImmersionContacts");

            migrationBuilder.DropTable(
                name: "IdeaCards");

            migrationBuilder.DropTable(
                name: "IdeaBoards");
        }
    }
}
