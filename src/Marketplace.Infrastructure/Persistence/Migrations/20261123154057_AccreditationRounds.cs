using System;
using System.Collections.Generic;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Marketplace.Infrastructure.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class AccreditationRounds : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "accreditation_rounds",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    region_code = table.Column<string>(type: "character varying(6)", maxLength: 6, nullable: false),
                    application_opens_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    application_closes_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    rubric_version = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    conditions_version = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    trim_min_experts = table.Column<int>(type: "integer", nullable: false),
                    trim_each_side = table.Column<int>(type: "integer", nullable: false),
                    status = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    notice_start = table.Column<DateOnly>(type: "date", nullable: true),
                    notice_end = table.Column<DateOnly>(type: "date", nullable: true),
                    created_by_user_id = table.Column<Guid>(type: "uuid", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    xmin = table.Column<uint>(type: "xid", rowVersion: true, nullable: false),
                    audit = table.Column<string>(type: "jsonb", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_accreditation_rounds", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "center_applications",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    round_id = table.Column<Guid>(type: "uuid", nullable: false),
                    applicant_organization_id = table.Column<Guid>(type: "uuid", nullable: false),
                    region_code = table.Column<string>(type: "character varying(6)", maxLength: 6, nullable: false),
                    created_by_user_id = table.Column<Guid>(type: "uuid", nullable: false),
                    rubric_version = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    conditions_version = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    status = table.Column<string>(type: "character varying(24)", maxLength: 24, nullable: false),
                    construction_plan = table.Column<string>(type: "character varying(20000)", maxLength: 20000, nullable: false),
                    expert_user_ids = table.Column<List<Guid>>(type: "uuid[]", nullable: false, defaultValueSql: "'{}'::uuid[]"),
                    recognition_document_number = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    recognized_on = table.Column<DateOnly>(type: "date", nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    submitted_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    xmin = table.Column<uint>(type: "xid", rowVersion: true, nullable: false),
                    audit = table.Column<string>(type: "jsonb", nullable: true),
                    conditions = table.Column<string>(type: "jsonb", nullable: true),
                    objections = table.Column<string>(type: "jsonb", nullable: true),
                    score = table.Column<string>(type: "jsonb", nullable: true),
                    self_assessment = table.Column<string>(type: "jsonb", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_center_applications", x => x.id);
                    table.ForeignKey(
                        name: "fk_center_applications_accreditation_rounds_round_id",
                        column: x => x.round_id,
                        principalTable: "accreditation_rounds",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_center_applications_organizations_applicant_organization_id",
                        column: x => x.applicant_organization_id,
                        principalTable: "organizations",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "accreditation_evidence_files",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    application_id = table.Column<Guid>(type: "uuid", nullable: false),
                    file_name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    content_type = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    size = table.Column<int>(type: "integer", nullable: false),
                    content = table.Column<byte[]>(type: "bytea", nullable: false),
                    uploaded_by_user_id = table.Column<Guid>(type: "uuid", nullable: false),
                    uploaded_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_accreditation_evidence_files", x => x.id);
                    table.ForeignKey(
                        name: "fk_accreditation_evidence_files_center_applications_applicatio",
                        column: x => x.application_id,
                        principalTable: "center_applications",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "accreditation_score_sheets",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    application_id = table.Column<Guid>(type: "uuid", nullable: false),
                    expert_id = table.Column<Guid>(type: "uuid", nullable: false),
                    rubric_version = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    veto_code = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: true),
                    veto_reason = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    submitted_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    xmin = table.Column<uint>(type: "xid", rowVersion: true, nullable: false),
                    bonus_claims = table.Column<string>(type: "jsonb", nullable: true),
                    marks = table.Column<string>(type: "jsonb", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_accreditation_score_sheets", x => x.id);
                    table.ForeignKey(
                        name: "fk_accreditation_score_sheets_center_applications_application_",
                        column: x => x.application_id,
                        principalTable: "center_applications",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_accreditation_evidence_files_application_id",
                table: "accreditation_evidence_files",
                column: "application_id");

            migrationBuilder.CreateIndex(
                name: "ix_accreditation_rounds_status_application_closes_at",
                table: "accreditation_rounds",
                columns: new[] { "status", "application_closes_at" });

            migrationBuilder.CreateIndex(
                name: "ix_accreditation_score_sheets_application_id_expert_id",
                table: "accreditation_score_sheets",
                columns: new[] { "application_id", "expert_id" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_accreditation_score_sheets_expert_id",
                table: "accreditation_score_sheets",
                column: "expert_id");

            migrationBuilder.CreateIndex(
                name: "ix_center_applications_applicant_organization_id",
                table: "center_applications",
                column: "applicant_organization_id");

            migrationBuilder.CreateIndex(
                name: "ix_center_applications_expert_user_ids",
                table: "center_applications",
                column: "expert_user_ids")
                .Annotation("Npgsql:IndexMethod", "gin");

            migrationBuilder.CreateIndex(
                name: "ix_center_applications_round_id_status",
                table: "center_applications",
                columns: new[] { "round_id", "status" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "accreditation_evidence_files");

            migrationBuilder.DropTable(
                name: "accreditation_score_sheets");

            migrationBuilder.DropTable(
                name: "center_applications");

            migrationBuilder.DropTable(
                name: "accreditation_rounds");
        }
    }
}
