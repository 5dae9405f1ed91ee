using EduFlows.Processes.ShadowTraining;
using Microsoft.Extensions.DependencyInjection;

namespace EduFlows.Tests.Processes.ShadowTraining;

/// <summary>Options that would make a week impossible are refused when the services are registered, naming the setting.</summary>
public sealed class ShadowTrainingOptionsTests
{
    [Fact]
    public void Registration_RefusesNoThemesAndMoreAttendanceDaysThanTheWeekHas_NamingTheSetting()
    {
        var noThemes = Assert.Throws<InvalidOperationException>(() => Register(ShadowTrainingOptions.Default with { Themes = [] }));
        var tooMany = Assert.Throws<InvalidOperationException>(() => Register(ShadowTrainingOptions.Default with { MinAttendanceDays = 6 }));
        var services = Register(ShadowTrainingOptions.Default with { MinAttendanceDays = 5 });

        Assert.StartsWith("Invalid ShadowTraining options: Themes must list one theme per training day, 1 to 7 of them (it has 0).", noThemes.Message, StringComparison.Ordinal);
        Assert.Equal(
            "Invalid ShadowTraining options: MinAttendanceDays must be between 0 and the 5 training days of Themes (it is 6); otherwise nobody could complete.",
            tooMany.Message);
        Assert.Equal(5, services.BuildServiceProvider().GetRequiredService<ShadowTrainingOptions>().MinAttendanceDays);
    }

    private static ServiceCollection Register(ShadowTrainingOptions options)
    {
        var services = new ServiceCollection();
        services.AddSingleton(options);
        services.AddShadowTrainingServices("UseDevelopmentStorage=true", "test");
        return services;
    }
}
