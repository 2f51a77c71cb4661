using OpenQA.Selenium;
using OpenQA.Selenium.Support.UI;

namespace AppHost.Tests.Browser;

/// <summary>
/// What people do on the Django sample's pages, as browser steps. The sample needs a login: a person chats only as
/// their own user id and the caregiver sees only the people in her care, so each step logs in as whoever may do it,
/// with the demo logins the sample's runserver seeds from <c>DJANGO_DEMO_PASSWORD</c>.
/// </summary>
public sealed class ChatPages(IWebDriver driver, Uri django, string demoPassword)
{
    /// <summary>The demo caregiver; she looks after <see cref="Ana"/> and <see cref="Ben"/>.</summary>
    public const string Caregiver = "carol";

    /// <summary>Demo people: each logs in with a user name equal to their MemoryApi user id.</summary>
    public const string Ana = "ana";

    public const string Ben = "ben";

    private static readonly TimeSpan ReplyTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan PageTimeout = TimeSpan.FromSeconds(30);

    private string? _loggedInAs;

    /// <summary>Logs in as <paramref name="userName"/> (logging out whoever was logged in before).</summary>
    public void LogIn(string userName)
    {
        if (_loggedInAs == userName)
        {
            return;
        }

        driver.Navigate().GoToUrl(new Uri(django, "/"));
        if (driver.FindElements(By.Id("log-out")) is [var logOut, ..])
        {
            logOut.Click();
            new WebDriverWait(driver, PageTimeout).Until(d => d.FindElements(By.Id("log-in-link")).Count > 0);
        }

        driver.Navigate().GoToUrl(new Uri(django, "/accounts/login/"));
        driver.FindElement(By.Id("id_username")).SendKeys(userName);
        driver.FindElement(By.Id("id_password")).SendKeys(demoPassword);
        driver.FindElement(By.Id("log-in")).Click();
        new WebDriverWait(driver, PageTimeout).Until(d =>
            d.FindElements(By.Id("logged-in-as")) is [var shown, ..] && shown.Text == userName
            || d.FindElements(By.Id("login-error")).Count > 0);
        if (driver.FindElements(By.Id("login-error")).Count > 0)
        {
            throw new InvalidOperationException($"The Django sample refused the demo login {userName}.");
        }

        _loggedInAs = userName;
    }

    /// <summary>Sends <paramref name="message"/> as the person <paramref name="userId"/> and returns the reply shown.</summary>
    public string SendChat(string userId, string message, bool incognito = false)
    {
        LogIn(userId);
        driver.Navigate().GoToUrl(new Uri(django, $"/chat/{userId}/"));
        var toggle = driver.FindElement(By.Id("incognito"));
        if (toggle.Selected != incognito)
        {
            toggle.Click();
        }

        var repliesBefore = driver.FindElements(By.CssSelector(".reply")).Count;
        var box = driver.FindElement(By.Id("message"));
        box.Clear();
        box.SendKeys(message);
        driver.FindElement(By.Id("send")).Click();
        new WebDriverWait(driver, ReplyTimeout).Until(d => d.FindElements(By.CssSelector(".reply")).Count > repliesBefore);
        return driver.FindElements(By.CssSelector(".reply"))[^1].Text;
    }

    /// <summary>The memory texts the caregiver page lists for <paramref name="userId"/>, seen by the caregiver.</summary>
    public List<string> CaregiverMemories(string userId)
    {
        LogIn(Caregiver);
        driver.Navigate().GoToUrl(new Uri(django, $"/caregiver/{userId}/"));
        new WebDriverWait(driver, PageTimeout).Until(d => d.FindElements(By.TagName("h1")).Count > 0);
        return [.. driver.FindElements(By.CssSelector(".memory-text")).Select(e => e.Text)];
    }

    /// <summary>
    /// What the caregiver page's Export link downloads, fetched with the caregiver's session (a browser would save it
    /// as a file, which headless Chromium makes awkward to read back).
    /// </summary>
    public async Task<(HttpResponseMessage Response, string Body)> CaregiverExportAsync(string userId, CancellationToken cancellationToken)
    {
        LogIn(Caregiver);
        using var http = new HttpClient(new HttpClientHandler { UseCookies = false, AllowAutoRedirect = false }) { BaseAddress = django };
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/caregiver/{userId}/export/");
        request.Headers.Add("Cookie", string.Join("; ", driver.Manage().Cookies.AllCookies.Select(c => $"{c.Name}={c.Value}")));
        var response = await http.SendAsync(request, cancellationToken);
        return (response, await response.Content.ReadAsStringAsync(cancellationToken));
    }

    /// <summary>Erases everything about <paramref name="userId"/> as the caregiver, through the confirmation page; returns the notice shown.</summary>
    public string CaregiverErase(string userId)
    {
        LogIn(Caregiver);
        driver.Navigate().GoToUrl(new Uri(django, $"/caregiver/{userId}/"));
        driver.FindElement(By.Id("erase")).Click();
        new WebDriverWait(driver, PageTimeout).Until(d => d.FindElements(By.Id("erase-form")).Count > 0);
        driver.FindElement(By.Id("erase-confirm-box")).Click();
        driver.FindElement(By.Id("erase-confirm")).Click();
        new WebDriverWait(driver, PageTimeout).Until(d => d.FindElements(By.CssSelector("#flash .flash")).Count > 0);
        return driver.FindElement(By.Id("flash")).Text;
    }

    /// <summary>The heading of <paramref name="path"/> opened by whoever is logged in (Django's 404 page says "Not Found").</summary>
    public string Heading(string path)
    {
        driver.Navigate().GoToUrl(new Uri(django, path));
        return driver.FindElement(By.TagName("h1")).Text;
    }

    /// <summary>The trace id of the page shown last (the sample puts it in a meta tag).</summary>
    public string TraceId() => driver.FindElement(By.CssSelector("meta[name='trace-id']")).GetAttribute("content")!;

    public string MemoryStatus() => driver.FindElement(By.Id("memory-status")).Text;

    public string PageSource => driver.PageSource;
}
