using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Marketplace.Infrastructure.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class EngineerDirectoryOrder : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "ix_engineers_experience_order",
                table: "engineers",
                columns: new[] { "years_of_practice", "id" },
                descending: new[] { true, false });

            migrationBuilder.CreateIndex(
                name: "ix_engineers_rating_order",
                table: "engineers",
                columns: new[] { "rating_average", "rating_count", "id" },
                descending: new[] { true, true, false });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_engineers_experience_order",
                table: "engineers");

            migrationBuilder.DropIndex(
                name: "ix_engineers_rating_order",
                table: "engineers");
        }
    }
}
