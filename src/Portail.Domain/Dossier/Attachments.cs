namespace Portail.Dossier;

/// <summary>What an attached file is, as read from its first bytes (never from its name).</summary>
public enum AttachmentType
{
    /// <summary>A PDF document ("%PDF-").</summary>
    Pdf,

    /// <summary>A JPEG image.</summary>
    Jpeg,

    /// <summary>A PNG image.</summary>
    Png,

    /// <summary>A GIF image.</summary>
    Gif,

    /// <summary>A WebP image.</summary>
    WebP,
}

/// <summary>Why a file was refused, in French, naming the limit it hit; nothing already attached was touched.</summary>
/// <param name="Message">The reason and what to do.</param>
public sealed record AttachmentRefused(string Message);

/// <summary>
/// The rules of attachments (R-DOS-6): each required document accepts up to <see cref="MaxFiles"/>
/// files of at most <see cref="MaxBytes"/> bytes each, images and PDF only, recognised by their
/// content (magic bytes), so that a program renamed ".pdf" is refused. Checked before anything is
/// stored: a refused file leaves the fiche and its other files as they were.
/// </summary>
public static class Attachments
{
    /// <summary>The most files one required document accepts.</summary>
    public const int MaxFiles = 4;

    /// <summary>The largest file accepted: 2000 ko, as the guides say (2,048,000 bytes).</summary>
    public const int MaxBytes = 2_048_000;

    /// <summary>
    /// The type of <paramref name="content"/>, or why it is refused: empty, larger than
    /// <see cref="MaxBytes"/>, not an image or a PDF, or one file too many for a document that already
    /// has <paramref name="alreadyAttached"/>. <paramref name="name"/> is only quoted in the message.
    /// </summary>
    public static OneOf.OneOf<AttachmentType, AttachmentRefused> Check(string name, ReadOnlySpan<byte> content, int alreadyAttached)
    {
        if (alreadyAttached >= MaxFiles)
        {
            return new AttachmentRefused($"« {name} » n'est pas ajouté : ce document a déjà {MaxFiles} fichiers, le maximum. Supprimez-en un pour en ajouter un autre.");
        }

        if (content.Length == 0)
        {
            return new AttachmentRefused($"« {name} » est vide : choisissez le fichier de nouveau.");
        }

        if (content.Length > MaxBytes)
        {
            return new AttachmentRefused($"« {name} » pèse {French.Number(content.Length)} octets : un fichier ne doit pas dépasser 2000 ko ({French.Number(MaxBytes)} octets). Réduisez sa taille ou sa résolution.");
        }

        return TypeOf(content) is { } type
            ? type
            : new AttachmentRefused($"« {name} » n'est ni une image (JPEG, PNG, GIF, WebP) ni un PDF : seuls ces fichiers sont acceptés, quel que soit leur nom.");
    }

    private static ReadOnlySpan<byte> JpegStart => [0xFF, 0xD8, 0xFF];

    private static ReadOnlySpan<byte> PngStart => [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    private static AttachmentType? TypeOf(ReadOnlySpan<byte> c) =>
        c.StartsWith("%PDF-"u8) ? AttachmentType.Pdf
        : c.StartsWith(JpegStart) ? AttachmentType.Jpeg
        : c.StartsWith(PngStart) ? AttachmentType.Png
        : c.StartsWith("GIF87a"u8) || c.StartsWith("GIF89a"u8) ? AttachmentType.Gif
        : c.Length >= 12 && c.StartsWith("RIFF"u8) && c[8..12].SequenceEqual("WEBP"u8) ? AttachmentType.WebP
        : null;
}
