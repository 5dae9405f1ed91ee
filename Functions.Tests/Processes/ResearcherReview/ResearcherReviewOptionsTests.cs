using EduFlows.Processes.ResearcherReview;
using Microsoft.Extensions.Configuration;

namespace EduFlows.Tests.Processes.ResearcherReview;

/// <summary>The review's deadlines come from configuration; a bad value stops the host with the setting's name.</summary>
public sealed class ResearcherReviewOptionsTests
{
    [Fact]
    public void Settings_ReplaceTheDefaults_AndReachTheReviewRequest()
    {
        var options = ResearcherReviewOptions.FromConfiguration(Configuration(("ResearcherReview:CollectionDays", "10"), ("ResearcherReview:ReminderDaysBefore", "3, 1")));

        var request = options.Request("junior", 2026, 1);

        Assert.Equal((10, 7, 5, 14), (options.CollectionDays, options.ScoringDays, options.BonusDecisionDays, options.RotationDecisionDays));
        Assert.Equal((10, 7, 5), (request.CollectionDays, request.ScoringDays, request.BonusDecisionDays));
        Assert.Equal([3, 1], request.ReminderDaysBefore);
    }

    [Theory]
    [InlineData("ResearcherReview:ScoringDays", "0", "ResearcherReview:ScoringDays must be a whole number of days from 1 to 365, not '0'.")]
    [InlineData("ResearcherReview:BonusDecisionDays", "five", "ResearcherReview:BonusDecisionDays must be a whole number of days from 1 to 365, not 'five'.")]
    [InlineData("ResearcherReview:ReminderDaysBefore", "2;1", "ResearcherReview:ReminderDaysBefore must be whole days separated by commas, e.g. \"2,1\", not '2;1'.")]
    public void ABadSetting_IsNamed(string key, string value, string message)
    {
        var error = Assert.Throws<InvalidOperationException>(() => ResearcherReviewOptions.FromConfiguration(Configuration((key, value))));

        Assert.Equal(message, error.Message);
    }

    private static IConfiguration Configuration(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value))).Build();
}
