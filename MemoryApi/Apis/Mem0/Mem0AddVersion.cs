using MemoryCore;

namespace MemoryApi.Apis.Mem0;

/// <summary>
/// 2.x's add <c>version</c> ("v1", or "v2" when the client is made with <c>api_version: "v2"</c>). On the Platform, v2
/// reads the new messages in the light of the conversation so far; here extraction always reads the messages sent with
/// the add, together with what the person's scope already holds (the engine reconciles against existing memories), so
/// both versions store the same way. Any other value is refused rather than guessed at.
/// </summary>
internal static class Mem0AddVersion
{
    public static void Check(string? version)
    {
        if (version is not (null or "v1" or "v2"))
        {
            throw new MemoryValidationException(ValidationFailure.Invalid, "version must be \"v1\" or \"v2\".");
        }
    }
}
