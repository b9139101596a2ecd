using System;
using System.Collections.Generic;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Marketplace.Infrastructure.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class CenterLifecycle : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "accredited_centers",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    application_id = table.Column<Guid>(type: "uuid", nullable: false),
                    round_id = table.Column<Guid>(type: "uuid", nullable: false),
                    organization_id = table.Column<Guid>(type: "uuid", nullable: false),
                    region_code = table.Column<string>(type: "character varying(6)", maxLength: 6, nullable: false),
                    document_number = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    recognized_on = table.Column<DateOnly>(type: "date", nullable: false),
                    stage = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    cultivation_ends_on = table.Column<DateOnly>(type: "date", nullable: false),
                    rectification_ends_on = table.Column<DateOnly>(type: "date", nullable: true),
                    flagged_for_revocation = table.Column<bool>(type: "boolean", nullable: false),
                    flagged_years = table.Column<List<int>>(type: "integer[]", nullable: false, defaultValueSql: "'{}'::integer[]"),
                    flagged_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    revoked_on = table.Column<DateOnly>(type: "date", nullable: true),
                    revocation_reason = table.Column<string>(type: "character varying(2020)", maxLength: 2020, nullable: true),
                    reminders_sent = table.Column<List<string>>(type: "text[]", nullable: false, defaultValueSql: "'{}'::text[]"),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    xmin = table.Column<uint>(type: "xid", rowVersion: true, nullable: false),
                    audit = table.Column<string>(type: "jsonb", nullable: true),
                    evaluations = table.Column<string>(type: "jsonb", nullable: true),
                    reports = table.Column<string>(type: "jsonb", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_accredited_centers", x => x.id);
                    table.ForeignKey(
                        name: "fk_accredited_centers_center_applications_application_id",
                        column: x => x.application_id,
                        principalTable: "center_applications",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_accredited_centers_organizations_organization_id",
                        column: x => x.organization_id,
                        principalTable: "organizations",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "annual_report_files",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    center_id = table.Column<Guid>(type: "uuid", nullable: false),
                    year = table.Column<int>(type: "integer", nullable: false),
                    file_name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    content_type = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    size = table.Column<int>(type: "integer", nullable: false),
                    content = table.Column<byte[]>(type: "bytea", nullable: false),
                    uploaded_by_user_id = table.Column<Guid>(type: "uuid", nullable: true),
                    uploaded_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_annual_report_files", x => x.id);
                    table.ForeignKey(
                        name: "fk_annual_report_files_accredited_centers_center_id",
                        column: x => x.center_id,
                        principalTable: "accredited_centers",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_accredited_centers_application_id",
                table: "accredited_centers",
                column: "application_id",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_accredited_centers_organization_id",
                table: "accredited_centers",
                column: "organization_id");

            migrationBuilder.CreateIndex(
                name: "ix_accredited_centers_stage",
                table: "accredited_centers",
                column: "stage");

            migrationBuilder.CreateIndex(
                name: "ix_annual_report_files_center_id_year",
                table: "annual_report_files",
                columns: new[] { "center_id", "year" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "annual_report_files");

            migrationBuilder.DropTable(
                name: "accredited_centers");
        }
    }
}
