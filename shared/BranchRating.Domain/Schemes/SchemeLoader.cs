using System.Globalization;
using System.Text.Json;

namespace BranchRating.Domain.Schemes;

/// <summary>Reads and validates scheme files (format "branchrating.scheme/1", see Schemes/README.md).</summary>
public static partial class SchemeLoader
{
    public const string Format = "branchrating.scheme/1";

    private static readonly JsonDocumentOptions DocumentOptions = new()
    {
        CommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
    };

    /// <summary>Parses and validates; returns the scheme or every error found (path, rule, message).</summary>
    public static SchemeParseResult Parse(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(json, DocumentOptions);
        }
        catch (JsonException ex)
        {
            var where = ex.LineNumber is { } line ? $" at line {line + 1}, byte {ex.BytePositionInLine + 1}" : "";
            return new SchemeParseResult(null, [new SchemeError("$", "json", $"Not valid JSON{where}: {ex.Message}")]);
        }
        using (doc)
        {
            var errors = new List<SchemeError>();
            var root = new JsonNode(doc.RootElement, "$", errors);
            var definition = ReadScheme(root);
            return errors.Count == 0 && definition is not null
                ? new SchemeParseResult(new Scheme(definition), [])
                : new SchemeParseResult(null, errors);
        }
    }

    /// <summary>Parses and validates; throws <see cref="SchemeValidationException"/> listing every error.</summary>
    public static Scheme Load(string json)
    {
        var result = Parse(json);
        return result.Scheme ?? throw new SchemeValidationException(result.Errors);
    }

    private static SchemeDefinition? ReadScheme(JsonNode root)
    {
        if (!root.IsObject("A scheme"))
        {
            return null;
        }
        root.AllowOnly("$schema", "format", "id", "version", "name", "source", "assumptions", "subjectKind", "result",
            "maxTotal", "rounding", "tracks", "dimensions", "raterGroups", "combination", "ballots", "stars", "bonuses",
            "deductions", "lowerings", "caps", "veto", "bands", "quotas", "order", "rankings", "rectification", "discrepancy");

        var format = root.String("format");
        if (format is not null && format != Format)
        {
            root.ErrorAt("format", "format", $"Unsupported format '{format}'; expected '{Format}'.");
        }
        var d = new SchemeDefinition
        {
            Id = root.Id() ?? "",
            Version = root.String("version") ?? "",
            Name = root.String("name") ?? "",
            Source = root.String("source") ?? "",
            Assumptions = root.Strings("assumptions", required: true),
            SubjectKind = root.Enum<SubjectKind>("subjectKind", required: true) ?? SubjectKind.Organization,
            MaxTotal = root.Decimal("maxTotal", min: 0) ?? 0,
        };
        d.Rounding = ReadRounding(root);
        var c = new Context(d, root.Errors);
        ReadResult(root, d, c);
        ReadTracks(root, d);
        ReadBallots(root, d, c);
        ReadRaterGroups(root, d, c);
        ReadDimensions(root, d, c);
        ReadCombination(root, d, c);
        ReadStars(root, d, c);
        d.Bonuses = ReadAdjustments(root, "bonuses", c);
        d.Deductions = ReadAdjustments(root, "deductions", c);
        d.Lowerings = ReadLowerings(root, c);
        d.Caps = ReadCaps(root, c);
        d.Veto = ReadVeto(root, c);
        ReadBands(root, d, c);
        d.Quotas = ReadQuotas(root, c);
        d.Order = ReadOrder(root, c);
        d.Rankings = ReadRankings(root, c);
        d.Rectifications = ReadRectifications(root, c);
        d.Discrepancy = ReadDiscrepancy(root, c);
        return d;
    }

    private static RoundingRule ReadRounding(JsonNode root)
    {
        if (root.Child("rounding", required: false) is not { } n || !n.IsObject("'rounding'"))
        {
            return new RoundingRule(2, MidpointRounding.AwayFromZero);
        }
        n.AllowOnly("places", "mode");
        var places = n.Int("places", required: false, min: 0, max: 6) ?? 2;
        var mode = n.String("mode", required: false) ?? "halfAwayFromZero";
        MidpointRounding m;
        switch (mode)
        {
            case "halfAwayFromZero":
                m = MidpointRounding.AwayFromZero;
                break;
            case "halfEven":
                m = MidpointRounding.ToEven;
                break;
            default:
                n.ErrorAt("mode", "enum", $"'{mode}' is not one of: halfAwayFromZero, halfEven.");
                m = MidpointRounding.AwayFromZero;
                break;
        }
        return new RoundingRule(places, m);
    }

    private static void ReadResult(JsonNode root, SchemeDefinition d, Context c)
    {
        if (root.Child("result", required: true) is not { } n || !n.IsObject("'result'"))
        {
            return;
        }
        n.AllowOnly("kind", "levels");
        d.ResultKind = n.Enum<ResultKind>("kind", required: true) ?? ResultKind.Stars;
        var levels = new List<Level>();
        var items = n.Array("levels", required: true, allowEmpty: false);
        for (var i = 0; i < items.Count; i++)
        {
            var item = items[i];
            if (!item.IsObject("A level"))
            {
                continue;
            }
            item.AllowOnly("ordinal", "label");
            var ordinal = item.Int("ordinal");
            var label = item.String("label");
            if (ordinal is { } o && o != i)
            {
                item.ErrorAt("ordinal", "order", $"Levels must be listed worst first with ordinals 0, 1, 2 …; expected {i}, found {o}.");
            }
            if (label is not null && levels.Any(l => l.Label == label))
            {
                item.ErrorAt("label", "unique", $"Level label '{label}' is used twice.");
            }
            levels.Add(new Level(i, label ?? ""));
        }
        if (levels.Count < 2 && items.Count > 0)
        {
            n.ErrorAt("levels", "range", "A scheme needs at least two levels.");
        }
        d.Levels = levels;
        c.LevelCount = levels.Count;
    }

    private static void ReadTracks(JsonNode root, SchemeDefinition d)
    {
        var items = root.Array("tracks", required: false);
        if (items.Count == 0)
        {
            d.Tracks = [new Track("total", d.Name, d.MaxTotal, 0)];
            return;
        }
        var tracks = new List<Track>();
        foreach (var item in items)
        {
            if (!item.IsObject("A track"))
            {
                continue;
            }
            item.AllowOnly("id", "name", "max");
            var id = item.Id();
            if (id is not null && tracks.Any(t => t.Id == id))
            {
                item.ErrorAt("id", "unique", $"Track id '{id}' is used twice.");
            }
            tracks.Add(new Track(id ?? "", item.String("name") ?? "", item.Decimal("max", min: 0) ?? 0, tracks.Count));
        }
        if (tracks.Count > 0 && tracks[0].Max != d.MaxTotal)
        {
            root.ErrorAt("maxTotal", "consistency", $"maxTotal ({d.MaxTotal.ToString(CultureInfo.InvariantCulture)}) must equal the primary (first) track's max ({tracks[0].Max.ToString(CultureInfo.InvariantCulture)}).");
        }
        d.Tracks = tracks;
    }

    /// <summary>What the readers of the later sections need to check references.</summary>
    private sealed class Context(SchemeDefinition d, List<SchemeError> errors)
    {
        public SchemeDefinition Definition { get; } = d;
        public List<SchemeError> Errors { get; } = errors;
        public int LevelCount { get; set; }
        public HashSet<string> AdjustmentIds { get; } = new(StringComparer.Ordinal);
        public Dictionary<string, string> IndicatorPaths { get; } = new(StringComparer.Ordinal);

        public bool HasGroup(string id) => Definition.RaterGroups.Any(g => g.Id == id);

        public bool HasBallot(string id) => Definition.Ballots.Any(b => b.Id == id);

        public bool HasIndicator(string id) => Definition.Dimensions.Any(x => x.Indicators.Any(i => i.Id == id));

        public bool HasTrack(string id) => Definition.Tracks.Any(t => t.Id == id);

        public int? LevelRef(JsonNode n, string name, bool required = true)
        {
            var v = n.Int(name, required);
            if (v is { } o && (o < 0 || o >= LevelCount))
            {
                n.ErrorAt(name, "reference", $"Level {o} does not exist; levels are 0 … {LevelCount - 1}.");
                return null;
            }
            return v;
        }

        public string? Ref(JsonNode n, string name, Func<string, bool> exists, string what, bool required = true)
        {
            var s = n.String(name, required);
            if (s is not null && !exists(s))
            {
                n.ErrorAt(name, "reference", $"No {what} '{s}' is defined in this scheme.");
                return null;
            }
            return s;
        }
    }
}
