using System.IdentityModel.Tokens.Jwt;
using System.Security.Claims;
using System.Text;
using Microsoft.IdentityModel.Tokens;

namespace Marketplace.Bench;

/// <summary>
/// Bearer tokens with the claims the app's TokenService writes, signed with the run's key: the benchmarks sign in
/// thousands of accounts without paying a password hash (or the sign-in rate limit) each.
/// </summary>
internal static class BenchTokens
{
    public static string Mint(Guid userId, string email, Guid? organizationId, IEnumerable<string> roles, string key, TimeSpan lifetime)
    {
        var claims = new List<Claim>
        {
            new(ClaimTypes.NameIdentifier, userId.ToString()),
            new(ClaimTypes.Name, email),
            new("display_name", email),
            new(JwtRegisteredClaimNames.Jti, Guid.NewGuid().ToString("N")),
        };
        claims.AddRange(roles.Select(r => new Claim(ClaimTypes.Role, r)));
        if (organizationId is { } org)
        {
            claims.Add(new Claim("org", org.ToString()));
        }

        var credentials = new SigningCredentials(new SymmetricSecurityKey(Encoding.UTF8.GetBytes(key)), SecurityAlgorithms.HmacSha256);
        var now = DateTime.UtcNow;
        return new JwtSecurityTokenHandler().WriteToken(new JwtSecurityToken("marketplace", "marketplace", claims, now.AddMinutes(-5), now.Add(lifetime), credentials));
    }
}
