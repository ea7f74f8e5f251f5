using BenchmarkDotNet.Running;

// dotnet run -c Release --project bench/OcpiHub.Benchmarks -- --filter '*'
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
