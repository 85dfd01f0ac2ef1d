using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CaseHub.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class MeetingLifeCycle : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "PreparationRemindedAt",
                table: "RoomParticipants",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "PreparationSeenAt",
                table: "RoomParticipants",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "Chair",
                table: "CalendarInvitees",
                type: "INTEGER",
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
