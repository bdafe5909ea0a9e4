using CrmAccountability.Cli;

return CliApp.Run(args, System.Console.Out, System.Console.Error);
