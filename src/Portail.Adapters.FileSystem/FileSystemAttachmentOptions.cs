namespace Portail.Adapters.FileSystem;

/// <summary>
/// Where <c>UseFileSystemAttachments</c> keeps attached files (R-DOS-6). Checked when the host
/// starts: the folder is created if missing, and a probe file is written in it and deleted; an
/// error names the setting (<c>Portail:Attachments:Root</c> when bound from that section).
/// </summary>
public sealed class FileSystemAttachmentOptions
{
    /// <summary>
    /// The folder of attached files, e.g. <c>App_Data/pieces-jointes</c>. A relative path is
    /// resolved against the host's content root (<c>IHostEnvironment.ContentRootPath</c>), or the
    /// current folder when no host environment is registered. Files live at
    /// <c>Root/&lt;tenant&gt;/&lt;first two hex digits of the id&gt;/&lt;id&gt;</c>.
    /// </summary>
    /// <value>Empty: it must be set.</value>
    public string Root { get; set; } = string.Empty;
}
