namespace MemoryApi.Events;

/// <summary>No event has that id, or it belongs to another API key (the answer does not say which).</summary>
public sealed class EventNotFoundException(string id) : Exception($"Event '{id}' was not found.");
