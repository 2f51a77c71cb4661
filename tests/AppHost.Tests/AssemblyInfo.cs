// One topology at a time: two AppHosts starting together on a 2-core machine only make each other slow.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
