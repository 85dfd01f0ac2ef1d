using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace CaseHub.Migrations.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class Casework : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // 0.1.0 kept the themes as flags in "Themes" (not the new "Model"): add the model, convert the themes into
            // grid rows below, then drop the flags.
            migrationBuilder.AddColumn<int>(
                name: "Model",
                table: "ConferenceCases",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AlterColumn<string>(
                name: "Service",
                table: "ConferenceCases",
                type: "character varying(150)",
                maxLength: 150,
                nullable: true,
                oldClrType: typeof(string),
                oldType: "character varying(150)",
                oldMaxLength: 150);

            migrationBuilder.AddColumn<int>(
                name: "ConsultationWeeks",
                table: "ConferenceCases",
                type: "integer",
                nullable: true);

            migrationBuilder.AddColumn<DateOnly>(
                name: "FollowUpRemindedFor",
                table: "ConferenceCases",
                type: "date",
                nullable: true);

            migrationBuilder.AddColumn<DateOnly>(
                name: "NextFollowUp",
                table: "ConferenceCases",
                type: "date",
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "ServiceId",
                table: "ConferenceCases",
                type: "uuid",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "CaseDocuments",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    CaseId = table.Column<Guid>(type: "uuid", nullable: false),
                    TypeKey = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    ProvidedOn = table.Column<DateOnly>(type: "date", nullable: false),
                    ServiceId = table.Column<Guid>(type: "uuid", nullable: true),
                    ValidUntil = table.Column<DateOnly>(type: "date", nullable: true),
                    AddedBy = table.Column<Guid>(type: "uuid", nullable: false),
                    AddedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CaseDocuments", x => x.Id);
                    table.ForeignKey(
                        name: "FK_CaseDocuments_ConferenceCases_CaseId",
                        column: x => x.CaseId,
                        principalTable: "ConferenceCases",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_CaseDocuments_Services_ServiceId",
                        column: x => x.ServiceId,
                        principalTable: "Services",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "CaseFollowUps",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    CaseId = table.Column<Guid>(type: "uuid", nullable: false),
                    Kind = table.Column<int>(type: "integer", nullable: false),
                    Model = table.Column<int>(type: "integer", nullable: false),
                    Date = table.Column<DateOnly>(type: "date", nullable: false),
                    UserId = table.Column<Guid>(type: "uuid", nullable: false),
                    At = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CaseFollowUps", x => x.Id);
                    table.ForeignKey(
                        name: "FK_CaseFollowUps_ConferenceCases_CaseId",
                        column: x => x.CaseId,
                        principalTable: "ConferenceCases",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "CaseGridActions",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    CaseId = table.Column<Guid>(type: "uuid", nullable: false),
                    Theme = table.Column<int>(type: "integer", nullable: false),
                    Term = table.Column<int>(type: "integer", nullable: false),
                    Owner = table.Column<int>(type: "integer", nullable: false),
                    Text = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    Version = table.Column<int>(type: "integer", nullable: false),
                    CreatedBy = table.Column<Guid>(type: "uuid", nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    UpdatedBy = table.Column<Guid>(type: "uuid", nullable: false),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CaseGridActions", x => x.Id);
                    table.ForeignKey(
                        name: "FK_CaseGridActions_ConferenceCases_CaseId",
                        column: x => x.CaseId,
                        principalTable: "ConferenceCases",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "CaseGridChanges",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    CaseId = table.Column<Guid>(type: "uuid", nullable: false),
                    Theme = table.Column<int>(type: "integer", nullable: false),
                    ActionId = table.Column<Guid>(type: "uuid", nullable: true),
                    Kind = table.Column<int>(type: "integer", nullable: false),
                    Version = table.Column<int>(type: "integer", nullable: false),
                    Rating = table.Column<int>(type: "integer", nullable: true),
                    Text = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    Term = table.Column<int>(type: "integer", nullable: true),
                    Owner = table.Column<int>(type: "integer", nullable: true),
                    Visibility = table.Column<int>(type: "integer", nullable: false),
                    UserId = table.Column<Guid>(type: "uuid", nullable: false),
                    At = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CaseGridChanges", x => x.Id);
                    table.ForeignKey(
                        name: "FK_CaseGridChanges_ConferenceCases_CaseId",
                        column: x => x.CaseId,
                        principalTable: "ConferenceCases",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "CaseGridEditors",
                columns: table => new
                {
                    CaseId = table.Column<Guid>(type: "uuid", nullable: false),
                    UserId = table.Column<Guid>(type: "uuid", nullable: false),
                    Cell = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Until = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CaseGridEditors", x => new { x.CaseId, x.UserId });
                    table.ForeignKey(
                        name: "FK_CaseGridEditors_ConferenceCases_CaseId",
                        column: x => x.CaseId,
                        principalTable: "ConferenceCases",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "CaseGridThemes",
                columns: table => new
                {
                    CaseId = table.Column<Guid>(type: "uuid", nullable: false),
                    Theme = table.Column<int>(type: "integer", nullable: false),
                    Rating = table.Column<int>(type: "integer", nullable: true),
                    Text = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    Visibility = table.Column<int>(type: "integer", nullable: false),
                    Version = table.Column<int>(type: "integer", nullable: false),
                    UpdatedBy = table.Column<Guid>(type: "uuid", nullable: false),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CaseGridThemes", x => new { x.CaseId, x.Theme });
                    table.ForeignKey(
                        name: "FK_CaseGridThemes_ConferenceCases_CaseId",
                        column: x => x.CaseId,
                        principalTable: "ConferenceCases",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "CaseMessages",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    CaseId = table.Column<Guid>(type: "uuid", nullable: false),
                    AuthorId = table.Column<Guid>(type: "uuid", nullable: false),
                    Kind = table.Column<int>(type: "integer", nullable: false),
                    ReplyToId = table.Column<Guid>(type: "uuid", nullable: true),
                    Text = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false),
                    Visibility = table.Column<int>(type: "integer", nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CaseMessages", x => x.Id);
                    table.ForeignKey(
                        name: "FK_CaseMessages_ConferenceCases_CaseId",
                        column: x => x.CaseId,
                        principalTable: "ConferenceCases",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "CaseMessageMentions",
                columns: table => new
                {
                    MessageId = table.Column<Guid>(type: "uuid", nullable: false),
                    UserId = table.Column<Guid>(type: "uuid", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CaseMessageMentions", x => new { x.MessageId, x.UserId });
                    table.ForeignKey(
                        name: "FK_CaseMessageMentions_CaseMessages_MessageId",
                        column: x => x.MessageId,
                        principalTable: "CaseMessages",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_ConferenceCases_NextFollowUp",
                table: "ConferenceCases",
                column: "NextFollowUp");

            migrationBuilder.CreateIndex(
                name: "IX_ConferenceCases_ServiceId",
                table: "ConferenceCases",
                column: "ServiceId");

            migrationBuilder.CreateIndex(
                name: "IX_CaseDocuments_CaseId",
                table: "CaseDocuments",
                column: "CaseId");

            migrationBuilder.CreateIndex(
                name: "IX_CaseDocuments_ServiceId",
                table: "CaseDocuments",
                column: "ServiceId");

            migrationBuilder.CreateIndex(
                name: "IX_CaseDocuments_ValidUntil",
                table: "CaseDocuments",
                column: "ValidUntil");

            migrationBuilder.CreateIndex(
                name: "IX_CaseFollowUps_CaseId",
                table: "CaseFollowUps",
                column: "CaseId");

            migrationBuilder.CreateIndex(
                name: "IX_CaseGridActions_CaseId_Theme",
                table: "CaseGridActions",
                columns: new[] { "CaseId", "Theme" });

            migrationBuilder.CreateIndex(
                name: "IX_CaseGridChanges_CaseId_At",
                table: "CaseGridChanges",
                columns: new[] { "CaseId", "At" });

            migrationBuilder.CreateIndex(
                name: "IX_CaseMessageMentions_UserId",
                table: "CaseMessageMentions",
                column: "UserId");

            migrationBuilder.CreateIndex(
                name: "IX_CaseMessages_CaseId_CreatedAt",
                table: "CaseMessages",
                columns: new[] { "CaseId", "CreatedAt" });

            migrationBuilder.AddForeignKey(
                name: "FK_ConferenceCases_Services_ServiceId",
                table: "ConferenceCases",
                column: "ServiceId",
                principalTable: "Services",
                principalColumn: "Id",
                onDelete: ReferentialAction.Restrict);

            // The themes ticked in 0.1.0 become present, unrated cells of the grid, reserved to CPAS staff (Visibility 1),
            // with their history line; flag 1 << n is theme n.
            for (var theme = 0; theme < 8; theme++)
            {
                var flag = 1 << theme;
                migrationBuilder.Sql($"""
                    INSERT INTO "CaseGridThemes" ("CaseId", "Theme", "Rating", "Text", "Visibility", "Version", "UpdatedBy", "UpdatedAt")
                    SELECT "Id", {theme}, NULL, NULL, 1, 1, "FacilitatorId", "CreatedAt" FROM "ConferenceCases" WHERE ("Themes" & {flag}) <> 0;
                    INSERT INTO "CaseGridChanges" ("CaseId", "Theme", "ActionId", "Kind", "Version", "Rating", "Text", "Term", "Owner", "Visibility", "UserId", "At")
                    SELECT "Id", {theme}, NULL, 0, 1, NULL, NULL, NULL, NULL, 1, "FacilitatorId", "CreatedAt" FROM "ConferenceCases" WHERE ("Themes" & {flag}) <> 0;
                    """);
            }

            // A free-text service that names a CPAS service (Organisations.Kind 0) becomes that service; any other stays
            // as the legacy text, shown until the facilitator picks the service from the list. (The text is not cleared
            // here: on SQLite the column becomes nullable only in the table rebuild at the end of the migration; once a
            // service is set the text is ignored and cleared on the next edit.)
            migrationBuilder.Sql("""
                UPDATE "ConferenceCases" SET "ServiceId" = (
                    SELECT s."Id" FROM "Services" s JOIN "Organisations" o ON o."Id" = s."OrganisationId"
                    WHERE o."Kind" = 0 AND lower(trim(s."Name")) = lower(trim("ConferenceCases"."Service"))
                    ORDER BY s."Name" LIMIT 1);
                """);

            migrationBuilder.DropColumn(
                name: "Themes",
                table: "ConferenceCases");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            // Back to 0.1.0: the service as text, the grid's themes as flags (ratings, texts and actions are lost).
            migrationBuilder.Sql("""
                UPDATE "ConferenceCases" SET "Service" = COALESCE("Service", (SELECT s."Name" FROM "Services" s WHERE s."Id" = "ConferenceCases"."ServiceId"), '');
                """);
            migrationBuilder.AddColumn<int>(
                name: "Themes",
                table: "ConferenceCases",
                type: "integer",
                nullable: false,
                defaultValue: 0);
            migrationBuilder.Sql("""
                UPDATE "ConferenceCases" SET "Themes" = COALESCE((SELECT SUM(1 << t."Theme") FROM "CaseGridThemes" t WHERE t."CaseId" = "ConferenceCases"."Id"), 0);
                """);

            migrationBuilder.DropForeignKey(
                name: "FK_ConferenceCases_Services_ServiceId",
                table: "ConferenceCases");

            migrationBuilder.DropTable(
                name: "CaseDocuments");

            migrationBuilder.DropTable(
                name: "CaseFollowUps");

            migrationBuilder.DropTable(
                name: "CaseGridActions");

            migrationBuilder.DropTable(
                name: "CaseGridChanges");

            migrationBuilder.DropTable(
                name: "CaseGridEditors");

            migrationBuilder.DropTable(
                name: "CaseGridThemes");

            migrationBuilder.DropTable(
                name: "CaseMessageMentions");

            migrationBuilder.DropTable(
                name: "CaseMessages");

            migrationBuilder.DropIndex(
                name: "IX_ConferenceCases_NextFollowUp",
                table: "ConferenceCases");

            migrationBuilder.DropIndex(
                name: "IX_ConferenceCases_ServiceId",
                table: "ConferenceCases");

            migrationBuilder.DropColumn(
                name: "ConsultationWeeks",
                table: "ConferenceCases");

            migrationBuilder.DropColumn(
                name: "FollowUpRemindedFor",
                table: "ConferenceCases");

            migrationBuilder.DropColumn(
                name: "NextFollowUp",
                table: "ConferenceCases");

            migrationBuilder.DropColumn(
                name: "ServiceId",
                table: "ConferenceCases");

            migrationBuilder.DropColumn(
                name: "Model",
                table: "ConferenceCases");

            migrationBuilder.AlterColumn<string>(
                name: "Service",
                table: "ConferenceCases",
                type: "character varying(150)",
                maxLength: 150,
                nullable: false,
                defaultValue: "",
                oldClrType: typeof(string),
                oldType: "character varying(150)",
                oldMaxLength: 150,
                oldNullable: true);
        }
    }
}
