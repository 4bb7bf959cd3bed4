namespace BranchRating.Domain.Schemes;

/// <summary>
/// An immutable, validated rating standard. Build it with <see cref="SchemeLoader"/>; the engine relies on the
/// loader's validation (every reference resolves, every level exists, weights sum to 1 …).
/// </summary>
public sealed class Scheme
{
    private readonly Dictionary<string, Indicator> _indicators;
    private readonly Dictionary<string, RaterGroup> _groups;
    private readonly Dictionary<string, BallotRule> _ballots;

    internal Scheme(SchemeDefinition d)
    {
        Id = d.Id;
        Version = d.Version;
        Name = d.Name;
        Source = d.Source;
        Assumptions = d.Assumptions;
        SubjectKind = d.SubjectKind;
        ResultKind = d.ResultKind;
        Levels = d.Levels;
        MaxTotal = d.MaxTotal;
        Rounding = d.Rounding;
        Tracks = d.Tracks;
        Dimensions = d.Dimensions;
        Indicators = d.Dimensions.SelectMany(x => x.Indicators).ToArray();
        RaterGroups = d.RaterGroups;
        Combination = d.Combination;
        Ballots = d.Ballots;
        Stars = d.Stars;
        Bonuses = d.Bonuses;
        Deductions = d.Deductions;
        Lowerings = d.Lowerings;
        Caps = d.Caps;
        Veto = d.Veto;
        Bands = d.Bands;
        Quotas = d.Quotas;
        Order = d.Order;
        Rankings = d.Rankings;
        Rectifications = d.Rectifications;
        Discrepancy = d.Discrepancy;
        _indicators = Indicators.ToDictionary(i => i.Id, StringComparer.Ordinal);
        _groups = RaterGroups.ToDictionary(g => g.Id, StringComparer.Ordinal);
        _ballots = Ballots.ToDictionary(b => b.Id, StringComparer.Ordinal);
        ScopeKinds = Quotas.Select(q => q.Scope)
            .Concat(Rankings.Select(r => r.Scope))
            .Concat(Rectifications.Where(r => r.Scope is not null).Select(r => r.Scope!))
            .Where(s => s != AllScope)
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .ToArray();
    }

    /// <summary>The scope kind that means "every subject of the run"; it needs no entry in the input's scopes.</summary>
    public const string AllScope = "all";

    public string Id { get; }
    public string Version { get; }
    public string Name { get; }
    public string Source { get; }
    public IReadOnlyList<string> Assumptions { get; }
    public SubjectKind SubjectKind { get; }
    public ResultKind ResultKind { get; }

    /// <summary>Levels indexed by ordinal (Levels[i].Ordinal == i), worst first.</summary>
    public IReadOnlyList<Level> Levels { get; }
    public decimal MaxTotal { get; }
    public RoundingRule Rounding { get; }
    public IReadOnlyList<Track> Tracks { get; }
    public IReadOnlyList<Dimension> Dimensions { get; }

    /// <summary>Every indicator in file order (Indicators[i].Index == i).</summary>
    public IReadOnlyList<Indicator> Indicators { get; }
    public IReadOnlyList<RaterGroup> RaterGroups { get; }
    public Combination Combination { get; }
    public IReadOnlyList<BallotRule> Ballots { get; }
    public IReadOnlyList<StarRule> Stars { get; }
    public AdjustmentSet Bonuses { get; }
    public AdjustmentSet Deductions { get; }
    public IReadOnlyList<LoweringRule> Lowerings { get; }
    public IReadOnlyList<CapRule> Caps { get; }
    public VetoRule? Veto { get; }
    public Bands? Bands { get; }

    /// <summary>Quota rules with forced distributions already expanded into caps and a floor.</summary>
    public IReadOnlyList<QuotaRule> Quotas { get; }

    /// <summary>The tie-break chain for quota decisions and the default for rankings; always ends with code.</summary>
    public IReadOnlyList<OrderKey> Order { get; }
    public IReadOnlyList<RankingRule> Rankings { get; }
    public IReadOnlyList<RectificationRule> Rectifications { get; }
    public DiscrepancyRule? Discrepancy { get; }

    /// <summary>Every scope kind (other than "all") a subject's input must name.</summary>
    public IReadOnlyList<string> ScopeKinds { get; }

    public Level TopLevel => Levels[^1];

    public Indicator? FindIndicator(string id) => _indicators.GetValueOrDefault(id);

    public RaterGroup? FindGroup(string id) => _groups.GetValueOrDefault(id);

    public BallotRule? FindBallot(string id) => _ballots.GetValueOrDefault(id);

    public Level LevelOf(int ordinal) => Levels[ordinal];
}

/// <summary>The loader's mutable staging record; becomes a <see cref="Scheme"/> once validated.</summary>
internal sealed class SchemeDefinition
{
    public string Id { get; set; } = "";
    public string Version { get; set; } = "";
    public string Name { get; set; } = "";
    public string Source { get; set; } = "";
    public IReadOnlyList<string> Assumptions { get; set; } = [];
    public SubjectKind SubjectKind { get; set; }
    public ResultKind ResultKind { get; set; }
    public IReadOnlyList<Level> Levels { get; set; } = [];
    public decimal MaxTotal { get; set; }
    public RoundingRule Rounding { get; set; } = new(2, MidpointRounding.AwayFromZero);
    public IReadOnlyList<Track> Tracks { get; set; } = [];
    public IReadOnlyList<Dimension> Dimensions { get; set; } = [];
    public IReadOnlyList<RaterGroup> RaterGroups { get; set; } = [];
    public Combination Combination { get; set; } = new(CombinationMethod.Weighted, new Dictionary<string, decimal>(), [], MissingGroupPolicy.Reject);
    public IReadOnlyList<BallotRule> Ballots { get; set; } = [];
    public IReadOnlyList<StarRule> Stars { get; set; } = [];
    public AdjustmentSet Bonuses { get; set; } = AdjustmentSet.Empty;
    public AdjustmentSet Deductions { get; set; } = AdjustmentSet.Empty;
    public IReadOnlyList<LoweringRule> Lowerings { get; set; } = [];
    public IReadOnlyList<CapRule> Caps { get; set; } = [];
    public VetoRule? Veto { get; set; }
    public Bands? Bands { get; set; }
    public IReadOnlyList<QuotaRule> Quotas { get; set; } = [];
    public IReadOnlyList<OrderKey> Order { get; set; } = [];
    public IReadOnlyList<RankingRule> Rankings { get; set; } = [];
    public IReadOnlyList<RectificationRule> Rectifications { get; set; } = [];
    public DiscrepancyRule? Discrepancy { get; set; }
}
