using System.Data.Common;
using MemoryApi.Errors;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging.Abstractions;

namespace MemoryTests.Api;

/// <summary>
/// The safety net under validation: an error the store raises about the request's data is a client error, so it is
/// never reported as the store being unavailable (which tells clients to retry something that cannot succeed).
/// </summary>
public sealed class StoreErrorStatusTests
{
    [Theory]
    [InlineData("22021", 400)] // character_not_in_repertoire: NUL in text
    [InlineData("22P05", 400)] // untranslatable_character: \u0000 in jsonb
    [InlineData("22P02", 400)] // invalid_text_representation
    [InlineData("22003", 400)] // numeric_value_out_of_range
    [InlineData("54000", 413)] // program_limit_exceeded: e.g. an index row too large
    [InlineData("08006", 503)] // connection_failure: the store really is unavailable
    [InlineData("57P01", 503)] // admin_shutdown
    [InlineData(null, 503)]
    public async Task A_store_error_gets_the_status_its_SQLSTATE_class_means(string? sqlState, int expected)
    {
        var problems = new CapturingProblems();
        var handler = new ProblemExceptionHandler(problems, NullLogger<ProblemExceptionHandler>.Instance);
        var context = new DefaultHttpContext();

        await handler.TryHandleAsync(context, new StoreError(sqlState), TestContext.Current.CancellationToken);

        Assert.Equal(expected, context.Response.StatusCode);
        Assert.Equal(expected, problems.Written?.ProblemDetails.Status);
        Assert.Equal(expected == 503, context.Response.Headers.RetryAfter.Count > 0);
    }

    private sealed class StoreError(string? sqlState) : DbException("store error")
    {
        public override string? SqlState => sqlState;
    }

    private sealed class CapturingProblems : IProblemDetailsService
    {
        public ProblemDetailsContext? Written { get; private set; }

        public ValueTask WriteAsync(ProblemDetailsContext context)
        {
            Written = context;
            return ValueTask.CompletedTask;
        }

        public ValueTask<bool> TryWriteAsync(ProblemDetailsContext context)
        {
            Written = context;
            return ValueTask.FromResult(true);
        }
    }
}
