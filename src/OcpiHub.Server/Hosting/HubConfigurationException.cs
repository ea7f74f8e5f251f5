namespace OcpiHub.Server.Hosting;

/// <summary>A setting the hub cannot start with; the message names the setting and says why.</summary>
public sealed class HubConfigurationException(string message) : Exception(message)
{
    /// <summary>What <paramref name="read"/> makes of the settings; its <see cref="ArgumentException"/> becomes this.</summary>
    public static T Check<T>(Func<T> read)
    {
        try
        {
            return read();
        }
        catch (ArgumentException e)
        {
            throw new HubConfigurationException(e.Message);
        }
    }
}
