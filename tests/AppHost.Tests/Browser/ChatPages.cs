using OpenQA.Selenium;
using OpenQA.Selenium.Support.UI;

namespace AppHost.Tests.Browser;

/// <summary>What a person does on the Django sample's pages, as browser steps.</summary>
public sealed class ChatPages(IWebDriver driver, Uri django)
{
    private static readonly TimeSpan ReplyTimeout = TimeSpan.FromSeconds(60);

    /// <summary>Sends <paramref name="message"/> on the chat page of <paramref name="userId"/> and returns the reply shown.</summary>
    public string SendChat(string userId, string message, bool incognito = false)
    {
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

    /// <summary>The memory texts the caregiver page lists for <paramref name="userId"/>.</summary>
    public List<string> CaregiverMemories(string userId)
    {
        driver.Navigate().GoToUrl(new Uri(django, $"/caregiver/{userId}/"));
        new WebDriverWait(driver, TimeSpan.FromSeconds(30)).Until(d => d.FindElements(By.TagName("h1")).Count > 0);
        return [.. driver.FindElements(By.CssSelector(".memory-text")).Select(e => e.Text)];
    }

    /// <summary>The trace id of the page shown last (the sample puts it in a meta tag).</summary>
    public string TraceId() => driver.FindElement(By.CssSelector("meta[name='trace-id']")).GetAttribute("content")!;

    public string MemoryStatus() => driver.FindElement(By.Id("memory-status")).Text;

    public string PageSource => driver.PageSource;
}
