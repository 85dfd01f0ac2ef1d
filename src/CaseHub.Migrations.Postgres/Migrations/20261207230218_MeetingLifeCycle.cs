using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CaseHub.Migrations.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class MeetingLifeCycle : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "PreparationRemindedAt",
                table: "RoomParticipants",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "PreparationSeenAt",
                table: "RoomParticipants",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "Chair",
                table: "CalendarInvitees",
                type: "boolean",
                nullable: false,
                defaultValue: false);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "PreparationRemindedAt",
                table: "RoomParticipants");

            migrationBuilder.DropColumn(
                name: "PreparationSeenAt",
                table: "RoomParticipants");

            migrationBuilder.DropColumn(
                name: "Chair",
                table: "CalendarInvitees");
        }
    }
}
