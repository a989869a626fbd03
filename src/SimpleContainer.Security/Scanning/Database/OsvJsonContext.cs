using System.Text.Json.Serialization;
using SimpleContainer.Security.Scanning.Osv;

namespace SimpleContainer.Security.Scanning.Database;

/// <summary>Source-generated (de)serialisation of OSV records: the database's stored form, compact and without nulls.</summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull, WriteIndented = false)]
[JsonSerializable(typeof(OsvRecord))]
internal sealed partial class OsvJsonContext : JsonSerializerContext;
