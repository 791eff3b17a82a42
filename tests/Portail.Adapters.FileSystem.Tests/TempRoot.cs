using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Portail.Dossier;

namespace Portail.Adapters.FileSystem.Tests;

/// <summary>A real folder under the system's temp folder, deleted after the test, and the adapter registered on it.</summary>
internal sealed class TempRoot : IDisposable
{
    public TempRoot()
    {
        Outer = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"portail-files-{Guid.NewGuid():N}");
        Path = System.IO.Path.Combine(Outer, "attachments");
    }

    /// <summary>The folder that holds <see cref="Path"/> and nothing else, unless a tenant id escaped it.</summary>
    public string Outer { get; }

    /// <summary>The folder given as <c>Portail:Attachments:Root</c>; created by the adapter's start-up check.</summary>
    public string Path { get; }

    /// <summary>
    /// The services of a host that calls <c>UseFileSystemAttachments(configuration.GetSection("Portail:Attachments"))</c>,
    /// and nothing else of Portail, so that the start-up check holds this adapter's options only.
    /// </summary>
    public static ServiceProvider Services(string root, Action<IServiceCollection>? more = null)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Portail:Attachments:Root"] = root })
            .Build();
        var services = new ServiceCollection();
        new Builder(services).UseFileSystemAttachments(configuration.GetSection("Portail:Attachments"));
        more?.Invoke(services);
        return services.BuildServiceProvider();
    }

    /// <summary>The adapter on this folder, after the host's start-up check.</summary>
    public IAttachmentFiles Files()
    {
        var services = Services(Path);
        services.GetRequiredService<IStartupValidator>().Validate();
        return services.GetRequiredService<IAttachmentFiles>();
    }

    /// <summary>Every file under the folder, relative to it, with '/' between names.</summary>
    public IReadOnlyList<string> AllFiles() =>
        Directory.EnumerateFiles(Path, "*", SearchOption.AllDirectories)
            .Select(f => System.IO.Path.GetRelativePath(Path, f).Replace('\\', '/'))
            .Order(StringComparer.Ordinal)
            .ToList();

    /// <summary>What <c>AddPortail</c> returns, without the core's own registrations.</summary>
    internal sealed class Builder(IServiceCollection services) : IPortailBuilder
    {
        public IServiceCollection Services { get; } = services;
    }

    public void Dispose()
    {
        if (Directory.Exists(Outer))
        {
            Directory.Delete(Outer, recursive: true);
        }
    }
}
