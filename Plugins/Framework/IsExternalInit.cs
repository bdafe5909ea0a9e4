namespace System.Runtime.CompilerServices;

/// <summary>Lets the compiler emit init-only setters and records for .NET Framework 4.6.2, which predates this type.</summary>
internal static class IsExternalInit
{
}
