using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CaseHub.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class DatePolls : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "DatePolls",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    MeetingId = table.Column<Guid>(type: "TEXT", nullable: false),
                    MeetingIsRoom = table.Column<bool>(type: "INTEGER", nullable: false),
                    OrganiserId = table.Column<Guid>(type: "TEXT", nullable: false),
                    HideAnswers = table.Column<bool>(type: "INTEGER", nullable: false),
                    Status = table.Column<int>(type: "INTEGER", nullable: false),
                    PickedSlotId = table.Column<Guid>(type: "TEXT", nullable: true),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    ClosedAt = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DatePolls", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "DatePollInvitees",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    PollId = table.Column<Guid>(type: "TEXT", nullable: false),
                    UserId = table.Column<Guid>(type: "TEXT", nullable: true),
                    Email = table.Column<string>(type: "TEXT", maxLength: 254, nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Language = table.Column<string>(type: "TEXT", maxLength: 2, nullable: false),
                    TokenHash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    Comment = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    AnsweredAt = table.Column<long>(type: "INTEGER", nullable: true),
                    RemindedAt = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DatePollInvitees", x => x.Id);
                    table.ForeignKey(
                        name: "FK_DatePollInvitees_DatePolls_PollId",
                        column: x => x.PollId,
                        principalTable: "DatePolls",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "DatePollSlots",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    PollId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Start = table.Column<long>(type: "INTEGER", nullable: false),
                    End = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DatePollSlots", x => x.Id);
                    table.ForeignKey(
                        name: "FK_DatePollSlots_DatePolls_PollId",
                        column: x => x.PollId,
                        principalTable: "DatePolls",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "DatePollAnswers",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    InviteeId = table.Column<Guid>(type: "TEXT", nullable: false),
                    SlotId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Choice = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DatePollAnswers", x => x.Id);
                    table.ForeignKey(
                        name: "FK_DatePollAnswers_DatePollInvitees_InviteeId",
                        column: x => x.InviteeId,
                        principalTable: "DatePollInvitees",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_DatePollAnswers_DatePollSlots_SlotId",
                        column: x => x.SlotId,
                        principalTable: "DatePollSlots",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_DatePollAnswers_InviteeId_SlotId",
                table: "DatePollAnswers",
                columns: new[] { "InviteeId", "SlotId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_DatePollAnswers_SlotId",
                table: "DatePollAnswers",
                column: "SlotId");

            migrationBuilder.CreateIndex(
                name: "IX_DatePollInvitees_PollId_UserId",
                table: "DatePollInvitees",
                columns: new[] { "PollId", "UserId" });

            migrationBuilder.CreateIndex(
                name: "IX_DatePollInvitees_TokenHash",
                table: "DatePollInvitees",
                column: "TokenHash",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_DatePolls_MeetingId_Status",
                table: "DatePolls",
                columns: new[] { "MeetingId", "Status" });

            migrationBuilder.CreateIndex(
                name: "IX_DatePollSlots_PollId",
                table: "DatePollSlots",
                column: "PollId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "DatePollAnswers");

            migrationBuilder.DropTable(
                name: "DatePollInvitees");

            migrationBuilder.DropTable(
                name: "DatePollSlots");

            migrationBuilder.DropTable(
                name: "DatePolls");
        }
    }
}
