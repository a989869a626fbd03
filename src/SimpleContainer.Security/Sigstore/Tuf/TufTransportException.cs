namespace SimpleContainer.Security.Sigstore.Tuf;

/// <summary>
/// The mirror could not be asked or did not answer (network, timeout, HTTP error): the one TUF failure that is
/// fail-open. Anything wrong with what it served (signatures, versions, expiry, hashes) is a coded error instead.
/// </summary>
internal sealed class TufTransportException(string message, Exception? inner = null) : Exception(message, inner);
