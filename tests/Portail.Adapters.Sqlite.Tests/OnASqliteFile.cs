namespace Portail.Adapters.Sqlite.Tests;

/// <summary>
/// A test class whose every test gets a fresh SQLite file; after the test the whole file must pass
/// <see cref="TempDatabase.AssertSound"/> (integrity check, foreign keys, counts = rows, capacity),
/// then it is deleted.
/// </summary>
public abstract class OnASqliteFile : IDisposable
{
    internal TempDatabase Database { get; } = new();

    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Checks the file, then deletes it, even when the check fails.</summary>
    internal static void SoundThenDelete(TempDatabase database)
    {
        try
        {
            database.AssertSound();
        }
        finally
        {
            database.Dispose();
        }
    }

    protected virtual void Dispose(bool disposing)
    {
        if (disposing)
        {
            SoundThenDelete(Database);
        }
    }
}
