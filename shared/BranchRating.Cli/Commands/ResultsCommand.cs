using System.CommandLine;
using BranchRating.Contracts.Results;

namespace BranchRating.Cli.Commands;

/// <summary><c>brc results &lt;campaignId&gt; &lt;code&gt;</c>: an organization's published result.</summary>
internal static class ResultsCommand
{
    public static Command Build(HttpClient http)
    {
        var campaignId = new Argument<string>("campaignId");
        var code = new Argument<string>("code") { Description = "Organization code" };
        var results = new Command("results", "An organization's published level, score and ranks") { campaignId, code };
        results.SetAction((parsed, ct) => Cli.ExecuteAsync(parsed, http, async (c, t) =>
        {
            var r = await c.Api.GetAsync<OrganizationResultResponse>($"campaigns/{Uri.EscapeDataString(parsed.GetValue(campaignId)!)}/results/{Uri.EscapeDataString(parsed.GetValue(code)!)}", t);
            if (c.Json) c.WriteJson(r);
            else
            {
                await c.Out.WriteLineAsync(c.Text.Result(r.Code, r.Name, r.Level, r.FinalTotal));
                foreach (var (scope, rank) in r.Ranks) await c.Out.WriteLineAsync("  " + c.Text.Rank(scope, rank));
            }

            return ExitCodes.Ok;
        }, ct));
        return results;
    }
}
