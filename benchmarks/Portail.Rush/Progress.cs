using System.Diagnostics;
using System.Globalization;

namespace Portail.Rush;

/// <summary>A progress bar on stderr, redrawn four times a second (a line every 10 % when stderr is not a terminal).</summary>
internal sealed class Progress : IDisposable
{
    private const int Width = 30;
    private readonly string _label;
    private readonly int _total;
    private readonly long _started = Stopwatch.GetTimestamp();
    private readonly Timer _timer;
    private readonly bool _terminal = !Console.IsErrorRedirected;
    private int _done;
    private int _lastTenth = -1;
    private bool _finished;

    public Progress(string label, int total)
    {
        _label = label;
        _total = total;
        _timer = new Timer(_ => Draw(final: false), null, TimeSpan.Zero, TimeSpan.FromMilliseconds(250));
    }

    public void Advance() => Interlocked.Increment(ref _done);

    public void Dispose()
    {
        _timer.Dispose();
        Draw(final: true);
    }

    private void Draw(bool final)
    {
        lock (_timer)
        {
            if (_finished)
            {
                return;
            }

            _finished = final;
            var done = Volatile.Read(ref _done);
            var tenth = _total == 0 ? 10 : done * 10 / _total;
            if (!_terminal && !final && tenth == _lastTenth)
            {
                return;
            }

            _lastTenth = tenth;
            var elapsed = Stopwatch.GetElapsedTime(_started).TotalSeconds;
            var filled = _total == 0 ? Width : (int)((long)done * Width / _total);
            var line = string.Create(
                CultureInfo.InvariantCulture,
                $"  {_label} [{new string('#', filled)}{new string('.', Width - filled)}] {done,6}/{_total} {(elapsed > 0 ? done / elapsed : 0),8:F0}/s {elapsed,6:F1} s");
            Console.Error.Write(_terminal ? "\r" + line + (final ? Environment.NewLine : string.Empty) : line + Environment.NewLine);
        }
    }
}
