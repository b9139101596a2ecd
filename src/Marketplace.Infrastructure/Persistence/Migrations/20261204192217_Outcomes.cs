using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Marketplace.Infrastructure.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class Outcomes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AlterColumn<string>(
                name: "content_type",
                table: "annual_report_files",
                type: "character varying(128)",
                maxLength: 128,
                nullable: false,
                oldClrType: typeof(string),
                oldType: "character varying(64)",
                oldMaxLength: 64);

            migrationBuilder.CreateTable(
                name: "center_report_years",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    center_id = table.Column<Guid>(type: "uuid", nullable: false),
                    year = table.Column<int>(type: "integer", nullable: false),
                    targets = table.Column<string>(type: "jsonb", nullable: false),
                    narratives = table.Column<string>(type: "jsonb", nullable: false),
                    self_assessment = table.Column<string>(type: "jsonb", nullable: false),
                    submitted_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    xmin = table.Column<uint>(type: "xid", rowVersion: true, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_center_report_years", x => x.id);
                    table.ForeignKey(
                        name: "fk_center_report_years_accredited_centers_center_id",
                        column: x => x.center_id,
                        principalTable: "accredited_centers",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "outcome_evidence_files",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    owner_organization_id = table.Column<Guid>(type: "uuid", nullable: false),
                    file_name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    content_type = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    size = table.Column<int>(type: "integer", nullable: false),
                    content = table.Column<byte[]>(type: "bytea", nullable: false),
                    uploaded_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_outcome_evidence_files", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "outcome_entries",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    owner_organization_id = table.Column<Guid>(type: "uuid", nullable: false),
                    kind = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    subtype = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    title = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    occurred_on = table.Column<DateOnly>(type: "date", nullable: false),
                    amount = table.Column<decimal>(type: "numeric(16,2)", precision: 16, scale: 2, nullable: true),
                    source = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: true),
                    times_shared = table.Column<int>(type: "integer", nullable: true),
                    detail = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    evidence_file_id = table.Column<Guid>(type: "uuid", nullable: false),
                    evidence_file_name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    created_by = table.Column<Guid>(type: "uuid", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_outcome_entries", x => x.id);
                    table.ForeignKey(
                        name: "fk_outcome_entries_organizations_owner_organization_id",
                        column: x => x.owner_organization_id,
                        principalTable: "organizations",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_outcome_entries_outcome_evidence_files_evidence_file_id",
                        column: x => x.evidence_file_id,
                        principalTable: "outcome_evidence_files",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "ix_center_report_years_center_id_year",
                table: "center_report_years",
                columns: new[] { "center_id", "year" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_outcome_entries_evidence_file_id",
                table: "outcome_entries",
                column: "evidence_file_id");

            migrationBuilder.CreateIndex(
                name: "ix_outcome_entries_owner_organization_id_occurred_on",
                table: "outcome_entries",
                columns: new[] { "owner_organization_id", "occurred_on" });

            migrationBuilder.CreateIndex(
                name: "ix_outcome_evidence_files_owner_organization_id",
                table: "outcome_evidence_files",
                column: "owner_organization_id");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "center_report_years");

            migrationBuilder.DropTable(
                name: "outcome_entries");

            migrationBuilder.DropTable(
                name: "outcome_evidence_files");

            migrationBuilder.AlterColumn<string>(
                name: "content_type",
                table: "annual_report_files",
                type: "character varying(64)",
                maxLength: 64,
                nullable: false,
                oldClrType: typeof(string),
                oldType: "character varying(128)",
                oldMaxLength: 128);
        }
    }
}
