using System;
using System.Collections.Generic;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Marketplace.Infrastructure.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class MentoringStudios : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "mentoring_studios",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    applicant_organization_id = table.Column<Guid>(type: "uuid", nullable: false),
                    region_code = table.Column<string>(type: "character varying(6)", maxLength: 6, nullable: false),
                    created_by_user_id = table.Column<Guid>(type: "uuid", nullable: false),
                    programme_version = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    status = table.Column<string>(type: "character varying(24)", maxLength: 24, nullable: false),
                    host_engineer_id = table.Column<Guid>(type: "uuid", nullable: true),
                    form = table.Column<string>(type: "jsonb", nullable: false),
                    expert_user_ids = table.Column<List<Guid>>(type: "uuid[]", nullable: false, defaultValueSql: "'{}'::uuid[]"),
                    notice_start = table.Column<DateOnly>(type: "date", nullable: true),
                    notice_end = table.Column<DateOnly>(type: "date", nullable: true),
                    recognition_document_number = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    recognized_on = table.Column<DateOnly>(type: "date", nullable: true),
                    cycle_start = table.Column<DateOnly>(type: "date", nullable: true),
                    cycle_end = table.Column<DateOnly>(type: "date", nullable: true),
                    re_evaluated_on = table.Column<DateOnly>(type: "date", nullable: true),
                    re_evaluation_passed = table.Column<bool>(type: "boolean", nullable: true),
                    fund_granted_yuan = table.Column<decimal>(type: "numeric(12,2)", precision: 12, scale: 2, nullable: false),
                    revoked_on = table.Column<DateOnly>(type: "date", nullable: true),
                    revocation_reason = table.Column<string>(type: "character varying(2020)", maxLength: 2020, nullable: true),
                    recovered_yuan = table.Column<decimal>(type: "numeric(12,2)", precision: 12, scale: 2, nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    submitted_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    xmin = table.Column<uint>(type: "xid", rowVersion: true, nullable: false),
                    audit = table.Column<string>(type: "jsonb", nullable: true),
                    city_sign_offs = table.Column<string>(type: "jsonb", nullable: true),
                    expert_opinions = table.Column<string>(type: "jsonb", nullable: true),
                    fund_entries = table.Column<string>(type: "jsonb", nullable: true),
                    objections = table.Column<string>(type: "jsonb", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_mentoring_studios", x => x.id);
                    table.ForeignKey(
                        name: "fk_mentoring_studios_engineers_host_engineer_id",
                        column: x => x.host_engineer_id,
                        principalTable: "engineers",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_mentoring_studios_organizations_applicant_organization_id",
                        column: x => x.applicant_organization_id,
                        principalTable: "organizations",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "studio_files",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    studio_id = table.Column<Guid>(type: "uuid", nullable: false),
                    purpose = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    file_name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    content_type = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    size = table.Column<int>(type: "integer", nullable: false),
                    content = table.Column<byte[]>(type: "bytea", nullable: false),
                    uploaded_by_user_id = table.Column<Guid>(type: "uuid", nullable: false),
                    uploaded_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_studio_files", x => x.id);
                    table.ForeignKey(
                        name: "fk_studio_files_mentoring_studios_studio_id",
                        column: x => x.studio_id,
                        principalTable: "mentoring_studios",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_mentoring_studios_applicant_organization_id",
                table: "mentoring_studios",
                column: "applicant_organization_id");

            migrationBuilder.CreateIndex(
                name: "ix_mentoring_studios_expert_user_ids",
                table: "mentoring_studios",
                column: "expert_user_ids")
                .Annotation("Npgsql:IndexMethod", "gin");

            migrationBuilder.CreateIndex(
                name: "ix_mentoring_studios_host_engineer_id",
                table: "mentoring_studios",
                column: "host_engineer_id");

            migrationBuilder.CreateIndex(
                name: "ix_mentoring_studios_status_region_code",
                table: "mentoring_studios",
                columns: new[] { "status", "region_code" });

            migrationBuilder.CreateIndex(
                name: "ix_studio_files_studio_id_purpose",
                table: "studio_files",
                columns: new[] { "studio_id", "purpose" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "studio_files");

            migrationBuilder.DropTable(
                name: "mentoring_studios");
        }
    }
}
