using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace MemoryTests.Crash;

/// <summary>MemoryApi as a real separate process (the built MemoryApi.dll beside the tests), on its own port, that a test
/// can kill with SIGKILL and start again with the same settings.</summary>
internal sealed class MemoryApiProcess : IAsyncDisposable
{
    private readonly IReadOnlyDictionary<string, string> _environment;
    private readonly StringBuilder _output = new();
    private Process? _process;

    public MemoryApiProcess(IReadOnlyDictionary<string, string> environment)
    {
        _environment = environment;
        BaseAddress = new Uri($"http://127.0.0.1:{FreePort()}");
    }

    public Uri BaseAddress { get; }

    /// <summary>The last lines the process wrote, for failure messages.</summary>
    public string Tail
    {
        get
        {
            lock (_output)
            {
                var text = _output.ToString();
                return text.Length <= 4000 ? text : text[^4000..];
            }
        }
    }

    public async Task StartAsync(HttpClient client, TimeSpan timeout)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "MemoryApi.dll");
        Assert.True(File.Exists(dll), $"{dll} is missing: the test project builds MemoryApi beside itself.");
        var start = new ProcessStartInfo("dotnet", [dll])
        {
            WorkingDirectory = AppContext.BaseDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["ASPNETCORE_URLS"] = BaseAddress.ToString();
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        foreach (var (key, value) in _environment)
        {
            start.Environment[key] = value;
        }

        _process = Process.Start(start)!;
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();

        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            Assert.False(_process.HasExited, $"MemoryApi exited with {(_process.HasExited ? _process.ExitCode : 0)} at start-up:\n{Tail}");
            try
            {
                if ((await client.GetAsync(new Uri(BaseAddress, "/health"))).IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            await Task.Delay(100);
        }

        Assert.Fail($"MemoryApi did not become healthy within {timeout}:\n{Tail}");
    }

    /// <summary>SIGKILL: no shutdown, no flush, no release of anything.</summary>
    public async Task KillAsync()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        _process?.Dispose();
    }

    private void Append(string? line)
    {
        if (line is not null)
        {
            lock (_output)
            {
                _output.AppendLine(line);
            }
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
