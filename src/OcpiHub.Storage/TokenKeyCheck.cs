using Dapper;
using OcpiHub.Core.Security;

namespace OcpiHub.Storage;

/// <summary>
/// Whether a node's token key is the one the database's partner tokens are sealed with, by the key's fingerprint
/// in <c>hub_keys</c> (the first node of a database records its own). A node whose current key is new but which
/// still holds the recorded one as a previous key is the first of a rotation: it seals every token again under
/// the new key and records it, in one transaction; every node seals again at its start what a previous key of its
/// own still opens.
/// </summary>
public static class TokenKeyCheck
{
    private const string Purpose = "token";

    /// <summary>False when the database's tokens are sealed under a key this node does not have.</summary>
    public static async Task<bool> AcceptAsync(HubDatabase database, SecretCipher cipher, TimeProvider clock, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await database.BeginWriteAsync(connection, cancellationToken);
        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        // Of nodes starting together on a fresh database, the first to write records its key; the others compare with it.
        await connection.ExecuteAsync("INSERT INTO hub_keys (purpose, fingerprint, changed_at) VALUES (@purpose, @fingerprint, @now) ON CONFLICT DO NOTHING",
            new { purpose = Purpose, fingerprint = cipher.Fingerprint, now }, transaction);
        var recorded = await connection.QuerySingleAsync<string>("SELECT fingerprint FROM hub_keys WHERE purpose = @purpose", new { purpose = Purpose }, transaction);
        if (recorded != cipher.Fingerprint && !cipher.PreviousFingerprints.Contains(recorded))
            return false;
        // Every token another key of this node opens is sealed again under its current one: at a rotation's first node
        // all of them; at a later node's start those a node not yet restarted sealed meanwhile under the old key, which
        // would otherwise be lost with it. A token no key opens is left for its platform to register again.
        var sealedTokens = await connection.QueryAsync<(string id, string outbound_token)>(
            "SELECT id, outbound_token FROM platforms WHERE outbound_token IS NOT NULL", transaction: transaction);
        var resealed = sealedTokens
            .Where(t => !cipher.IsSealedUnderCurrentKey(t.outbound_token))
            .Select(t => (t.id, old: t.outbound_token, plain: cipher.TryDecrypt(t.outbound_token)))
            .Where(t => t.plain is not null)
            .Select(t => new { t.id, t.old, token = cipher.Encrypt(t.plain!) });
        // Only where the token is still the one read: another node's credentials exchange may have replaced it since.
        await connection.ExecuteAsync("UPDATE platforms SET outbound_token = @token WHERE id = @id AND outbound_token = @old", resealed, transaction);
        if (recorded != cipher.Fingerprint)
            await connection.ExecuteAsync("UPDATE hub_keys SET fingerprint = @fingerprint, changed_at = @now WHERE purpose = @purpose",
                new { purpose = Purpose, fingerprint = cipher.Fingerprint, now }, transaction);
        await transaction.CommitAsync(cancellationToken);
        return true;
    }
}
