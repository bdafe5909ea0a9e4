using System.Threading;

namespace CrmAccountability.Emulator.Organization;

/// <summary>What one top-level request cost: service calls (itself and every nested call) and stored rows read.</summary>
/// <param name="Message">The top-level request's message.</param>
/// <param name="ServiceCalls">The request and every call made while handling it.</param>
/// <param name="RowsRead">Stored rows the queries examined.</param>
/// <param name="RowsReturned">Rows the retrievals handed back (to plug-ins, for a write that triggered them).</param>
/// <param name="PluginTime">Wall time spent inside plug-ins' Execute (the outermost ones; their own calls included).</param>
/// <param name="RowsMatched">Rows that met the queries' conditions: what an aggregate aggregated, every page of a query, a retrieved row. Against <paramref name="RowsRead"/> it says how well the indexes served.</param>
public sealed record RequestCost(string Message, long ServiceCalls, long RowsRead, long RowsReturned = 0, System.TimeSpan PluginTime = default, long RowsMatched = 0);

/// <summary>One platform behaviour applied to one row write: the table, the writing message, the behaviour's name.</summary>
public sealed record AppliedBehaviour(string Table, string Message, string Behaviour);

/// <summary>
/// Counters for the benchmark: per top-level request and in total. A request made from inside another (a plug-in's
/// call) counts towards the outer one, as the cost of handling that event.
/// </summary>
public sealed class RequestMetrics
{
    private readonly AsyncLocal<Scope?> _current = new();
    private long _requests;
    private long _serviceCalls;
    private long _rowsRead;
    private RequestCost? _last;
    private System.Collections.Generic.IReadOnlyList<AppliedBehaviour> _lastBehaviours = [];

    public long Requests => Interlocked.Read(ref _requests);

    public long ServiceCalls => Interlocked.Read(ref _serviceCalls);

    public long RowsRead => Interlocked.Read(ref _rowsRead);

    public RequestCost? LastRequest => Volatile.Read(ref _last);

    /// <summary>The platform behaviours the last top-level request's row writes applied, in order (its plug-ins' writes included).</summary>
    public System.Collections.Generic.IReadOnlyList<AppliedBehaviour> LastPlatformBehaviours => Volatile.Read(ref _lastBehaviours);

    internal Scope Enter(string message)
    {
        var outer = _current.Value;
        var scope = new Scope(this, outer, message);
        _current.Value = scope;
        Interlocked.Increment(ref _serviceCalls);
        scope.Root.ServiceCalls++;
        if (outer == null)
        {
            Interlocked.Increment(ref _requests);
        }

        return scope;
    }

    internal void AddRowsMatched(long rows)
    {
        if (_current.Value is { } scope)
        {
            scope.Root.RowsMatched += rows;
        }
    }

    internal void AddBehaviour(string table, string message, string behaviour)
    {
        if (_current.Value is { } scope)
        {
            scope.Root.Behaviours.Add(new AppliedBehaviour(table, message, behaviour));
        }
    }

    internal void AddRowsReturned(long rows)
    {
        if (_current.Value is { } scope)
        {
            scope.Root.RowsReturned += rows;
        }
    }

    /// <summary>Times a plug-in's Execute; only the outermost plug-in of a request adds to its total, so nested ones are not counted twice.</summary>
    internal PluginTimer TimePlugin() => new(_current.Value?.Root);

    internal void AddRowsRead(long rows)
    {
        Interlocked.Add(ref _rowsRead, rows);
        if (_current.Value is { } scope)
        {
            scope.Root.RowsRead += rows;
        }
    }

    internal sealed class Scope : System.IDisposable
    {
        private readonly RequestMetrics _metrics;
        private readonly Scope? _outer;
        private readonly string _message;

        public Scope(RequestMetrics metrics, Scope? outer, string message)
        {
            _metrics = metrics;
            _outer = outer;
            _message = message;
            Root = outer?.Root ?? new Totals();
        }

        public Totals Root { get; }

        public bool IsTopLevel => _outer == null;

        public void Dispose()
        {
            _metrics._current.Value = _outer;
            if (_outer == null)
            {
                Volatile.Write(ref _metrics._last, new RequestCost(_message, Root.ServiceCalls, Root.RowsRead, Root.RowsReturned, System.TimeSpan.FromTicks(Root.PluginTicks), Root.RowsMatched));
                Volatile.Write(ref _metrics._lastBehaviours, Root.Behaviours);
            }
        }
    }

    internal sealed class Totals
    {
        public long ServiceCalls { get; set; }

        public long PluginTicks { get; set; }

        public int PluginDepth { get; set; }

        public long RowsRead { get; set; }

        public long RowsReturned { get; set; }

        public long RowsMatched { get; set; }

        public System.Collections.Generic.List<AppliedBehaviour> Behaviours { get; } = [];
    }

    internal readonly struct PluginTimer : System.IDisposable
    {
        private readonly Totals? _totals;
        private readonly long _started;

        public PluginTimer(Totals? totals)
        {
            _totals = totals;
            _started = System.Diagnostics.Stopwatch.GetTimestamp();
            if (totals != null)
            {
                totals.PluginDepth++;
            }
        }

        public void Dispose()
        {
            if (_totals != null && --_totals.PluginDepth == 0)
            {
                _totals.PluginTicks += System.Diagnostics.Stopwatch.GetElapsedTime(_started).Ticks;
            }
        }
    }
}
