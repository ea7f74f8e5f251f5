namespace OcpiHub.Protocol.Common;

/// <summary>OCPI status codes (the <c>status_code</c> of the envelope). Custom x9xx codes pass through as ints.</summary>
public static class OcpiStatusCodes
{
    public const int Success = 1000;

    public const int ClientError = 2000;
    public const int InvalidOrMissingParameters = 2001;
    public const int NotEnoughInformation = 2002;
    public const int UnknownLocation = 2003;
    /// <summary>2.2+ only.</summary>
    public const int UnknownToken = 2004;

    public const int ServerError = 3000;
    public const int UnableToUseClientApi = 3001;
    public const int UnsupportedVersion = 3002;
    public const int NoMatchingEndpoints = 3003;

    /// <summary>Hub errors: 4000 since 2.2.1, 4001–4003 since 2.2.</summary>
    public const int HubError = 4000;
    public const int UnknownReceiver = 4001;
    public const int ForwardTimeout = 4002;
    public const int ConnectionProblem = 4003;

    public static bool IsSuccess(int code) => code is >= 1000 and < 2000;

    /// <summary>
    /// The code to send to a peer of <paramref name="version"/>: 2.1.1 has neither 2004 nor hub codes, so those
    /// fall back to the generic code of their class.
    /// </summary>
    public static int For(OcpiVersion version, int code) => version == OcpiVersion.V211
        ? code switch
        {
            UnknownToken => ClientError,
            >= 4000 and < 5000 => ServerError,
            _ => code,
        }
        : code;
}
