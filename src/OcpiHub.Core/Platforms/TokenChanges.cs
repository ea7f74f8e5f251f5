namespace OcpiHub.Core.Platforms;

/// <summary>
/// What a credentials step does to a platform's tokens, written together with the platform (one transaction), so
/// a registration is stored whole or not at all. Nothing set leaves the tokens as they are.
/// </summary>
public sealed record TokenChanges
{
    public static readonly TokenChanges None = new();

    /// <summary>
    /// The hash of a new inbound token: an access token ends every earlier token of the platform (token A
    /// included), a registration token the earlier registration token.
    /// </summary>
    public (string Hash, TokenKind Kind)? Inbound { get; init; }

    /// <summary>The new token the hub sends to the platform, encrypted.</summary>
    public string? EncryptedOutbound { get; init; }

    /// <summary>Ends every inbound token and the outbound token (the credentials were deleted).</summary>
    public bool RevokeAll { get; init; }
}
