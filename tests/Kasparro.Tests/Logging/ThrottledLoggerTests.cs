using Kasparro.Hosting;
using Kasparro.Hosting.Logging;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace Kasparro.Tests.Logging;

public sealed class ThrottledLoggerTests
{
    private readonly FakeTimeProvider _time = new();
    private readonly Recorder _recorder = new();

    private ILogger Logger(string category = "Orleans.Grain")
    {
        var inner = LoggerFactory.Create(b => b.AddProvider(_recorder).SetMinimumLevel(LogLevel.Trace));
        return new ThrottledLoggerFactory(inner, new LogThrottle(_time, TimeSpan.FromSeconds(10))).CreateLogger(category);
    }

    [Fact]
    public void The_same_failure_is_written_once_per_window_then_with_the_count_left_out()
    {
        var logger = Logger();
        for (var i = 0; i < 5; i++)
        {
            logger.LogError(new InvalidOperationException("boom", new TimeoutException()), "Activation failed");
        }

        Assert.Single(_recorder.Lines);
        _time.Advance(TimeSpan.FromSeconds(11));
        logger.LogError(new InvalidOperationException("boom", new TimeoutException()), "Activation failed");

        Assert.Equal(3, _recorder.Lines.Count);
        Assert.StartsWith("4 more entries like the next one", _recorder.Lines[1], StringComparison.Ordinal);
        Assert.Equal("Activation failed", _recorder.Lines[2]);
    }

    [Fact]
    public void Different_messages_of_one_class_are_throttled_apart()
    {
        var logger = Logger();
        logger.LogWarning(new InvalidOperationException("a"), "Source {Source}: run failed", "coingecko");
        logger.LogWarning(new InvalidOperationException("a"), "Run {RunId} could not be logged", "r1");

        Assert.Equal(2, _recorder.WithException);
    }

    [Fact]
    public void The_projects_own_entries_about_different_things_are_all_written()
    {
        var logger = Logger("Kasparro.Grains.Sources.SourceGrain");
        logger.LogWarning(new InvalidOperationException("a"), "Source {Source}: run failed", "coingecko");
        logger.LogWarning(new InvalidOperationException("a"), "Source {Source}: run failed", "rss");
        logger.LogWarning(new InvalidOperationException("a"), "Source {Source}: run failed", "rss");

        Assert.Equal(2, _recorder.WithException);
    }

    [Fact]
    public void Different_exceptions_and_lines_without_one_are_not_held_back()
    {
        var logger = Logger();
        logger.LogError(new InvalidOperationException("a"), "failed");
        logger.LogError(new InvalidOperationException("a", new TimeoutException()), "failed");
        logger.LogWarning("no exception");
        logger.LogWarning("no exception");

        Assert.Equal(4, _recorder.Lines.Count);
    }

    [Fact]
    public void The_gateways_stack_traces_for_500s_are_never_held_back()
    {
        var logger = Logger(ThrottledLoggerFactory.UnthrottledCategory);
        logger.LogError(new InvalidOperationException("bug"), "GET /x answered 500");
        logger.LogError(new InvalidOperationException("bug"), "GET /x answered 500");

        Assert.Equal(2, _recorder.Lines.Count);
    }

    [Fact]
    public void An_exception_is_one_clipped_line()
    {
        var text = ExceptionText.FirstLine(new InvalidOperationException("first line\n   at Somewhere()\n" + new string('x', 500)));

        Assert.Equal("InvalidOperationException: first line", text);
        Assert.Equal(ExceptionText.MaxLength + 3, ExceptionText.Clip(new string('y', 1000)).Length);
    }

    private sealed class Recorder : ILoggerProvider
    {
        public List<string> Lines { get; } = [];

        /// <summary>How many entries carried an exception (a stack trace, in a real log).</summary>
        public int WithException { get; private set; }

        public ILogger CreateLogger(string categoryName) => new Line(this);

        public void Dispose()
        {
        }

        private sealed class Line(Recorder recorder) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                recorder.Lines.Add(formatter(state, exception));
                recorder.WithException += exception is null ? 0 : 1;
            }
        }
    }
}
