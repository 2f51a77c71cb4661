namespace MemoryCore.Categories;

/// <summary>What an add's extraction is told beyond the conversation: the operator's custom instructions (the add's own,
/// else its tenant's) and the category set facts are tagged from (the add's own, else its tenant's, else Mem0's defaults).</summary>
public sealed record ExtractionGuidance(string? CustomInstructions, CategorySet Categories)
{
    public static readonly ExtractionGuidance Default = new(null, DefaultCategories.Set);

    /// <summary>Room for real-world instruction texts (OpenClaw's plugin sends about 5,100 characters on every add by
    /// default) while keeping one add's prompt bounded.</summary>
    public const int MaxInstructionsLength = 16_000;

    /// <summary>Resolves the add's guidance, per field: the add's own wins over the tenant's, which wins over the defaults.</summary>
    public static ExtractionGuidance Resolve(string? callInstructions, CategorySet? callCategories, TenantSettings tenant) =>
        new(
            string.IsNullOrWhiteSpace(callInstructions) ? tenant.CustomInstructions : callInstructions.Trim(),
            callCategories ?? tenant.CustomCategories ?? DefaultCategories.Set);

    /// <summary>Checks custom instructions (400/413 naming the field).</summary>
    public static string? CheckInstructions(string? instructions, string field = "custom_instructions")
    {
        if (instructions is null)
        {
            return null;
        }

        Model.StorableText.Check(instructions, field);
        var trimmed = instructions.Trim();
        return trimmed.Length > MaxInstructionsLength
            ? throw new MemoryValidationException(ValidationFailure.TooLarge, $"{field} is at most {MaxInstructionsLength} characters.")
            : trimmed.Length == 0 ? null : trimmed;
    }
}
