using MemoryCore.Model;

namespace MemoryCore.Storage;

internal static class Paging
{
    /// <summary>Stores read one row more than asked for; its presence means there is a next page.</summary>
    public static MemoryPage Page(List<MemoryRecord> itemsPlusOne, int limit)
    {
        if (itemsPlusOne.Count <= limit)
        {
            return new MemoryPage(itemsPlusOne, null);
        }

        itemsPlusOne.RemoveAt(itemsPlusOne.Count - 1);
        var last = itemsPlusOne[^1];
        return new MemoryPage(itemsPlusOne, new PageCursor(last.CreatedAt, last.Id));
    }
}
