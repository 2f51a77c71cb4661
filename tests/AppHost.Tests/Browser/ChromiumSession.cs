using OpenQA.Selenium;
using OpenQA.Selenium.Chrome;

namespace AppHost.Tests.Browser;

/// <summary>
/// Headless Debian Chromium driven by Debian's chromedriver (scripts/install-deps tests installs both). Explicit
/// paths keep Selenium Manager from trying to download a browser or driver, which this machine cannot.
/// </summary>
public sealed class ChromiumSession : IDisposable
{
    public const string ChromiumPath = "/usr/bin/chromium";
    public const string ChromeDriverPath = "/usr/bin/chromedriver";

    private readonly string _profile = Directory.CreateTempSubdirectory("chromium-apphost-tests-").FullName;

    public ChromiumSession()
    {
        if (!File.Exists(ChromiumPath) || !File.Exists(ChromeDriverPath))
        {
            throw new InvalidOperationException($"{ChromiumPath} and {ChromeDriverPath} are needed: run scripts/install-deps tests.");
        }

        var options = new ChromeOptions { BinaryLocation = ChromiumPath };
        // No background networking: this machine's closed network refuses those connections, many at a time.
        options.AddArguments(
            "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
            "--disable-dev-shm-usage", $"--user-data-dir={_profile}");
        var service = ChromeDriverService.CreateDefaultService(Path.GetDirectoryName(ChromeDriverPath)!, Path.GetFileName(ChromeDriverPath));
        service.SuppressInitialDiagnosticInformation = true;
        Driver = new ChromeDriver(service, options, TimeSpan.FromSeconds(60));
        Driver.Manage().Timeouts().PageLoad = TimeSpan.FromSeconds(60);
    }

    public IWebDriver Driver { get; }

    public void Dispose()
    {
        Driver.Quit();
        Driver.Dispose();
        try
        {
            Directory.Delete(_profile, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
