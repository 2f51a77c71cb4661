using MemoryBench;

return args.FirstOrDefault() switch
{
    "search" => await SearchLatencyBenchmark.RunAsync(BenchArgs.Parse(args.Skip(1))),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("""
        usage:
          dotnet run --project bench/MemoryBench -c Release -- search [--store sqlite|postgres] [--sizes 1000,5000]
                     [--queries 300] [--background 20000] [--postgres CONNECTION_STRING]
        """);
    return 2;
}
