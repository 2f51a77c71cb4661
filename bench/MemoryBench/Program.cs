using MemoryBench;

return args.FirstOrDefault() switch
{
    "search" => await SearchLatencyBenchmark.RunAsync(BenchArgs.Parse(args.Skip(1))),
    "search-floor" => await SearchFloorBenchmark.RunAsync(BenchArgs.Parse(args.Skip(1))),
    "add-latency" => await AddLatencyBenchmark.RunAsync(BenchArgs.Parse(args.Skip(1))),
    "concurrent-adds" => await ConcurrentAddBenchmark.RunAsync(BenchArgs.Parse(args.Skip(1))),
    "import" => await ImportBenchmark.RunAsync(BenchArgs.Parse(args.Skip(1))),
    "scale" => await ScaleSearchBenchmark.RunAsync(BenchArgs.Parse(args.Skip(1))),
    "locomo" => await MemoryBench.Locomo.LocomoBenchmark.RunAsync(BenchArgs.Parse(args.Skip(1))),
    "side-by-side" => await SideBySideInProcess.RunAsync(BenchArgs.Parse(args.Skip(1))),
    "locomo-chart" => MemoryBench.Locomo.LocomoChartCommand.Run(BenchArgs.Parse(args.Skip(1))),
    "categories" => await CategoryBenchmark.RunAsync(BenchArgs.Parse(args.Skip(1))),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("""
        usage:
          dotnet run --project bench/MemoryBench -c Release -- search [--store sqlite|postgres] [--sizes 1000,5000] [--mode vector|fulltext|hybrid|graph] [--ingest direct|engine]
                     [--queries 300] [--background 20000] [--postgres CONNECTION_STRING]
          dotnet run --project bench/MemoryBench -c Release -- search-floor [--store postgres|sqlite] [--sizes 1000,5000] [--modes vector,fulltext,hybrid,graph]
                     [--queries 300] [--background 5000] [--embeddings hashing|local] [--keep] [--postgres CONNECTION_STRING]
          dotnet run --project bench/MemoryBench -c Release -- add-latency [--store postgres|sqlite] [--adds 300] [--people 20] [--postgres CONNECTION_STRING]
          dotnet run --project bench/MemoryBench -c Release -- concurrent-adds [--store sqlite,postgres] [--llm-ms 300] [--adds 8] [--rounds 3] [--postgres CONNECTION_STRING]
          dotnet run --project bench/MemoryBench -c Release -- import [--store sqlite|postgres] [--total 100000] [--people 1000] [--huge 0] [--huge-size 100000]
                     [--medium 0] [--medium-size 5000] [--file PATH.jsonl] [--defer-index] [--index-memory 1GB] [--index-workers 1]
                     [--batch 2000] [--rerun] [--keep] [--schema NAME] [--data-dir DIR] [--embeddings hashing|local]
          dotnet run --project bench/MemoryBench -c Release -- scale --schema NAME [the import's dataset arguments] [--store sqlite|postgres]
                     [--queries 200] [--writers 8] [--writes 800] [--explain] [--plot OUT.png] [--data-dir DIR] [--embeddings hashing]
          dotnet run --project bench/MemoryBench -c Release -- locomo --data PATH [--conversations conv-26,conv-30]
                     [--mode vector|fulltext|hybrid|graph|all|MODE,MODE] [--json OUT] [--chart OUT.png]
                     [--store sqlite|postgres] [--postgres CONNECTION_STRING] [--dimensions 384]
                     [--fusion rrf|normalized] [--set "Retrieval:RrfK=60;Retrieval:Weights:fulltext=1"] [--label TEXT]
          dotnet run --project bench/MemoryBench -c Release -- side-by-side --workload FILE --postgres CONNECTION_STRING --embedder-url URL --out RESULT.json
                     (the in-process half of bench/mem0-side-by-side/run, which writes FILE)
          dotnet run --project bench/MemoryBench -c Release -- locomo-chart --inputs A.json,B.json --out OUT.png
          dotnet run --project bench/MemoryBench -c Release -- categories [--data bench/categories/labelled-facts.json]
        """);
    return 2;
}
