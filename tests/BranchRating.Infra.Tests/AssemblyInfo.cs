using BranchRating.Infra.Tests.Bicep;

[assembly: AssemblyFixture(typeof(CompiledInfrastructure))]
