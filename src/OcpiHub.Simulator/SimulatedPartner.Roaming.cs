using System.Text.Json.Nodes;

namespace OcpiHub.Simulator;

/// <summary>The partner's own roaming traffic through the hub: pushes of its objects, authorizations and commands.</summary>
public sealed partial class SimulatedPartner
{
    /// <summary>
    /// PUTs one of its objects to the hub's receiver interface of <paramref name="module"/> at
    /// <c>{country_code}/{party_id}/{id}</c> (its first party of the module's owner role), or POSTs a CDR. Also
    /// keeps it in its own sender list, so a pull finds what was pushed.
    /// </summary>
    public Task<PostedResult> PushAsync(string module, JsonObject json)
    {
        var id = (string?)(module == "tokens" ? json["uid"] : json["id"]) ?? throw new ArgumentException("the object has no id", nameof(json));
        if (SimulatedSender.Modules.Contains(module))
            partner.Sender(module).Put(json.ToJsonString());
        return module == "cdrs"
            ? SendToHubAsync(HttpMethod.Post, HubReceiver(module), json)
            : SendToHubAsync(HttpMethod.Put, $"{HubReceiver(module)}/{OwnerPath(module)}/{Uri.EscapeDataString(id)}", json);
    }

    /// <summary>PATCHes part of one of its objects on the hub, at <paramref name="ids"/> below its owner (location id, EVSE uid, …).</summary>
    public Task<PostedResult> PatchAsync(string module, IReadOnlyList<string> ids, JsonObject patch) =>
        SendToHubAsync(HttpMethod.Patch, $"{HubReceiver(module)}/{OwnerPath(module)}/{string.Join('/', ids.Select(Uri.EscapeDataString))}", patch);

    /// <summary>As a CPO, asks the hub for a real-time authorization of <paramref name="uid"/> (an RFID token) at a location.</summary>
    public Task<PostedResult> AuthorizeAsync(string uid, JsonObject? locationReferences = null)
    {
        var url = Hub?.EndpointUrl("tokens", "SENDER") ?? throw new InvalidOperationException("the hub lists no tokens sender interface");
        return SendToHubAsync(HttpMethod.Post, $"{url.TrimEnd('/')}/{Uri.EscapeDataString(uid)}/authorize?type=RFID", locationReferences);
    }

    /// <summary>
    /// As an eMSP, sends a command to the hub's commands receiver interface, addressed (2.2.1+) to the CPO
    /// <paramref name="cpoCountryCode"/>*<paramref name="cpoPartyId"/>; its <c>response_url</c> is set to this partner's
    /// <see cref="ResponseUrl"/> of a new id. The hub's answer is returned .
    /// </summary>
    public Task<PostedResult> SendCommandAsync(string command, JsonObject body, string cpoCountryCode, string cpoPartyId)
    {
        var url = Hub?.EndpointUrl("commands", "RECEIVER") ?? throw new InvalidOperationException("the hub lists no commands receiver interface");
        body["response_url"] = ResponseUrl(command, Guid.NewGuid().ToString("N"));
        var emsp = Options.Parties.First(p => p.Role == "EMSP");
        (string, string)[] headers = Options.Version == Protocol.OcpiVersion.V211
            ? []
            : [("OCPI-from-country-code", emsp.CountryCode), ("OCPI-from-party-id", emsp.PartyId),
                ("OCPI-to-country-code", cpoCountryCode), ("OCPI-to-party-id", cpoPartyId)];
        return CommandEndpoints.SendAsync(partner, HttpMethod.Post, $"{url.TrimEnd('/')}/{command}", body.ToJsonString(), headers, record: false);
    }

    /// <summary>
    /// The objects the hub PUT on its receiver interface of <paramref name="module"/>, the last one per address, in
    /// the order they first arrived (Tokens a CPO was given, Locations an eMSP was given, …).
    /// </summary>
    public IReadOnlyList<JsonObject> Received(string module) => [.. Requests
        .Where(r => r.Method == "PUT" && r.Path.Split('/').Reverse().Skip(3).FirstOrDefault() == module && r.Body.Length > 0)
        .GroupBy(r => r.Path)
        .Select(g => JsonNode.Parse(g.Last().Body)!.AsObject())];

    /// <summary>While true every request is answered HTTP 503, as a partner whose system is down (it still records them).</summary>
    public bool Unavailable
    {
        get => partner.Unavailable;
        set => partner.Unavailable = value;
    }

    private string HubReceiver(string module) =>
        (Hub?.EndpointUrl(module, "RECEIVER") ?? throw new InvalidOperationException($"the hub lists no {module} receiver interface")).TrimEnd('/');

    private string OwnerPath(string module)
    {
        var role = module == "tokens" ? "EMSP" : "CPO";
        var owner = Options.Parties.First(p => p.Role == role);
        return $"{owner.CountryCode}/{owner.PartyId}";
    }

    private Task<PostedResult> SendToHubAsync(HttpMethod method, string url, JsonObject? body) =>
        CommandEndpoints.SendAsync(partner, method, url, body?.ToJsonString(), [], record: false);
}
