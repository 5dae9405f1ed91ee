using System.Drawing;
using OpenQA.Selenium.Chrome;

namespace EduFlows.Tests.Infrastructure;

/// <summary>Real headless Chromium for the browser tests (Debian's chromium and chromedriver, installed by the test command).</summary>
internal static class Chromium
{
    /// <summary>A browser whose viewport is exactly <paramref name="width"/> by <paramref name="height"/> (390x844: a phone).</summary>
    public static ChromeDriver Start(int width = 390, int height = 844)
    {
        var options = new ChromeOptions { BinaryLocation = "/usr/bin/chromium" };

        // Headless and quiet: the machine's closed network refuses Chromium's background connections.
        options.AddArguments(
            "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", $"--window-size={width},{height}",
            "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
            "--user-data-dir=" + Directory.CreateTempSubdirectory("eduflows-chromium").FullName);
        var service = ChromeDriverService.CreateDefaultService("/usr/bin", "chromedriver");
        service.SuppressInitialDiagnosticInformation = true;
        service.HideCommandPromptWindow = true;
        var driver = new ChromeDriver(service, options, TimeSpan.FromSeconds(60));

        // The window size includes no browser chrome when headless, but set the viewport exactly all the same.
        driver.Manage().Window.Size = new Size(width, height);
        return driver;
    }

    /// <summary>Asserts the page is no wider than the screen: nobody scrolls sideways to read a table.</summary>
    public static void AssertFits(ChromeDriver browser, string page, int width)
    {
        var sizes = (IReadOnlyCollection<object>)browser.ExecuteScript("return [document.documentElement.scrollWidth, window.innerWidth];")!;
        long scrollWidth = Convert.ToInt64(sizes.First(), System.Globalization.CultureInfo.InvariantCulture);
        long innerWidth = Convert.ToInt64(sizes.Last(), System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(width, innerWidth);
        Assert.True(scrollWidth <= innerWidth, $"{page} at {width} px is {scrollWidth} px wide");
    }

    /// <summary>Keeps a screenshot under the test output directory (<c>screenshots/</c>) for a reader to look at.</summary>
    public static void Save(ChromeDriver browser, string name)
    {
        string folder = Path.Combine(AppContext.BaseDirectory, "screenshots");
        Directory.CreateDirectory(folder);
        browser.GetScreenshot().SaveAsFile(Path.Combine(folder, name));
    }
}
