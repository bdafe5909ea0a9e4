using System.IO;

namespace CrmAccountability.Cli.Commands;

internal static class RepositoryRoot
{
    /// <summary>The folder holding CrmAccountability.sln, found from the working directory upwards.</summary>
    public static string Find()
    {
        for (var directory = new DirectoryInfo(Directory.GetCurrentDirectory()); directory != null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "CrmAccountability.sln")))
            {
                return directory.FullName;
            }
        }

        throw new CliException("run crmacc inside the CrmAccountability repository: there is no CrmAccountability.sln in " + Directory.GetCurrentDirectory() + " or above it.");
    }
}
