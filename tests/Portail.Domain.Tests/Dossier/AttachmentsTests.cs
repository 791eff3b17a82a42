using Portail.Dossier;

namespace Portail.Domain.Tests.Dossier;

/// <summary>R-DOS-6: up to four files per document, 2,048,000 bytes each, images and PDF recognised by their content.</summary>
public sealed class AttachmentsTests
{
    private static byte[] Jpeg(int length)
    {
        var bytes = new byte[length];
        bytes[0] = 0xFF;
        bytes[1] = 0xD8;
        bytes[2] = 0xFF;
        return bytes;
    }

    [Fact]
    public void R_DOS_6_an_image_of_exactly_2_048_000_bytes_is_accepted_and_one_byte_more_is_refused()
    {
        Assert.Equal(AttachmentType.Jpeg, Attachments.Check("vaccins.jpg", Jpeg(2_048_000), 0).AsT0);
        Assert.Equal(
            "« vaccins.jpg » pèse 2 048 001 octets : un fichier ne doit pas dépasser 2000 ko (2 048 000 octets). Réduisez sa taille ou sa résolution.",
            Attachments.Check("vaccins.jpg", Jpeg(2_048_001), 0).AsT1.Message);
    }

    [Fact]
    public void R_DOS_6_a_fifth_file_is_refused()
    {
        Assert.Equal(AttachmentType.Jpeg, Attachments.Check("page-4.jpg", Jpeg(100), 3).AsT0);
        Assert.Equal(
            "« page-5.jpg » n'est pas ajouté : ce document a déjà 4 fichiers, le maximum. Supprimez-en un pour en ajouter un autre.",
            Attachments.Check("page-5.jpg", Jpeg(100), 4).AsT1.Message);
    }

    [Fact]
    public void R_DOS_6_a_program_renamed_pdf_is_refused_and_real_pdf_png_gif_webp_are_recognised_by_their_content()
    {
        byte[] exe = [(byte)'M', (byte)'Z', 0x90, 0x00, 0x03];
        Assert.Equal(
            "« attestation.pdf » n'est ni une image (JPEG, PNG, GIF, WebP) ni un PDF : seuls ces fichiers sont acceptés, quel que soit leur nom.",
            Attachments.Check("attestation.pdf", exe, 0).AsT1.Message);
        Assert.Equal(AttachmentType.Pdf, Attachments.Check("scan.jpg", "%PDF-1.7\n"u8, 0).AsT0);
        Assert.Equal(AttachmentType.Png, Attachments.Check("a", [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A, 0], 0).AsT0);
        Assert.Equal(AttachmentType.Gif, Attachments.Check("a", "GIF89a..."u8, 0).AsT0);
        Assert.Equal(AttachmentType.WebP, Attachments.Check("a", "RIFF\0\0\0\0WEBPVP8 "u8, 0).AsT0);
        Assert.Equal("« vide.pdf » est vide : choisissez le fichier de nouveau.", Attachments.Check("vide.pdf", [], 0).AsT1.Message);
    }
}
