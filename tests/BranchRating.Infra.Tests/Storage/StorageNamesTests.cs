using BranchRating.Contracts;
using BranchRating.Infra.Tests.Bicep;

namespace BranchRating.Infra.Tests.Storage;

/// <summary>The storage account holds exactly the queues and tables of <see cref="StorageNames"/>.</summary>
public sealed class StorageNamesTests(CompiledInfrastructure infra)
{
    [Fact]
    public void Every_work_queue_and_its_poison_queue_is_created_and_nothing_else()
    {
        var expected = StorageNames.Queues.All.Concat(StorageNames.Queues.All.Select(StorageNames.Queues.Poison)).Order();

        var created = infra.Snapshot.OfType("Microsoft.Storage/storageAccounts/queueServices/queues")
            .Select(Snapshot.LastNameSegment).Order();

        Assert.Equal(expected, created);
    }

    [Fact]
    public void Every_table_is_created_and_nothing_else()
    {
        var created = infra.Snapshot.OfType("Microsoft.Storage/storageAccounts/tableServices/tables")
            .Select(Snapshot.LastNameSegment).Order();

        Assert.Equal(StorageNames.Tables.All.Order(), created);
    }

    [Fact]
    public void Queues_and_tables_belong_to_the_one_storage_account()
    {
        var account = infra.Snapshot.Single("Microsoft.Storage/storageAccounts");
        var children = infra.Snapshot.OfType("Microsoft.Storage/storageAccounts/queueServices/queues")
            .Concat(infra.Snapshot.OfType("Microsoft.Storage/storageAccounts/tableServices/tables"));

        Assert.All(children, c => Assert.StartsWith(Snapshot.Id(account) + "/", Snapshot.Id(c), StringComparison.Ordinal));
    }
}
