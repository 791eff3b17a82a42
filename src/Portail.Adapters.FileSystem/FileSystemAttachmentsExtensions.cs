using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Portail.Adapters.FileSystem;
using Portail.Dossier;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Keeps the content of Portail's attached files (R-DOS-6) in a folder.</summary>
public static class FileSystemAttachmentsExtensions
{
    /// <summary>
    /// Keeps attached files in the folder named by <paramref name="section"/>'s <c>Root</c>
    /// (pass <c>configuration.GetSection("Portail:Attachments")</c>). The folder is created and
    /// probed when the host starts; an error names the setting (<c>Portail:Attachments:Root</c>).
    /// The last <c>UseFileSystemAttachments</c> call wins.
    /// </summary>
    /// <param name="builder">What <c>AddPortail</c> returned.</param>
    /// <param name="section">The attachments section, bound to <see cref="FileSystemAttachmentOptions"/>.</param>
    public static IPortailBuilder UseFileSystemAttachments(this IPortailBuilder builder, IConfiguration section)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(section);
        var root = section is IConfigurationSection s ? $"{s.Path}:{nameof(FileSystemAttachmentOptions.Root)}" : nameof(FileSystemAttachmentOptions.Root);
        return builder.Use(root, options => options.Bind(section));
    }

    /// <summary>
    /// Keeps attached files in the folder <paramref name="configure"/> sets. The folder is created
    /// and probed when the host starts; an error names <c>FileSystemAttachmentOptions.Root</c>. The
    /// last <c>UseFileSystemAttachments</c> call wins.
    /// </summary>
    /// <param name="builder">What <c>AddPortail</c> returned.</param>
    /// <param name="configure">Sets <see cref="FileSystemAttachmentOptions"/>.</param>
    public static IPortailBuilder UseFileSystemAttachments(this IPortailBuilder builder, Action<FileSystemAttachmentOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        return builder.Use($"{nameof(FileSystemAttachmentOptions)}.{nameof(FileSystemAttachmentOptions.Root)}", options => options.Configure(configure));
    }

    private static IPortailBuilder Use(this IPortailBuilder builder, string setting, Action<OptionsBuilder<FileSystemAttachmentOptions>> configure)
    {
        var services = builder.Services;
        services.RemoveAll<IAttachmentFiles>();
        services.RemoveAll<IConfigureOptions<FileSystemAttachmentOptions>>();
        services.RemoveAll<IOptionsChangeTokenSource<FileSystemAttachmentOptions>>();
        services.RemoveAll<IValidateOptions<FileSystemAttachmentOptions>>();
        var options = services.AddOptions<FileSystemAttachmentOptions>();
        configure(options);
        options.ValidateOnStart();
        services.AddSingleton<IValidateOptions<FileSystemAttachmentOptions>>(sp => new FileSystemAttachmentOptionsValidation(setting, sp));
        services.AddSingleton<IAttachmentFiles>(sp => new FileSystemAttachmentFiles(
            Disk.FullRoot(sp.GetRequiredService<IOptions<FileSystemAttachmentOptions>>().Value.Root, sp)));
        return builder;
    }
}
