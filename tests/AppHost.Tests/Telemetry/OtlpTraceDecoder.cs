using Google.Protobuf;

namespace AppHost.Tests.Telemetry;

/// <summary>
/// Reads the few fields these tests need from an OTLP <c>ExportTraceServiceRequest</c> (opentelemetry-proto,
/// collector/trace/v1), straight from the protobuf wire format; every other field is skipped.
/// </summary>
public static class OtlpTraceDecoder
{
    public static List<CollectedSpan> Decode(byte[] body)
    {
        var spans = new List<CollectedSpan>();
        var input = new CodedInputStream(body);
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            if (WireFormat.GetTagFieldNumber(tag) == 1) // resource_spans
            {
                ReadResourceSpans(input.ReadBytes(), spans);
            }
            else
            {
                input.SkipLastField();
            }
        }

        return spans;
    }

    private static void ReadResourceSpans(ByteString message, List<CollectedSpan> spans)
    {
        var attributes = new Dictionary<string, string>();
        var scopes = new List<ByteString>();
        var input = message.CreateCodedInput();
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            switch (WireFormat.GetTagFieldNumber(tag))
            {
                case 1: ReadAttributes(input.ReadBytes(), fieldNumber: 1, attributes); break; // resource.attributes
                case 2: scopes.Add(input.ReadBytes()); break; // scope_spans
                default: input.SkipLastField(); break;
            }
        }

        var service = attributes.GetValueOrDefault("service.name", "");
        var instance = attributes.GetValueOrDefault("service.instance.id");
        foreach (var scopeSpans in scopes)
        {
            ReadScopeSpans(scopeSpans, service, instance, spans);
        }
    }

    private static void ReadScopeSpans(ByteString message, string service, string? instance, List<CollectedSpan> spans)
    {
        var scope = "";
        var bodies = new List<ByteString>();
        var input = message.CreateCodedInput();
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            switch (WireFormat.GetTagFieldNumber(tag))
            {
                case 1: scope = ReadString(input.ReadBytes(), fieldNumber: 1); break; // scope.name
                case 2: bodies.Add(input.ReadBytes()); break; // spans
                default: input.SkipLastField(); break;
            }
        }

        foreach (var body in bodies)
        {
            spans.Add(ReadSpan(body, service, instance, scope));
        }
    }

    private static CollectedSpan ReadSpan(ByteString message, string service, string? instance, string scope)
    {
        string traceId = "", spanId = "", name = "";
        string? parent = null;
        var kind = 0;
        var input = message.CreateCodedInput();
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            switch (WireFormat.GetTagFieldNumber(tag))
            {
                case 1: traceId = Hex(input.ReadBytes()); break;
                case 2: spanId = Hex(input.ReadBytes()); break;
                case 4: parent = Hex(input.ReadBytes()) is { Length: > 0 } p ? p : null; break;
                case 5: name = input.ReadString(); break;
                case 6: kind = input.ReadEnum(); break;
                default: input.SkipLastField(); break;
            }
        }

        return new CollectedSpan(service, instance, scope, name, traceId, spanId, parent, kind);
    }

    /// <summary>KeyValue list with string values (key = 1, value = 2: AnyValue.string_value = 1).</summary>
    private static void ReadAttributes(ByteString message, int fieldNumber, Dictionary<string, string> into)
    {
        var input = message.CreateCodedInput();
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            if (WireFormat.GetTagFieldNumber(tag) != fieldNumber)
            {
                input.SkipLastField();
                continue;
            }

            var keyValue = input.ReadBytes().CreateCodedInput();
            string? key = null, value = null;
            uint inner;
            while ((inner = keyValue.ReadTag()) != 0)
            {
                switch (WireFormat.GetTagFieldNumber(inner))
                {
                    case 1: key = keyValue.ReadString(); break;
                    case 2: value = ReadString(keyValue.ReadBytes(), fieldNumber: 1); break;
                    default: keyValue.SkipLastField(); break;
                }
            }

            if (key is not null && value is not null)
            {
                into[key] = value;
            }
        }
    }

    private static string ReadString(ByteString message, int fieldNumber)
    {
        var input = message.CreateCodedInput();
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            if (WireFormat.GetTagFieldNumber(tag) == fieldNumber && WireFormat.GetTagWireType(tag) == WireFormat.WireType.LengthDelimited)
            {
                return input.ReadString();
            }

            input.SkipLastField();
        }

        return "";
    }

    private static string Hex(ByteString bytes) => Convert.ToHexStringLower(bytes.Span);
}
