using System;
using System.Collections.Generic;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Marketplace.Infrastructure.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class LiveServices : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "consultations",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    company_organization_id = table.Column<Guid>(type: "uuid", nullable: false),
                    requested_by_user_id = table.Column<Guid>(type: "uuid", nullable: false),
                    center_organization_id = table.Column<Guid>(type: "uuid", nullable: true),
                    engineer_id = table.Column<Guid>(type: "uuid", nullable: true),
                    engineer_user_id = table.Column<Guid>(type: "uuid", nullable: true),
                    topic = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    question = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    price = table.Column<decimal>(type: "numeric(14,2)", precision: 14, scale: 2, nullable: false),
                    status = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    routed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    routed_by_user_id = table.Column<Guid>(type: "uuid", nullable: true),
                    accepted_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    ended_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    ended_by_user_id = table.Column<Guid>(type: "uuid", nullable: true),
                    decline_reason = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    rating = table.Column<int>(type: "integer", nullable: true),
                    rating_comment = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    rated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    last_seq = table.Column<int>(type: "integer", nullable: false),
                    company_read_seq = table.Column<int>(type: "integer", nullable: false),
                    engineer_read_seq = table.Column<int>(type: "integer", nullable: false),
                    attachment_count = table.Column<int>(type: "integer", nullable: false),
                    xmin = table.Column<uint>(type: "xid", rowVersion: true, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_consultations", x => x.id);
                    table.ForeignKey(
                        name: "fk_consultations_engineers_engineer_id",
                        column: x => x.engineer_id,
                        principalTable: "engineers",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_consultations_organizations_center_organization_id",
                        column: x => x.center_organization_id,
                        principalTable: "organizations",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_consultations_organizations_company_organization_id",
                        column: x => x.company_organization_id,
                        principalTable: "organizations",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_consultations_users_requested_by_user_id",
                        column: x => x.requested_by_user_id,
                        principalTable: "users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "matching_events",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    host_user_id = table.Column<Guid>(type: "uuid", nullable: false),
                    host_organization_id = table.Column<Guid>(type: "uuid", nullable: true),
                    title = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    description = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    closed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    xmin = table.Column<uint>(type: "xid", rowVersion: true, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_matching_events", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "consultation_attachments",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    consultation_id = table.Column<Guid>(type: "uuid", nullable: false),
                    uploaded_by_user_id = table.Column<Guid>(type: "uuid", nullable: false),
                    file_name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    content_type = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    size = table.Column<int>(type: "integer", nullable: false),
                    content = table.Column<byte[]>(type: "bytea", nullable: false),
                    uploaded_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_consultation_attachments", x => x.id);
                    table.ForeignKey(
                        name: "fk_consultation_attachments_consultations_consultation_id",
                        column: x => x.consultation_id,
                        principalTable: "consultations",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "matching_sessions",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    owner_organization_id = table.Column<Guid>(type: "uuid", nullable: false),
                    host_user_id = table.Column<Guid>(type: "uuid", nullable: false),
                    hosted_by_operator = table.Column<bool>(type: "boolean", nullable: false),
                    event_id = table.Column<Guid>(type: "uuid", nullable: true),
                    challenge_id = table.Column<Guid>(type: "uuid", nullable: true),
                    title = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    description = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    cluster_code = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    skill_codes = table.Column<List<string>>(type: "text[]", nullable: false),
                    city_code = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    bounty = table.Column<decimal>(type: "numeric(14,2)", precision: 14, scale: 2, nullable: false),
                    duration_days = table.Column<int>(type: "integer", nullable: false),
                    model_version = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    status = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    started_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    answer_deadline = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    closed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    minutes = table.Column<string>(type: "text", nullable: true),
                    xmin = table.Column<uint>(type: "xid", rowVersion: true, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_matching_sessions", x => x.id);
                    table.ForeignKey(
                        name: "fk_matching_sessions_challenges_challenge_id",
                        column: x => x.challenge_id,
                        principalTable: "challenges",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_matching_sessions_matching_events_event_id",
                        column: x => x.event_id,
                        principalTable: "matching_events",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_matching_sessions_organizations_owner_organization_id",
                        column: x => x.owner_organization_id,
                        principalTable: "organizations",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "consultation_messages",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    consultation_id = table.Column<Guid>(type: "uuid", nullable: false),
                    seq = table.Column<int>(type: "integer", nullable: false),
                    sender_user_id = table.Column<Guid>(type: "uuid", nullable: false),
                    text = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    attachment_id = table.Column<Guid>(type: "uuid", nullable: true),
                    sent_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_consultation_messages", x => x.id);
                    table.ForeignKey(
                        name: "fk_consultation_messages_consultation_attachments_attachment_id",
                        column: x => x.attachment_id,
                        principalTable: "consultation_attachments",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_consultation_messages_consultations_consultation_id",
                        column: x => x.consultation_id,
                        principalTable: "consultations",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "session_invitations",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    session_id = table.Column<Guid>(type: "uuid", nullable: false),
                    engineer_id = table.Column<Guid>(type: "uuid", nullable: false),
                    engineer_user_id = table.Column<Guid>(type: "uuid", nullable: false),
                    engineer_name = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: false),
                    rank = table.Column<int>(type: "integer", nullable: false),
                    score = table.Column<double>(type: "double precision", nullable: false),
                    reasons = table.Column<List<string>>(type: "text[]", nullable: false),
                    answer = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    note = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    answered_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    consultation_id = table.Column<Guid>(type: "uuid", nullable: true),
                    invited_to_challenge_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    xmin = table.Column<uint>(type: "xid", rowVersion: true, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_session_invitations", x => x.id);
                    table.ForeignKey(
                        name: "fk_session_invitations_engineers_engineer_id",
                        column: x => x.engineer_id,
                        principalTable: "engineers",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_session_invitations_matching_sessions_session_id",
                        column: x => x.session_id,
                        principalTable: "matching_sessions",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_consultation_attachments_consultation_id",
                table: "consultation_attachments",
                column: "consultation_id");

            migrationBuilder.CreateIndex(
                name: "ix_consultation_messages_attachment_id",
                table: "consultation_messages",
                column: "attachment_id");

            migrationBuilder.CreateIndex(
                name: "ix_consultation_messages_consultation_id_seq",
                table: "consultation_messages",
                columns: new[] { "consultation_id", "seq" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_consultations_center_organization_id",
                table: "consultations",
                column: "center_organization_id",
                filter: "center_organization_id IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "ix_consultations_company_organization_id",
                table: "consultations",
                column: "company_organization_id");

            migrationBuilder.CreateIndex(
                name: "ix_consultations_engineer_id",
                table: "consultations",
                column: "engineer_id");

            migrationBuilder.CreateIndex(
                name: "ix_consultations_engineer_user_id_created_at",
                table: "consultations",
                columns: new[] { "engineer_user_id", "created_at" });

            migrationBuilder.CreateIndex(
                name: "ix_consultations_requested_by_user_id_created_at",
                table: "consultations",
                columns: new[] { "requested_by_user_id", "created_at" });

            migrationBuilder.CreateIndex(
                name: "ix_matching_events_created_at",
                table: "matching_events",
                column: "created_at");

            migrationBuilder.CreateIndex(
                name: "ix_matching_sessions_challenge_id",
                table: "matching_sessions",
                column: "challenge_id");

            migrationBuilder.CreateIndex(
                name: "ix_matching_sessions_event_id",
                table: "matching_sessions",
                column: "event_id",
                filter: "event_id IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "ix_matching_sessions_owner_organization_id_started_at",
                table: "matching_sessions",
                columns: new[] { "owner_organization_id", "started_at" });

            migrationBuilder.CreateIndex(
                name: "ix_session_invitations_engineer_id",
                table: "session_invitations",
                column: "engineer_id");

            migrationBuilder.CreateIndex(
                name: "ix_session_invitations_engineer_user_id",
                table: "session_invitations",
                column: "engineer_user_id");

            migrationBuilder.CreateIndex(
                name: "ix_session_invitations_session_id_engineer_id",
                table: "session_invitations",
                columns: new[] { "session_id", "engineer_id" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "consultation_messages");

            migrationBuilder.DropTable(
                name: "session_invitations");

            migrationBuilder.DropTable(
                name: "consultation_attachments");

            migrationBuilder.DropTable(
                name: "matching_sessions");

            migrationBuilder.DropTable(
                name: "consultations");

            migrationBuilder.DropTable(
                name: "matching_events");
        }
    }
}
