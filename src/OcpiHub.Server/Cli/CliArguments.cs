namespace OcpiHub.Server.Cli;

/// <summary>Command words and <c>--option value</c> pairs of a command line (<c>--flag</c> alone means "true").</summary>
public sealed class CliArguments
{
    private readonly Dictionary<string, string> options = new(StringComparer.OrdinalIgnoreCase);

    public CliArguments(IEnumerable<string> args)
    {
        var list = args.ToList();
        for (var i = 0; i < list.Count; i++)
        {
            if (list[i].StartsWith("--", StringComparison.Ordinal))
            {
                var name = list[i][2..];
                var eq = name.IndexOf('=');
                if (eq > 0)
                    options[name[..eq]] = name[(eq + 1)..];
                else if (i + 1 < list.Count && !list[i + 1].StartsWith("--", StringComparison.Ordinal))
                    options[name] = list[++i];
                else
                    options[name] = "true";
            }
            else
            {
                Words.Add(list[i]);
            }
        }
    }

    public List<string> Words { get; } = [];

    /// <summary>The <c>--Hub:…=value</c> options: the hub's settings, as its <c>serve</c> command takes them.</summary>
    public IEnumerable<KeyValuePair<string, string?>> Settings =>
        options.Where(o => o.Key.StartsWith("Hub:", StringComparison.OrdinalIgnoreCase)).Select(o => KeyValuePair.Create(o.Key, (string?)o.Value));

    public string? this[string name] => options.GetValueOrDefault(name);

    public bool Has(string name) => options.ContainsKey(name);

    public string Word(int index) => index < Words.Count ? Words[index] : "";
}
