using System;
using System.CommandLine;
using System.IO;
using System.Linq;
using CrmAccountability.Cli.Commands;

namespace CrmAccountability.Cli;

/// <summary>
/// crmacc's entry point: parses arguments, runs one command, returns its exit code. Expected failures print one line
/// to stderr and return 1; a crash returns 70 after printing the exception.
/// </summary>
public static class CliApp
{
    public static int Run(string[] args, TextWriter output, TextWriter error)
    {
        var root = new RootCommand("crmacc: pack, unpack, check and run the CrmAccountability solution.");
        root.Subcommands.Add(PackCommand.Create(output, error));
        root.Subcommands.Add(CheckCommand.Create(output, error));
        root.Subcommands.Add(UnpackCommand.Create(output));
        root.Subcommands.Add(DemoCommand.Create(output, error));
        root.Subcommands.Add(BenchCommand.Create(output, error));
        try
        {
            var parsed = root.Parse(args);
            if (parsed.Errors.Count > 0)
            {
                error.WriteLine("crmacc: " + string.Join("; ", parsed.Errors.Select(e => e.Message)) + " (crmacc --help lists the commands)");
                return 2;
            }

            return parsed.Invoke(new InvocationConfiguration { Output = output, Error = error, EnableDefaultExceptionHandler = false });
        }
        catch (CliException ex)
        {
            error.WriteLine("crmacc: " + ex.Message);
            return 1;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            error.WriteLine("crmacc: unexpected error, please report it with this trace: " + ex);
            return 70;
        }
    }
}

/// <summary>An expected failure with a message the user can act on.</summary>
public sealed class CliException : Exception
{
    public CliException(string message)
        : base(message)
    {
    }

    public CliException()
    {
    }

    public CliException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
