using AppHost.Infrastructure;
using Microsoft.Extensions.Configuration;

namespace AppHost.Tests.Infrastructure;

public sealed class InfrastructureChoiceTests
{
    [Theory]
    [InlineData("local", "Local")]
    [InlineData("Local", "Local")]
    [InlineData("containers", "Containers")]
    public void AnExplicitSettingWinsWithoutProbing(string setting, string expected)
    {
        // An engine that does not exist: probing it would say "no command", so a Containers answer proves no probe ran.
        var choice = InfrastructureChoice.From(Configuration(("AppHost:Infrastructure", setting), ("ASPIRE_CONTAINER_RUNTIME", "no-such-engine")));

        Assert.Equal(expected, choice.Mode.ToString());
        Assert.Contains("AppHost:Infrastructure", choice.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void AutoWithoutAnEngineCommandChoosesLocalAndSaysWhy()
    {
        var choice = InfrastructureChoice.From(Configuration(("ASPIRE_CONTAINER_RUNTIME", "no-such-engine")));

        Assert.Equal(InfrastructureMode.Local, choice.Mode);
        Assert.Contains("no 'no-such-engine' command", choice.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void AutoWithAnEngineThatFailsChoosesLocal()
    {
        // `false` stands for a client whose daemon does not answer: it runs and exits non-zero.
        var choice = InfrastructureChoice.From(Configuration(("AppHost:Infrastructure", "auto"), ("ASPIRE_CONTAINER_RUNTIME", "false")));

        Assert.Equal(InfrastructureMode.Local, choice.Mode);
        Assert.Contains("'false info' failed", choice.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void AnUnknownSettingIsRefusedNamingTheKey()
    {
        var error = Assert.Throws<InvalidOperationException>(() => InfrastructureChoice.From(Configuration(("AppHost:Infrastructure", "kubernetes"))));

        Assert.Contains("AppHost:Infrastructure must be 'auto', 'containers' or 'local'", error.Message, StringComparison.Ordinal);
    }

    private static IConfiguration Configuration(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value))).Build();
}
