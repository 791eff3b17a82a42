using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Portail.SampleHost.Tests;

/// <summary>
/// The sample host in memory, with its appsettings.json (demo clock at Monday 2 October 2023, 09:00),
/// on a SQLite file of its own in a new temporary folder, deleted with the factory (so are its mail and attachment folders) — or on the storage
/// a test names (the file of an earlier portal, PostgreSQL), kept afterwards.
/// </summary>
public sealed class PortalFactory : WebApplicationFactory<Program>
{
    private readonly (string Key, string Value)[] _storage;
    private readonly string? _folder;

    /// <summary>A portal on a SQLite file of its own, seeded with the demo data when it starts.</summary>
    public PortalFactory()
        : this(NewFolder())
    {
    }

    /// <summary>A portal on the storage these settings (<c>Storage:…</c>) name.</summary>
    internal PortalFactory(params (string Key, string Value)[] storage) => _storage = storage;

    /// <summary>Where the portal writes its mails (the pickup folder, a new temporary folder deleted with the factory).</summary>
    public string MailFolder { get; } = NewFolder();

    /// <summary>Where the portal keeps attached files (a new temporary folder deleted with the factory).</summary>
    public string AttachmentsFolder { get; } = NewFolder();

    private PortalFactory(string folder)
        : this(SqliteFile(Path.Combine(folder, "portail.db"))) => _folder = folder;

    /// <summary>The path of a new folder under the temporary folder (not created: the store creates it).</summary>
    internal static string NewFolder() => Path.Combine(Path.GetTempPath(), "portail-host-tests", Guid.NewGuid().ToString("N"));

    /// <summary>The settings of a portal on the SQLite file <paramref name="path"/> (created, with its folder, when missing).</summary>
    internal static (string Key, string Value) SqliteFile(string path) => ("Storage:Sqlite:ConnectionString", $"Data Source={path}");

    private Task<HttpClient>? _family;

    /// <summary>One client of this portal signed in as the family DUPONT, shared by the tests of a class.</summary>
    public Task<HttpClient> FamilyClientAsync() => _family ??= SignIn.AsAsync(this, "dupont");

    /// <summary>A client that does not follow redirects, so that status codes are the host's own.</summary>
    public HttpClient Client() => CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        foreach (var (key, value) in _storage)
        {
            builder.UseSetting(key, value);
        }

        builder.UseSetting("Mail:Pickup:Folder", MailFolder);
        builder.UseSetting("Portail:Attachments:Root", AttachmentsFolder);
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        foreach (var folder in new[] { _folder, MailFolder, AttachmentsFolder })
        {
            if (folder is not null && Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }
        }
    }
}
