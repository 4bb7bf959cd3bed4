using System.Text.Json;
using System.Text.Json.Serialization;

namespace BranchRating.Host.Http;

/// <summary>
/// The JSON rules of every HTTP function: camelCase members, enums as camelCase strings (numbers refused), strict
/// input: <c>null</c> refused for non-nullable members, positional record parameters without a default required,
/// numbers never read from strings. A type marked
/// <c>[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]</c> refuses unknown members.
/// Every refusal becomes a 400 problem naming the member (see <see cref="BadRequestProblems"/>).
/// </summary>
public static class HostJson
{
    public static JsonSerializerOptions Configure(JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
        options.PropertyNameCaseInsensitive = false;
        options.NumberHandling = JsonNumberHandling.Strict;
        options.RespectNullableAnnotations = true;
        options.RespectRequiredConstructorParameters = true;
        options.DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull;
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase, allowIntegerValues: false));
        return options;
    }
}
