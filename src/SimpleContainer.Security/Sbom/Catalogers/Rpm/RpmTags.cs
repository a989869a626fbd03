namespace SimpleContainer.Security.Sbom.Catalogers.Rpm;

/// <summary>The rpm header tags the cataloger reads (rpm's <c>rpmtag.h</c>).</summary>
internal static class RpmTags
{
    public const int Name = 1000;
    public const int Version = 1001;
    public const int Release = 1002;
    public const int Epoch = 1003;
    public const int Size = 1009;
    public const int Vendor = 1011;
    public const int License = 1014;
    public const int Packager = 1015;
    public const int Url = 1020;
    public const int Arch = 1022;
    public const int SourceRpm = 1044;
    public const int LongSize = 5009;
}

/// <summary>The data types of rpm header entries (rpm's <c>rpmTagType</c>).</summary>
internal static class RpmTagType
{
    public const int Null = 0;
    public const int Char = 1;
    public const int Int8 = 2;
    public const int Int16 = 3;
    public const int Int32 = 4;
    public const int Int64 = 5;
    public const int String = 6;
    public const int Bin = 7;
    public const int StringArray = 8;
    public const int I18NString = 9;
}
