namespace EduFlows.Processes.HeadTeachersAssociation;

/// <summary>The association's settings (section <c>HeadTeachersAssociation</c>); the seed gives no figures, these are our defaults.</summary>
public sealed record AssociationOptions
{
    /// <summary>The default options.</summary>
    public static readonly AssociationOptions Default = new();

    /// <summary>
    /// The staff member of the association's office (学会秘书处) who decides applications; default "stf-08951", the demo
    /// county's 办公室 head, so a settings file without the line still gives the demo's approval someone to go to.
    /// </summary>
    public string OfficeId { get; init; } = "stf-08951";

    /// <summary>Days the office has to decide an application; default 7, reminded a day before.</summary>
    public int ApprovalDays { get; init; } = 7;

    /// <summary>
    /// How many ballots wait sealed in the roll before they go into the box together (default 10; the rest at the
    /// close): a box row's write time then only says it came from one of at least that many voters.
    /// </summary>
    public int BallotBatch { get; init; } = 10;

    /// <summary>Reads the section, keeping the defaults for what it does not set.</summary>
    public static AssociationOptions FromConfiguration(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var section = configuration.GetSection("HeadTeachersAssociation");
        return new AssociationOptions
        {
            OfficeId = section["OfficeId"] is { Length: > 0 } office ? office : Default.OfficeId,
            ApprovalDays = int.TryParse(section["ApprovalDays"], System.Globalization.CultureInfo.InvariantCulture, out int days) && days > 0 ? days : Default.ApprovalDays,
            BallotBatch = int.TryParse(section["BallotBatch"], System.Globalization.CultureInfo.InvariantCulture, out int batch) && batch > 0 ? batch : Default.BallotBatch,
        };
    }
}
