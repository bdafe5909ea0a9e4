using System;
using System.IO;

namespace CrmAccountability.TestSupport;

/// <summary>
/// A folder for one test's files, removed when the test disposes it. Every folder lives under one root per test
/// process, and that root is removed when the process exits, so a test that fails half-way leaves nothing behind.
/// </summary>
public sealed class TempFolder : IDisposable
{
    private static readonly Lazy<string> Root = new(CreateRoot);

    private TempFolder(string path)
    {
        Path = path;
    }

    public string Path { get; }

    public static TempFolder Create(string prefix)
    {
        var path = System.IO.Path.Combine(Root.Value, prefix + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(path);
        return new TempFolder(path);
    }

    /// <summary>A folder that lives as long as the test process (for artefacts shared by many tests, such as the packed zip).</summary>
    public static string ForProcess(string prefix)
    {
        var path = System.IO.Path.Combine(Root.Value, prefix + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(path);
        return path;
    }

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose() => TryDelete(Path);

    private static string CreateRoot()
    {
        // The test host is sometimes ended without running exit handlers; a later run removes what such a host left.
        foreach (var stale in Directory.GetDirectories(System.IO.Path.GetTempPath(), "crmacc-tests-*"))
        {
            if (int.TryParse(System.IO.Path.GetFileName(stale)["crmacc-tests-".Length..], out var pid) && !IsRunning(pid))
            {
                TryDelete(stale);
            }
        }

        var root = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "crmacc-tests-" + Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Directory.CreateDirectory(root);
        AppDomain.CurrentDomain.ProcessExit += (_, _) => TryDelete(root);
        return root;
    }

    private static bool IsRunning(int pid)
    {
        try
        {
            using var process = System.Diagnostics.Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            if (Directory.Exists(path))
            {
                Directory.Delete(path, recursive: true);
            }
        }
        catch (IOException)
        {
            // A file still open by a child process; the per-process root is removed at exit.
        }
        catch (UnauthorizedAccessException)
        {
            // As above.
        }
    }
}
