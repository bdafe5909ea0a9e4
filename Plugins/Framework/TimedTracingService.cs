using System;
using System.Diagnostics;
using System.Globalization;
using Microsoft.Xrm.Sdk;

namespace CrmAccountability.Plugins.Framework;

/// <summary>
/// Prefixes each trace line with the time since the previous line and since the start, so a slow call stands out in
/// the plug-in trace log. Elapsed time comes from a monotonic stopwatch, not the wall clock.
/// </summary>
internal sealed class TimedTracingService : ITracingService
{
    private readonly ITracingService _inner;
    private readonly Stopwatch _stopwatch = Stopwatch.StartNew();
    private long _previousMilliseconds;

    public TimedTracingService(ITracingService inner)
    {
        _inner = inner;
    }

    public void Trace(string format, params object[] args)
    {
        var now = _stopwatch.ElapsedMilliseconds;
        var message = args == null || args.Length == 0 ? format : string.Format(CultureInfo.InvariantCulture, format, args);
        _inner.Trace("{0}", string.Format(CultureInfo.InvariantCulture, "[+{0}ms, {1}ms] {2}", now - _previousMilliseconds, now, message));
        _previousMilliseconds = now;
    }
}
