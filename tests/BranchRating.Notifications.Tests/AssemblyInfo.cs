using BranchRating.Testing;

[assembly: AssemblyFixture(typeof(AzuriteFixture))]
