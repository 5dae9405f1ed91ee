using Azure.Data.Tables;

namespace EduFlows.StaffDirectory;

/// <summary>The directory's tables: schools, departments, staff (external panel members included) and training bases.</summary>
public sealed class DirectoryStore(string connectionString, string prefix)
{
    /// <summary>Schools.</summary>
    public DirectoryTable<School> Schools { get; } = new(new TableClient(connectionString, prefix + "Schools"), s => s.Id);

    /// <summary>Bureau departments.</summary>
    public DirectoryTable<Department> Departments { get; } = new(new TableClient(connectionString, prefix + "Departments"), d => d.Id);

    /// <summary>Staff and external panel members.</summary>
    public DirectoryTable<StaffMember> Staff { get; } = new(new TableClient(connectionString, prefix + "Staff"), s => s.Id);

    /// <summary>Training bases.</summary>
    public DirectoryTable<TrainingBase> TrainingBases { get; } = new(new TableClient(connectionString, prefix + "TrainingBases"), t => t.Id);
}
