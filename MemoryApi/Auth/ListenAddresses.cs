using System.Net;

namespace MemoryApi.Auth;

/// <summary>Whether the server's listen addresses reach beyond this machine.</summary>
public static class ListenAddresses
{
    /// <summary>True when any address is not loopback: 0.0.0.0, [::], *, +, a host name or a LAN address.
    /// localhost, 127.0.0.0/8, [::1] and Unix sockets are local.</summary>
    public static bool AnyOnNetwork(IEnumerable<string> addresses) => addresses.Any(a => !IsLocal(a));

    public static bool IsLocal(string address)
    {
        if (address.StartsWith("http://unix:", StringComparison.OrdinalIgnoreCase) || address.StartsWith("https://unix:", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        // "*" and "+" are not valid URI hosts; they mean every interface.
        if (!Uri.TryCreate(address.Replace("://*", "://any-host", StringComparison.Ordinal).Replace("://+", "://any-host", StringComparison.Ordinal), UriKind.Absolute, out var uri))
        {
            return false;
        }

        if (string.Equals(uri.Host, "localhost", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        return IPAddress.TryParse(uri.Host.Trim('[', ']'), out var ip) && IPAddress.IsLoopback(ip);
    }
}
