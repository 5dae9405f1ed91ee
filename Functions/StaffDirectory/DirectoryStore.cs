using EduFlows.Storage;

namespace EduFlows.StaffDirectory;

/// <summary>The directory's tables: schools, departments, staff (external panel members included) and training bases.</summary>
public sealed class DirectoryStore(StorageAccount account, string prefix)
{
    /// <summary>The tables of a storage connection string (tests, and Azurite).</summary>
    public DirectoryStore(string connectionString, string prefix)
        : this(StorageAccount.FromConnectionString(connectionString), prefix)
    {
    }

    /// <summary>Schools.</summary>
    public DirectoryTable<School> Schools { get; } = new(account.Tables.GetTableClient(prefix + "Schools"), s => s.Id);

    /// <summary>Bureau departments.</summary>
    public DirectoryTable<Department> Departments { get; } = new(account.Tables.GetTableClient(prefix + "Departments"), d => d.Id);

    /// <summary>Staff and external panel members.</summary>
    public DirectoryTable<StaffMember> Staff { get; } = new(account.Tables.GetTableClient(prefix + "Staff"), s => s.Id);

    /// <summary>Training bases.</summary>
    public DirectoryTable<TrainingBase> TrainingBases { get; } = new(account.Tables.GetTableClient(prefix + "TrainingBases"), t => t.Id);
}
