using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CaseHub.Migrations.Sqlite.Migrations
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
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    RoomId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Anonymous = table.Column<bool>(type: "INTEGER", nullable: false),
                    DotsPerPerson = table.Column<int>(type: "INTEGER", nullable: false),
                    Salt = table.Column<byte[]>(type: "BLOB", maxLength: 32, nullable: true),
                    VotesRevealedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    Version = table.Column<long>(type: "INTEGER", nullable: false)
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
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    PlacementId = table.Column<Guid>(type: "TEXT", nullable: false),
                    CampaignId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Organisation = table.Column<string>(type: "TEXT", maxLength: 150, nullable: false),
                    Service = table.Column<string>(type: "TEXT", maxLength: 150, nullable: true),
                    Email = table.Column<string>(type: "TEXT", maxLength: 254, nullable: true),
                    Phone = table.Column<string>(type: "TEXT", maxLength: 40, nullable: true),
                    NotedBy = table.Column<Guid>(type: "TEXT", nullable: false),
                    NotedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    ConsentGivenOn = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    ConsentMethod = table.Column<int>(type: "INTEGER", nullable: true),
                    ConsentRecordedBy = table.Column<Guid>(type: "TEXT", nullable: true),
                    ConsentRecordedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    ConsentWithdrawnAt = table.Column<long>(type: "INTEGER", nullable: true),
                    DirectoryEntryId = table.Column<Guid>(type: "TEXT", nullable: true)
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
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    BoardId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Label = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Order = table.Column<int>(type: "INTEGER", nullable: false)
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
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    BoardId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Text = table.Column<string>(type: "TEXT", maxLength: 280, nullable: false),
                    AuthorId = table.Column<Guid>(type: "TEXT", nullable: true),
                    AuthorTag = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    GroupId = table.Column<Guid>(type: "TEXT", nullable: true),
                    Position = table.Column<int>(type: "INTEGER", nullable: false),
                    DecisionId = table.Column<Guid>(type: "TEXT", nullable: true)
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
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    BoardId = table.Column<Guid>(type: "TEXT", nullable: false),
                    CardId = table.Column<Guid>(type: "TEXT", nullable: false),
                    VoterId = table.Column<Guid>(type: "TEXT", nullable: false)
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
