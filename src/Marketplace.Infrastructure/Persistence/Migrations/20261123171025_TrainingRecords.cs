using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Marketplace.Infrastructure.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class TrainingRecords : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "mentor_pairings",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    owner_organization_id = table.Column<Guid>(type: "uuid", nullable: false),
                    programme = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    region_code = table.Column<string>(type: "character varying(6)", maxLength: 6, nullable: false),
                    mentor_engineer_id = table.Column<Guid>(type: "uuid", nullable: false),
                    trainee_engineer_id = table.Column<Guid>(type: "uuid", nullable: false),
                    start_date = table.Column<DateOnly>(type: "date", nullable: false),
                    planned_end_date = table.Column<DateOnly>(type: "date", nullable: false),
                    goals = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    status = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    ended_on = table.Column<DateOnly>(type: "date", nullable: true),
                    stop_reason = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    outcome_note = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    created_by = table.Column<Guid>(type: "uuid", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_by = table.Column<Guid>(type: "uuid", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    xmin = table.Column<uint>(type: "xid", rowVersion: true, nullable: false),
                    audit = table.Column<string>(type: "jsonb", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_mentor_pairings", x => x.id);
                    table.ForeignKey(
                        name: "fk_mentor_pairings_engineers_mentor_engineer_id",
                        column: x => x.mentor_engineer_id,
                        principalTable: "engineers",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_mentor_pairings_engineers_trainee_engineer_id",
                        column: x => x.trainee_engineer_id,
                        principalTable: "engineers",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_mentor_pairings_organizations_owner_organization_id",
                        column: x => x.owner_organization_id,
                        principalTable: "organizations",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "training_events",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    owner_organization_id = table.Column<Guid>(type: "uuid", nullable: false),
                    programme = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    region_code = table.Column<string>(type: "character varying(6)", maxLength: 6, nullable: false),
                    kind_code = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    title = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    start_date = table.Column<DateOnly>(type: "date", nullable: false),
                    end_date = table.Column<DateOnly>(type: "date", nullable: false),
                    hours = table.Column<decimal>(type: "numeric(7,1)", precision: 7, scale: 1, nullable: false),
                    place = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    organizer_note = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    created_by = table.Column<Guid>(type: "uuid", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_by = table.Column<Guid>(type: "uuid", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    xmin = table.Column<uint>(type: "xid", rowVersion: true, nullable: false),
                    audit = table.Column<string>(type: "jsonb", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_training_events", x => x.id);
                    table.ForeignKey(
                        name: "fk_training_events_organizations_owner_organization_id",
                        column: x => x.owner_organization_id,
                        principalTable: "organizations",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "training_trainees",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    engineer_id = table.Column<Guid>(type: "uuid", nullable: true),
                    name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    employer = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    title = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                    hours = table.Column<decimal>(type: "numeric(7,1)", precision: 7, scale: 1, nullable: false),
                    result = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: true),
                    certificate_number = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    result_recorded_by = table.Column<Guid>(type: "uuid", nullable: true),
                    result_recorded_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    event_id = table.Column<Guid>(type: "uuid", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_training_trainees", x => x.id);
                    table.ForeignKey(
                        name: "fk_training_trainees_engineers_engineer_id",
                        column: x => x.engineer_id,
                        principalTable: "engineers",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_training_trainees_training_events_event_id",
                        column: x => x.event_id,
                        principalTable: "training_events",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_mentor_pairings_mentor_engineer_id",
                table: "mentor_pairings",
                column: "mentor_engineer_id");

            migrationBuilder.CreateIndex(
                name: "ix_mentor_pairings_owner_organization_id_programme_status",
                table: "mentor_pairings",
                columns: new[] { "owner_organization_id", "programme", "status" });

            migrationBuilder.CreateIndex(
                name: "ix_mentor_pairings_region_code",
                table: "mentor_pairings",
                column: "region_code");

            migrationBuilder.CreateIndex(
                name: "ix_mentor_pairings_trainee_engineer_id",
                table: "mentor_pairings",
                column: "trainee_engineer_id");

            migrationBuilder.CreateIndex(
                name: "ix_training_events_owner_organization_id_programme_end_date",
                table: "training_events",
                columns: new[] { "owner_organization_id", "programme", "end_date" });

            migrationBuilder.CreateIndex(
                name: "ix_training_events_region_code_end_date",
                table: "training_events",
                columns: new[] { "region_code", "end_date" });

            migrationBuilder.CreateIndex(
                name: "ix_training_trainees_engineer_id",
                table: "training_trainees",
                column: "engineer_id");

            migrationBuilder.CreateIndex(
                name: "ix_training_trainees_event_id",
                table: "training_trainees",
                column: "event_id");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "mentor_pairings");

            migrationBuilder.DropTable(
                name: "training_trainees");

            migrationBuilder.DropTable(
                name: "training_events");
        }
    }
}
