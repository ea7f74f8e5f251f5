using OcpiHub.Protocol.V230;

namespace OcpiHub.Server.ChargingProfiles;

/// <summary>
/// One request of the Charging Profiles module an eMSP sends a CPO (2.2.1+): its name in the relay table (the
/// <c>command</c> column, beside the CommandTypes), its method and the asynchronous result the CPO posts.
/// </summary>
public sealed record ChargingProfileRequest(string Name, HttpMethod Method, Type ResultModel)
{
    public static readonly ChargingProfileRequest Get = new("GET_ACTIVE_PROFILE", HttpMethod.Get, typeof(ActiveChargingProfileResult));
    public static readonly ChargingProfileRequest Set = new("SET_PROFILE", HttpMethod.Put, typeof(ChargingProfileResult));
    public static readonly ChargingProfileRequest Clear = new("CLEAR_PROFILE", HttpMethod.Delete, typeof(ClearProfileResult));

    public static IReadOnlyList<ChargingProfileRequest> All { get; } = [Get, Set, Clear];

    /// <summary>The request a relay's <c>command</c> names; null for a command of the Commands module.</summary>
    public static ChargingProfileRequest? Named(string name) => All.FirstOrDefault(r => r.Name == name);
}
