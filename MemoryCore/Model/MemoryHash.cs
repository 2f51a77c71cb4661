using System.Security.Cryptography;
using System.Text;

namespace MemoryCore.Model;

/// <summary>The <c>hash</c> of a memory: MD5 of its exact text, lower-case hex (the same value Mem0 stores).
/// Used to recognise exact duplicates, not for security.</summary>
public static class MemoryHash
{
    public static string Compute(string text) =>
#pragma warning disable CA5351 // Not a security use: a content fingerprint compatible with Mem0's.
        Convert.ToHexStringLower(MD5.HashData(Encoding.UTF8.GetBytes(text)));
#pragma warning restore CA5351
}
