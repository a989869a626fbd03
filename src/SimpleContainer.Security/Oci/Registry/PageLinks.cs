namespace SimpleContainer.Security.Oci.Registry;

/// <summary>RFC 8288 <c>Link</c> headers as registries use them for pagination: <c>&lt;/v2/…?last=x&amp;n=2&gt;; rel="next"</c>.</summary>
internal static class PageLinks
{
    public static Uri? Next(HttpResponseMessage response)
    {
        if (!response.Headers.TryGetValues("Link", out var values))
        {
            return null;
        }

        foreach (var value in values)
        {
            foreach (var link in value.Split(','))
            {
                var open = link.IndexOf('<', StringComparison.Ordinal);
                var close = link.IndexOf('>', StringComparison.Ordinal);
                if (open < 0 || close <= open)
                {
                    continue;
                }

                var parameters = link[(close + 1)..];
                if (!parameters.Replace(" ", string.Empty, StringComparison.Ordinal).Contains("rel=\"next\"", StringComparison.OrdinalIgnoreCase)
                    && !parameters.Replace(" ", string.Empty, StringComparison.Ordinal).Contains("rel=next", StringComparison.OrdinalIgnoreCase))
                {
                    continue;
                }

                var target = link[(open + 1)..close];
                return Uri.TryCreate(response.RequestMessage!.RequestUri!, target, out var uri) ? uri : null;
            }
        }

        return null;
    }
}
