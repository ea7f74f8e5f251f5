namespace OcpiHub.Protocol.Validation;

/// <summary>An object with rules across its fields, checked after the per-field rules.</summary>
public interface IValidatable
{
    void Validate(ValidationScope scope);
}

/// <summary>Where a cross-field rule reports its problems: the object's path, the version and the mode.</summary>
public sealed class ValidationScope(string path, OcpiVersion version, ValidationMode mode, List<ValidationProblem> problems)
{
    public OcpiVersion Version { get; } = version;
    public ValidationMode Mode { get; } = mode;
    public bool IsFull => Mode == ValidationMode.Full;

    public void Problem(string field, string reason) => problems.Add(new($"{path}.{field}", reason));
}
