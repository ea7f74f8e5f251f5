return await OcpiHub.Server.Cli.HubCommandLine.RunAsync(args);
