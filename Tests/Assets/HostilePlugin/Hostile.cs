using System;
using System.IO;
using Microsoft.Xrm.Sdk;

namespace HostilePlugin
{
    /// <summary>Appends where it ran to the file CRMACC_HOSTILE_MARKER names.</summary>
    internal static class Marker
    {
        public static void Write(string where)
        {
            var path = Environment.GetEnvironmentVariable("CRMACC_HOSTILE_MARKER");
            if (!string.IsNullOrEmpty(path))
            {
                File.AppendAllText(path, where + Environment.NewLine);
            }
        }
    }

    internal static class OnLoad
    {
        [System.Runtime.CompilerServices.ModuleInitializer]
        internal static void Run() => Marker.Write("module initializer");
    }

    [AttributeUsage(AttributeTargets.All)]
    public sealed class HostileAttribute : Attribute
    {
        public HostileAttribute()
        {
            Marker.Write("attribute constructor");
        }
    }

    [Hostile]
    public sealed class HostilePlugin : IPlugin
    {
        static HostilePlugin()
        {
            Marker.Write("type initializer");
        }

        public HostilePlugin()
        {
            Marker.Write("constructor");
        }

        public void Execute(IServiceProvider serviceProvider) => Marker.Write("Execute");
    }
}

namespace System.Runtime.CompilerServices
{
    /// <summary>The compiler recognises the attribute by name; .NET Framework 4.6.2 does not ship it.</summary>
    [AttributeUsage(AttributeTargets.Method, Inherited = false)]
    internal sealed class ModuleInitializerAttribute : Attribute
    {
    }
}
