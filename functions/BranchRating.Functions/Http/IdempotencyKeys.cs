using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace BranchRating.Functions.Http;

/// <summary>
/// The <c>Idempotency-Key</c> header: 1–64 characters of letters, digits, '-', '_', '.', ':'. A key is scoped to
/// the organization it is sent for; the same key with a different body is refused.
/// </summary>
public static class IdempotencyKeys
{
    public const string Header = "Idempotency-Key";

    public static (string? Key, string? Error) Read(HttpRequest request)
    {
        var value = request.Headers[Header].ToString();
        if (string.IsNullOrEmpty(value))
        {
            return (null, "The Idempotency-Key header is required: a unique value per submission, reused only to retry it.");
        }

        if (value.Length > 64 || !value.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or ':'))
        {
            return (null, "The Idempotency-Key must be 1–64 characters of letters, digits, '-', '_', '.', ':'.");
        }

        return (value, null);
    }

    public static string Hash<T>(T request) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(request, JsonSerializerOptions.Web))));
}
