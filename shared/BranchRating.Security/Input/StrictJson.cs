using System.Text.Json;
using System.Text.Json.Serialization;

namespace BranchRating.Security.Input;

/// <summary>
/// Hardening on top of the host's JSON rules (HostJson: camelCase, strict numbers and enums, nulls and required
/// members checked): duplicate member names refused (<c>{"score":10,"score":100}</c> must not mean whichever comes
/// last), nesting depth bounded, and optionally every unknown member refused.
/// </summary>
public static class StrictJson
{
    public const int MaxDepth = 32;

    public static JsonSerializerOptions Harden(JsonSerializerOptions options, bool refuseUnknownMembers = false)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.AllowDuplicateProperties = false;
        options.MaxDepth = MaxDepth;
        options.NumberHandling = JsonNumberHandling.Strict;
        if (refuseUnknownMembers)
        {
            options.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;
        }

        return options;
    }
}
