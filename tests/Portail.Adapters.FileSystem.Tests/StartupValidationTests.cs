using System.Runtime.Versioning;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Portail.Dossier;

namespace Portail.Adapters.FileSystem.Tests;

/// <summary>The folder of attached files is checked when the host starts (ARCHITECTURE.md must 7), errors naming the setting.</summary>
public sealed class StartupValidationTests : IDisposable
{
    private readonly TempRoot _root = new();

    public void Dispose() => _root.Dispose();

    private static OptionsValidationException StartFails(ServiceProvider services) =>
        Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IStartupValidator>().Validate());

    [Fact]
    public void R_DOS_6_a_root_under_a_file_stops_the_start_naming_the_setting()
    {
        Directory.CreateDirectory(_root.Path);
        var file = Path.Combine(_root.Path, "un-fichier");
        File.WriteAllText(file, "pas un dossier");
        using var services = TempRoot.Services(Path.Combine(file, "pieces-jointes"));

        var error = StartFails(services);

        Assert.Contains("Portail:Attachments:Root", error.Message, StringComparison.Ordinal);
        Assert.Contains("cannot be created", error.Message, StringComparison.Ordinal);
        Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IAttachmentFiles>());
    }

    [Fact]
    public void R_DOS_6_a_root_that_is_a_file_stops_the_start_naming_the_setting()
    {
        Directory.CreateDirectory(_root.Path);
        var file = Path.Combine(_root.Path, "un-fichier");
        File.WriteAllText(file, "pas un dossier");
        using var services = TempRoot.Services(file);

        Assert.Contains("Portail:Attachments:Root", StartFails(services).Message, StringComparison.Ordinal);
    }

    [UnixFact(NotAsRoot = true)]
    [UnsupportedOSPlatform("windows")]
    public void R_DOS_6_a_root_the_host_cannot_write_in_stops_the_start_naming_the_setting()
    {
        Directory.CreateDirectory(_root.Path, UnixFileMode.UserRead | UnixFileMode.UserExecute);
        using var services = TempRoot.Services(_root.Path);

        var error = StartFails(services);

        Assert.Contains("Portail:Attachments:Root", error.Message, StringComparison.Ordinal);
        Assert.Contains("no file can be written", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void R_DOS_6_a_missing_root_stops_the_start_naming_the_setting(string root)
    {
        using var services = TempRoot.Services(root);

        var error = StartFails(services);

        Assert.Contains("Portail:Attachments:Root is empty", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void R_DOS_6_a_root_set_in_code_is_named_by_its_property()
    {
        var services = new ServiceCollection();
        new TempRoot.Builder(services).UseFileSystemAttachments(o => o.Root = "");

        using var provider = services.BuildServiceProvider();

        Assert.Contains("FileSystemAttachmentOptions.Root is empty", StartFails(provider).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void R_DOS_6_a_missing_root_folder_is_created_and_the_probe_leaves_nothing()
    {
        var root = Path.Combine(_root.Path, "a", "b");
        using var services = TempRoot.Services(root);

        services.GetRequiredService<IStartupValidator>().Validate();

        Assert.True(Directory.Exists(root));
        Assert.Empty(_root.AllFiles());
    }

    [Fact]
    public async Task R_DOS_6_a_relative_root_is_under_the_content_root()
    {
        using var services = TempRoot.Services("App_Data/pieces-jointes", s => s.AddSingleton<IHostEnvironment>(new Environment(_root.Path)));
        services.GetRequiredService<IStartupValidator>().Validate();
        var id = Guid.NewGuid();

        await services.GetRequiredService<IAttachmentFiles>().SaveAsync(new TenantId("cestas"), id, new byte[] { 1 });

        Assert.Equal([$"App_Data/pieces-jointes/cestas/{id.ToString("D")[..2]}/{id:D}"], _root.AllFiles());
    }

    [Fact]
    public async Task R_DOS_6_the_last_call_wins()
    {
        var first = Path.Combine(_root.Path, "premier");
        var second = Path.Combine(_root.Path, "second");
        var services = new ServiceCollection();
        new TempRoot.Builder(services).UseFileSystemAttachments(o => o.Root = first).UseFileSystemAttachments(o => o.Root = second);
        using var provider = services.BuildServiceProvider();
        provider.GetRequiredService<IStartupValidator>().Validate();

        await Assert.Single(provider.GetServices<IAttachmentFiles>()).SaveAsync(new TenantId("cestas"), Guid.NewGuid(), new byte[] { 1 });

        Assert.All(_root.AllFiles(), f => Assert.StartsWith("second/", f, StringComparison.Ordinal));
        Assert.False(Directory.Exists(first));
    }

    private sealed class Environment(string contentRoot) : IHostEnvironment
    {
        public string EnvironmentName { get; set; } = "Development";

        public string ApplicationName { get; set; } = "Portail.Tests";

        public string ContentRootPath { get; set; } = contentRoot;

        public IFileProvider ContentRootFileProvider { get; set; } = new NullFileProvider();
    }
}
