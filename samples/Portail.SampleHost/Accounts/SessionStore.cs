using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.Extensions.Caching.Distributed;

namespace Portail.SampleHost.Accounts;

/// <summary>
/// The sessions, kept on the server (R-ACC-7): the cookie holds only a random key, the ticket lives in
/// the <see cref="IDistributedCache"/> until it expires (sliding) or the account signs out, so a copy of
/// the cookie replayed after sign-out opens nothing. The sample host uses the in-memory cache (a restart
/// signs everybody out); a portal on several servers registers a shared one (Redis, SQL Server) instead.
/// </summary>
internal sealed class SessionStore(IDistributedCache cache) : ITicketStore
{
    private const string Prefix = "portail:session:";

    public async Task<string> StoreAsync(AuthenticationTicket ticket)
    {
        var key = Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
        await RenewAsync(key, ticket);
        return key;
    }

    public Task RenewAsync(string key, AuthenticationTicket ticket)
    {
        ArgumentNullException.ThrowIfNull(ticket);
        var entry = new DistributedCacheEntryOptions { AbsoluteExpiration = ticket.Properties.ExpiresUtc };
        return cache.SetAsync(Prefix + key, TicketSerializer.Default.Serialize(ticket), entry);
    }

    public async Task<AuthenticationTicket?> RetrieveAsync(string key) =>
        await cache.GetAsync(Prefix + key) is { } bytes ? TicketSerializer.Default.Deserialize(bytes) : null;

    public Task RemoveAsync(string key) => cache.RemoveAsync(Prefix + key);
}
