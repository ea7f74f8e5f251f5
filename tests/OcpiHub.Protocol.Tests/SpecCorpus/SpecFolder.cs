namespace OcpiHub.Protocol.Tests.SpecCorpus;

/// <summary>
/// The verbatim OCPI specification lives beside the repository (<c>../shared/ocpi-spec</c>); tests read it
/// there and copy nothing. <c>OCPIHUB_SPEC_DIR</c> overrides the location.
/// </summary>
public static class SpecFolder
{
    public static string Root { get; } = Locate();

    public static string PathOf(string relative) => Path.Combine(Root, relative);

    private static string Locate()
    {
        if (Environment.GetEnvironmentVariable("OCPIHUB_SPEC_DIR") is { Length: > 0 } configured)
            return configured;
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "OcpiHub.slnx")))
            {
                var spec = Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared", "ocpi-spec"));
                return Directory.Exists(spec)
                    ? spec
                    : throw new DirectoryNotFoundException($"OCPI specification not found at {spec} (set OCPIHUB_SPEC_DIR)");
            }
        }
        throw new DirectoryNotFoundException("repository root (OcpiHub.slnx) not found above " + AppContext.BaseDirectory);
    }
}
