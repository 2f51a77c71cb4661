namespace AppHost.Infrastructure;

internal static class AppHostParameters
{
    /// <summary>Letters and digits only: these values end up in HTTP headers and in NEO4J_AUTH ("neo4j/&lt;password&gt;").</summary>
    public static GenerateParameterDefault GeneratedSecret() => new() { MinLength = 32, Special = false };
}
