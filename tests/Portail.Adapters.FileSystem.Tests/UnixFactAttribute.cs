namespace Portail.Adapters.FileSystem.Tests;

/// <summary>A fact about Unix file modes: skipped, visibly, on Windows (and as root when <see cref="NotAsRoot"/>).</summary>
internal sealed class UnixFactAttribute : FactAttribute
{
    /// <summary>Whether the fact needs permissions to hold, which root overrides.</summary>
    public bool NotAsRoot { get; set; }

    public override string? Skip
    {
        get => OperatingSystem.IsWindows() ? "Unix file modes do not exist on Windows."
            : NotAsRoot && System.Environment.UserName == "root" ? "Run as root, which writes in any folder: a folder without write permission cannot be shown here (the root-under-a-file tests still run)."
            : base.Skip;
        set => base.Skip = value;
    }
}
