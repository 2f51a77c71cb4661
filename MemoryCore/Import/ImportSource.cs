using System.Runtime.CompilerServices;
using System.Text.Json;

namespace MemoryCore.Import;

/// <summary>One item of an import file: its JSON, or why it could not be read. <see cref="Fatal"/>: nothing after it can be read.</summary>
internal readonly record struct SourceItem(long Line, JsonElement? Json, string? Error, bool Fatal = false);

/// <summary>
/// Reads an import file as a stream, item by item, never the whole file: JSON Lines line by line (a line over
/// <see cref="MaxLineBytes"/> is rejected and skipped without being held in memory), a JSON array element by element.
/// A line that is not valid JSON (or not valid UTF-8) is reported by number and the next line is read.
/// </summary>
internal static class ImportSource
{
    /// <summary>A memory's text (16,000 characters) and metadata (16 KiB) fit many times over.</summary>
    public const int MaxLineBytes = 1 << 20;

    /// <summary>What may come before a JSON array's '[': whitespace, and a UTF-8 byte order mark.</summary>
    private static readonly System.Buffers.SearchValues<byte> LeadingBytes = System.Buffers.SearchValues.Create(" \t\r\n\xEF\xBB\xBF"u8);

    public static IAsyncEnumerable<SourceItem> ReadAsync(Stream stream, ImportFormat format, CancellationToken cancellationToken) =>
        format == ImportFormat.JsonArray ? ReadArrayAsync(stream, cancellationToken) : ReadLinesAsync(stream, cancellationToken);

    private static async IAsyncEnumerable<SourceItem> ReadLinesAsync(Stream stream, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var buffer = new byte[64 * 1024];
        var line = new MemoryStream();
        var lineNumber = 1L;
        var tooLong = false;
        int read;
        while ((read = await stream.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
        {
            var start = 0;
            int newline;
            while ((newline = Array.IndexOf(buffer, (byte)'\n', start, read - start)) >= 0)
            {
                Append(buffer.AsSpan(start, newline - start));
                if (Complete() is { } item)
                {
                    yield return item;
                }

                start = newline + 1;
            }

            Append(buffer.AsSpan(start, read - start));
        }

        if (Complete() is { } last)
        {
            yield return last;
        }

        void Append(ReadOnlySpan<byte> bytes)
        {
            if (!tooLong && line.Length + bytes.Length > MaxLineBytes)
            {
                tooLong = true;
                line.SetLength(0);
            }

            if (!tooLong)
            {
                line.Write(bytes);
            }
        }

        SourceItem? Complete()
        {
            var number = lineNumber++;
            try
            {
                if (tooLong)
                {
                    return new SourceItem(number, null, $"the line is longer than {MaxLineBytes} bytes.");
                }

                var bytes = line.GetBuffer().AsMemory(0, (int)line.Length);
                if (IsBlank(bytes.Span))
                {
                    return null; // blank lines (and the final newline) are not items
                }

                using var document = JsonDocument.Parse(bytes);
                return new SourceItem(number, document.RootElement.Clone(), null);
            }
            catch (JsonException ex)
            {
                return new SourceItem(number, null, "not valid JSON: " + ex.Message);
            }
            finally
            {
                tooLong = false;
                line.SetLength(0);
            }
        }
    }

    private static bool IsBlank(ReadOnlySpan<byte> bytes)
    {
        foreach (var b in bytes)
        {
            if (b is not ((byte)' ' or (byte)'\t' or (byte)'\r'))
            {
                return false;
            }
        }

        return true;
    }

    private static async IAsyncEnumerable<SourceItem> ReadArrayAsync(Stream stream, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        // The serializer reads a top-level null as an empty list: look at the first bytes for the '[' ourselves.
        var start = new byte[4096];
        var read = await stream.ReadAtLeastAsync(start, start.Length, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
        var first = start.AsSpan(0, read).IndexOfAnyExcept(LeadingBytes);
        if (first < 0 || start[first] != (byte)'[')
        {
            yield return new SourceItem(1, null, "the JSON array is missing: the body must start with '['.", Fatal: true);
            yield break;
        }

        stream = new PrefixedStream(start.AsMemory(0, read), stream);
        var items = JsonSerializer.DeserializeAsyncEnumerable<JsonElement>(stream, cancellationToken: cancellationToken).GetAsyncEnumerator(cancellationToken);
        var number = 0L;
        try
        {
            while (true)
            {
                SourceItem next;
                try
                {
                    if (!await items.MoveNextAsync().ConfigureAwait(false))
                    {
                        yield break;
                    }

                    next = new SourceItem(++number, items.Current, null);
                }
                catch (JsonException ex)
                {
                    next = new SourceItem(++number, null, "the JSON array is malformed here, nothing after it can be read: " + ex.Message, Fatal: true);
                }

                yield return next;
                if (next.Fatal)
                {
                    yield break;
                }
            }
        }
        finally
        {
            await items.DisposeAsync().ConfigureAwait(false);
        }
    }
}
