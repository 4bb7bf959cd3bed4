namespace BranchRating.Dashboard.Tests;

/// <summary>One host, one published campaign and one browser for every dashboard test.</summary>
[CollectionDefinition(Name)]
public sealed class DashboardCollection : ICollectionFixture<DashboardHost>
{
    public const string Name = "dashboard";
}
