namespace OcpiHub.Protocol.Validation;

/// <summary>One thing wrong with an object: where (a JSON path such as <c>$.evses[0].status</c>) and why.</summary>
public sealed record ValidationProblem(string Path, string Reason)
{
    public override string ToString() => $"{Path}: {Reason}";
}

public enum ValidationMode
{
    /// <summary>A full object (PUT, POST, GET responses): every required field must be there.</summary>
    Full,
    /// <summary>A PATCH body: only the fields sent are checked, plus what a PATCH must carry.</summary>
    Patch,
}

public static class ValidationProblems
{
    /// <summary>The problems as one line for an OCPI 2001 <c>status_message</c>, cut to a readable length.</summary>
    public static string ToStatusMessage(this IReadOnlyList<ValidationProblem> problems, int maxLength = 400)
    {
        var message = new System.Text.StringBuilder();
        for (var i = 0; i < problems.Count; i++)
        {
            var next = (i == 0 ? "" : "; ") + problems[i];
            if (message.Length + next.Length > maxLength)
            {
                message.Append($" (+{problems.Count - i} more)");
                break;
            }
            message.Append(next);
        }
        return message.ToString();
    }
}
