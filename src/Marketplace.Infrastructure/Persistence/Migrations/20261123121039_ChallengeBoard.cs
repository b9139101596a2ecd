using System;
using System.Collections.Generic;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Marketplace.Infrastructure.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class ChallengeBoard : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "challenges",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    owner_organization_id = table.Column<Guid>(type: "uuid", nullable: false),
                    created_by_user_id = table.Column<Guid>(type: "uuid", nullable: false),
                    title = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    description = table.Column<string>(type: "character varying(10000)", maxLength: 10000, nullable: false),
                    cluster_code = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: false),
                    skill_codes = table.Column<List<string>>(type: "text[]", nullable: false),
                    service_type_code = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: false),
                    bounty = table.Column<decimal>(type: "numeric(14,2)", precision: 14, scale: 2, nullable: false),
                    support_amount = table.Column<decimal>(type: "numeric(14,2)", precision: 14, scale: 2, nullable: false),
                    support_note = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    application_deadline = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    expected_duration_days = table.Column<int>(type: "integer", nullable: false),
                    city_code = table.Column<string>(type: "character varying(6)", maxLength: 6, nullable: false),
                    on_site_required = table.Column<bool>(type: "boolean", nullable: false),
                    ip_arrangement = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    confidentiality = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    race_slots = table.Column<int>(type: "integer", nullable: false),
                    abandon_after_days = table.Column<int>(type: "integer", nullable: false),
                    status = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    redelivery_used = table.Column<bool>(type: "boolean", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    published_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    settled_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    revision = table.Column<int>(type: "integer", nullable: false),
                    xmin = table.Column<uint>(type: "xid", rowVersion: true, nullable: false),
                    invited_engineer_ids = table.Column<List<Guid>>(type: "uuid[]", nullable: false),
                    evaluations = table.Column<string>(type: "jsonb", nullable: true),
                    nda_acceptances = table.Column<string>(type: "jsonb", nullable: true),
                    verifications = table.Column<string>(type: "jsonb", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_challenges", x => x.id);
                    table.ForeignKey(
                        name: "fk_challenges_organizations_owner_organization_id",
                        column: x => x.owner_organization_id,
                        principalTable: "organizations",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "challenge_applications",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    challenge_id = table.Column<Guid>(type: "uuid", nullable: false),
                    lead_engineer_id = table.Column<Guid>(type: "uuid", nullable: false),
                    proposal = table.Column<string>(type: "character varying(5000)", maxLength: 5000, nullable: false),
                    plan = table.Column<string>(type: "character varying(5000)", maxLength: 5000, nullable: false),
                    quote = table.Column<decimal>(type: "numeric(14,2)", precision: 14, scale: 2, nullable: false),
                    timeline_days = table.Column<int>(type: "integer", nullable: false),
                    status = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    submitted_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    xmin = table.Column<uint>(type: "xid", rowVersion: true, nullable: false),
                    scores = table.Column<string>(type: "jsonb", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_challenge_applications", x => x.id);
                    table.ForeignKey(
                        name: "fk_challenge_applications_challenges_challenge_id",
                        column: x => x.challenge_id,
                        principalTable: "challenges",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "challenge_audit",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityAlwaysColumn),
                    at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    actor_user_id = table.Column<Guid>(type: "uuid", nullable: true),
                    party = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    action = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    from = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    to = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    reason = table.Column<string>(type: "character varying(10100)", maxLength: 10100, nullable: true),
                    challenge_id = table.Column<Guid>(type: "uuid", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_challenge_audit", x => x.id);
                    table.ForeignKey(
                        name: "fk_challenge_audit_challenges_challenge_id",
                        column: x => x.challenge_id,
                        principalTable: "challenges",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "challenge_awards",
                columns: table => new
                {
                    application_id = table.Column<Guid>(type: "uuid", nullable: false),
                    challenge_id = table.Column<Guid>(type: "uuid", nullable: false),
                    awarded_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    last_activity_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    status = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_challenge_awards", x => new { x.challenge_id, x.application_id });
                    table.ForeignKey(
                        name: "fk_challenge_awards_challenges_challenge_id",
                        column: x => x.challenge_id,
                        principalTable: "challenges",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "challenge_ledger",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    kind = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    amount = table.Column<decimal>(type: "numeric(14,2)", precision: 14, scale: 2, nullable: false),
                    milestone_id = table.Column<Guid>(type: "uuid", nullable: true),
                    application_id = table.Column<Guid>(type: "uuid", nullable: true),
                    engineer_id = table.Column<Guid>(type: "uuid", nullable: true),
                    at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    challenge_id = table.Column<Guid>(type: "uuid", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_challenge_ledger", x => x.id);
                    table.ForeignKey(
                        name: "fk_challenge_ledger_challenges_challenge_id",
                        column: x => x.challenge_id,
                        principalTable: "challenges",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "challenge_milestones",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    sequence = table.Column<int>(type: "integer", nullable: false),
                    title = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    due_date = table.Column<DateOnly>(type: "date", nullable: false),
                    amount = table.Column<decimal>(type: "numeric(14,2)", precision: 14, scale: 2, nullable: false),
                    status = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    delivery_note = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    delivered_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    review_comment = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    accepted_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    delivered_by_application_id = table.Column<Guid>(type: "uuid", nullable: true),
                    challenge_id = table.Column<Guid>(type: "uuid", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_challenge_milestones", x => x.id);
                    table.ForeignKey(
                        name: "fk_challenge_milestones_challenges_challenge_id",
                        column: x => x.challenge_id,
                        principalTable: "challenges",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "challenge_questions",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    asked_by_user_id = table.Column<Guid>(type: "uuid", nullable: false),
                    text = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false),
                    asked_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    answer = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    answered_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    challenge_id = table.Column<Guid>(type: "uuid", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_challenge_questions", x => x.id);
                    table.ForeignKey(
                        name: "fk_challenge_questions_challenges_challenge_id",
                        column: x => x.challenge_id,
                        principalTable: "challenges",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "challenge_team_members",
                columns: table => new
                {
                    engineer_id = table.Column<Guid>(type: "uuid", nullable: false),
                    application_id = table.Column<Guid>(type: "uuid", nullable: false),
                    share_percent = table.Column<int>(type: "integer", nullable: false),
                    is_lead = table.Column<bool>(type: "boolean", nullable: false),
                    confirmed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_challenge_team_members", x => new { x.application_id, x.engineer_id });
                    table.ForeignKey(
                        name: "fk_challenge_team_members_challenge_applications_application_id",
                        column: x => x.application_id,
                        principalTable: "challenge_applications",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "challenge_award_shares",
                columns: table => new
                {
                    engineer_id = table.Column<Guid>(type: "uuid", nullable: false),
                    challenge_id = table.Column<Guid>(type: "uuid", nullable: false),
                    application_id = table.Column<Guid>(type: "uuid", nullable: false),
                    share_percent = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_challenge_award_shares", x => new { x.challenge_id, x.application_id, x.engineer_id });
                    table.ForeignKey(
                        name: "fk_challenge_award_shares_challenge_awards_challenge_id_applic",
                        columns: x => new { x.challenge_id, x.application_id },
                        principalTable: "challenge_awards",
                        principalColumns: new[] { "challenge_id", "application_id" },
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_challenge_applications_challenge_id_status",
                table: "challenge_applications",
                columns: new[] { "challenge_id", "status" });

            migrationBuilder.CreateIndex(
                name: "ix_challenge_applications_lead_engineer_id",
                table: "challenge_applications",
                column: "lead_engineer_id");

            migrationBuilder.CreateIndex(
                name: "ix_challenge_audit_challenge_id",
                table: "challenge_audit",
                column: "challenge_id");

            migrationBuilder.CreateIndex(
                name: "ix_challenge_ledger_challenge_id",
                table: "challenge_ledger",
                column: "challenge_id");

            migrationBuilder.CreateIndex(
                name: "ix_challenge_ledger_engineer_id",
                table: "challenge_ledger",
                column: "engineer_id");

            migrationBuilder.CreateIndex(
                name: "ix_challenge_milestones_challenge_id",
                table: "challenge_milestones",
                column: "challenge_id");

            migrationBuilder.CreateIndex(
                name: "ix_challenge_questions_challenge_id",
                table: "challenge_questions",
                column: "challenge_id");

            migrationBuilder.CreateIndex(
                name: "ix_challenge_team_members_engineer_id",
                table: "challenge_team_members",
                column: "engineer_id");

            migrationBuilder.CreateIndex(
                name: "ix_challenges_cluster_code",
                table: "challenges",
                column: "cluster_code");

            migrationBuilder.CreateIndex(
                name: "ix_challenges_owner_organization_id",
                table: "challenges",
                column: "owner_organization_id");

            migrationBuilder.CreateIndex(
                name: "ix_challenges_skill_codes",
                table: "challenges",
                column: "skill_codes")
                .Annotation("Npgsql:IndexMethod", "gin");

            migrationBuilder.CreateIndex(
                name: "ix_challenges_status_application_deadline",
                table: "challenges",
                columns: new[] { "status", "application_deadline" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "challenge_audit");

            migrationBuilder.DropTable(
                name: "challenge_award_shares");

            migrationBuilder.DropTable(
                name: "challenge_ledger");

            migrationBuilder.DropTable(
                name: "challenge_milestones");

            migrationBuilder.DropTable(
                name: "challenge_questions");

            migrationBuilder.DropTable(
                name: "challenge_team_members");

            migrationBuilder.DropTable(
                name: "challenge_awards");

            migrationBuilder.DropTable(
                name: "challenge_applications");

            migrationBuilder.DropTable(
                name: "challenges");
        }
    }
}
