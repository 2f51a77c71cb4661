namespace MemoryApi.Auth;

public static class ApiKeyDefaults
{
    public const string Scheme = "ApiKey";
    public const string MemoryPolicy = "memory";
    public const string AdminPolicy = "admin";
    public const string AdminRole = "admin";
    public const string AppRole = "app";
}
