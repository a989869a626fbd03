using System.Text.Json;

namespace SimpleContainer.Security.Tests.Signing.Keys;

/// <summary>Files under <c>Signing/Keys/testdata/</c>, copied next to the test assembly (see testdata/README.md).</summary>
internal static class KeyTestData
{
    public static string PathOf(string name) => Path.Combine(AppContext.BaseDirectory, "Signing", "Keys", "testdata", name);

    public static string Text(string name) => File.ReadAllText(PathOf(name));

    public static byte[] Bytes(string name) => File.ReadAllBytes(PathOf(name));

    public static JsonElement InteropVectors(string section)
    {
        using var document = JsonDocument.Parse(Bytes("interop-vectors.json"));
        return document.RootElement.GetProperty(section).Clone();
    }
}
