using System.Runtime.Versioning;
using Portail.Dossier;

namespace Portail.Adapters.FileSystem.Tests;

/// <summary>The attachment files adapter on a real temp folder (R-DOS-6): whole files or none, per tenant, owner-only.</summary>
public sealed class FileSystemAttachmentFilesTests : IDisposable
{
    private const int MaxAttachmentBytes = 2_048_000; // R-DOS-6: 2000 ko
    private static readonly TenantId Cestas = new("cestas");
    private static readonly TenantId Pessac = new("pessac");

    private readonly TempRoot _root = new();
    private readonly IAttachmentFiles _files;

    public FileSystemAttachmentFilesTests() => _files = _root.Files();

    public void Dispose() => _root.Dispose();

    private static byte[] Content(int length, int seed)
    {
        var content = new byte[length];
        new Random(seed).NextBytes(content);
        return content;
    }

    private void AssertNoTemporaryFileLeft() =>
        Assert.All(_root.AllFiles(), f => Assert.True(Guid.TryParseExact(Path.GetFileName(f), "D", out _), $"{f} is not a stored file"));

    [Fact]
    public async Task R_DOS_6_a_file_is_written_read_and_deleted_under_tenant_shard_and_id()
    {
        var id = Guid.NewGuid();
        var content = Content(1000, 1);

        await _files.SaveAsync(Cestas, id, content);

        Assert.Equal(content, await _files.ReadAsync(Cestas, id));
        var name = id.ToString("D");
        Assert.Equal([$"cestas/{name[..2]}/{name}"], _root.AllFiles());

        await _files.DeleteAsync(Cestas, id);
        Assert.Null(await _files.ReadAsync(Cestas, id));
        Assert.Empty(_root.AllFiles());
    }

    [Fact]
    public async Task R_DOS_6_reading_what_was_never_stored_gives_null_and_deleting_it_twice_is_harmless()
    {
        var id = Guid.NewGuid();

        Assert.Null(await _files.ReadAsync(new TenantId("jamais-vu"), id));
        await _files.DeleteAsync(new TenantId("jamais-vu"), id);
        await _files.SaveAsync(Cestas, id, new byte[] { 1, 2, 3 });
        await _files.DeleteAsync(Cestas, id);
        await _files.DeleteAsync(Cestas, id);

        Assert.Null(await _files.ReadAsync(Cestas, id));
    }

    [Fact]
    public async Task R_DOS_6_an_empty_file_is_a_file()
    {
        var id = Guid.NewGuid();

        await _files.SaveAsync(Cestas, id, ReadOnlyMemory<byte>.Empty);

        var read = await _files.ReadAsync(Cestas, id);
        Assert.NotNull(read);
        Assert.Empty(read);
    }

    [Fact]
    public async Task R_DOS_6_a_file_of_the_largest_size_allowed_comes_back_byte_for_byte()
    {
        var id = Guid.NewGuid();
        var content = Content(MaxAttachmentBytes, 2);

        await _files.SaveAsync(Cestas, id, content);

        var read = await _files.ReadAsync(Cestas, id);
        Assert.NotNull(read);
        Assert.Equal(MaxAttachmentBytes, read.Length);
        Assert.True(content.AsSpan().SequenceEqual(read));
        AssertNoTemporaryFileLeft();
    }

    [Fact]
    public async Task R_DOS_6_writing_the_same_id_again_with_the_same_content_is_harmless_and_with_other_content_is_refused()
    {
        var id = Guid.NewGuid();
        var content = Content(5000, 3);
        await _files.SaveAsync(Cestas, id, content);

        await _files.SaveAsync(Cestas, id, content);
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => _files.SaveAsync(Cestas, id, Content(5000, 4)).AsTask());

        Assert.Contains(id.ToString(), error.Message, StringComparison.Ordinal);
        Assert.Equal(content, await _files.ReadAsync(Cestas, id));
        AssertNoTemporaryFileLeft();
    }

    [Fact]
    public async Task R_DOS_6_many_writers_of_distinct_ids_at_once_are_all_read_back()
    {
        var files = Enumerable.Range(0, 400).Select(i => (Id: Guid.NewGuid(), Content: Content(1000 + (i * 97 % 50_000), i))).ToList();

        await Task.WhenAll(files.Select(f => Task.Run(async () => await _files.SaveAsync(Cestas, f.Id, f.Content))));

        foreach (var (id, content) in files)
        {
            Assert.Equal(content, await _files.ReadAsync(Cestas, id));
        }

        Assert.Equal(files.Count, _root.AllFiles().Count);
        AssertNoTemporaryFileLeft();
    }

    [Fact]
    public async Task R_DOS_6_two_writers_of_the_same_id_at_once_leave_one_whole_file()
    {
        for (var round = 0; round < 50; round++)
        {
            var id = Guid.NewGuid();
            var same = Content(200_000, round);
            var first = Content(200_000, 1000 + round);
            var second = Content(200_000, 2000 + round);

            // The same content twice: both succeed.
            await Task.WhenAll(Task.Run(async () => await _files.SaveAsync(Cestas, id, same)), Task.Run(async () => await _files.SaveAsync(Cestas, id, same)));
            Assert.Equal(same, await _files.ReadAsync(Cestas, id));

            // Two contents: one wins whole, the other is refused.
            var other = Guid.NewGuid();
            var outcomes = await Task.WhenAll(new[] { first, second }.Select(c => Task.Run(async () =>
            {
                try
                {
                    await _files.SaveAsync(Cestas, other, c);
                    return c;
                }
                catch (InvalidOperationException)
                {
                    return null;
                }
            })));
            Assert.Single(outcomes, o => o is null);
            Assert.Equal(Assert.Single(outcomes, o => o is not null), await _files.ReadAsync(Cestas, other));
        }

        AssertNoTemporaryFileLeft();
    }

    [Fact]
    public async Task R_DOS_6_a_reader_never_sees_part_of_a_file_being_written()
    {
        var files = Enumerable.Range(0, 30).Select(i => (Id: Guid.NewGuid(), Content: Content(MaxAttachmentBytes, i))).ToList();
        using var done = new CancellationTokenSource();
        var seen = 0;
        var readers = Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
        {
            while (!done.IsCancellationRequested)
            {
                foreach (var (id, content) in files)
                {
                    var read = await _files.ReadAsync(Cestas, id);
                    if (read is not null)
                    {
                        Assert.True(content.AsSpan().SequenceEqual(read), $"a reader saw {read.Length} bytes of {id}, not the whole file");
                        Interlocked.Increment(ref seen);
                    }
                }
            }
        })).ToList();

        foreach (var (id, content) in files)
        {
            await _files.SaveAsync(Cestas, id, content);
        }

        await done.CancelAsync();
        await Task.WhenAll(readers);
        Assert.True(seen > 0, "the readers read nothing: the test proved nothing");
        AssertNoTemporaryFileLeft();
    }

    [Fact]
    public async Task R_DOS_6_the_same_id_under_two_tenants_is_two_files()
    {
        var id = Guid.NewGuid();
        var ofCestas = Content(3000, 5);
        var ofPessac = Content(4000, 6);

        await _files.SaveAsync(Cestas, id, ofCestas);
        await _files.SaveAsync(Pessac, id, ofPessac);
        await _files.DeleteAsync(Pessac, id);

        Assert.Equal(ofCestas, await _files.ReadAsync(Cestas, id));
        Assert.Null(await _files.ReadAsync(Pessac, id));
        Assert.Null(await _files.ReadAsync(new TenantId("talence"), id));
    }

    [Theory]
    [InlineData("")]
    [InlineData(".")]
    [InlineData("..")]
    [InlineData("../cestas")]
    [InlineData("cestas/..")]
    [InlineData("a/b")]
    [InlineData("a\\b")]
    [InlineData("/etc")]
    [InlineData("C:")]
    [InlineData(".cache")]
    [InlineData("cestas.")]
    [InlineData("ces tas")]
    [InlineData("cestas\0")]
    [InlineData("CON")]
    [InlineData("nul.txt")]
    [InlineData("communauté")]
    public async Task R_DOS_6_a_tenant_id_that_is_not_a_plain_folder_name_is_refused(string tenant)
    {
        var id = Guid.NewGuid();
        var save = await Assert.ThrowsAsync<ArgumentException>(() => _files.SaveAsync(new TenantId(tenant), id, new byte[] { 1 }).AsTask());
        await Assert.ThrowsAsync<ArgumentException>(() => _files.ReadAsync(new TenantId(tenant), id).AsTask());
        await Assert.ThrowsAsync<ArgumentException>(() => _files.DeleteAsync(new TenantId(tenant), id).AsTask());

        Assert.Equal("tenant", save.ParamName);
        Assert.Empty(_root.AllFiles());
        Assert.Equal([_root.Path], Directory.EnumerateFileSystemEntries(_root.Outer));
    }

    [Theory]
    [InlineData("cestas")]
    [InlineData("Saint-Jean-d_Illac.2")]
    public async Task R_DOS_6_a_plain_tenant_id_is_accepted(string tenant)
    {
        var id = Guid.NewGuid();

        await _files.SaveAsync(new TenantId(tenant), id, new byte[] { 7 });

        Assert.Equal([7], await _files.ReadAsync(new TenantId(tenant), id));
    }

    [UnixFact]
    [UnsupportedOSPlatform("windows")]
    public async Task R_DOS_6_files_are_readable_and_writable_by_their_owner_only()
    {
        var id = Guid.NewGuid();

        await _files.SaveAsync(Cestas, id, Content(100, 7));

        var name = id.ToString("D");
        var file = Path.Combine(_root.Path, "cestas", name[..2], name);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
        const UnixFileMode ownerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
        Assert.Equal(ownerOnly, File.GetUnixFileMode(Path.GetDirectoryName(file)!));
        Assert.Equal(ownerOnly, File.GetUnixFileMode(Path.Combine(_root.Path, "cestas")));
        Assert.Equal(ownerOnly, File.GetUnixFileMode(_root.Path));
    }

    [Fact]
    public async Task R_DOS_6_a_cancelled_call_stores_reads_and_deletes_nothing()
    {
        var id = Guid.NewGuid();
        await _files.SaveAsync(Cestas, id, new byte[] { 1 });
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => _files.SaveAsync(Cestas, Guid.NewGuid(), Content(MaxAttachmentBytes, 8), cancelled.Token).AsTask());
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => _files.ReadAsync(Cestas, id, cancelled.Token).AsTask());
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => _files.DeleteAsync(Cestas, id, cancelled.Token).AsTask());

        Assert.Equal([1], await _files.ReadAsync(Cestas, id));
        Assert.Single(_root.AllFiles());
    }

    [Fact]
    public async Task R_DOS_6_a_write_cancelled_midway_leaves_no_file_and_no_temporary_file()
    {
        for (var attempt = 0; attempt < 20; attempt++)
        {
            var id = Guid.NewGuid();
            using var cancellation = new CancellationTokenSource(TimeSpan.FromMilliseconds(attempt % 5));
            try
            {
                await _files.SaveAsync(Cestas, id, Content(MaxAttachmentBytes, attempt), cancellation.Token);
                Assert.NotNull(await _files.ReadAsync(Cestas, id));
            }
            catch (OperationCanceledException)
            {
                Assert.Null(await _files.ReadAsync(Cestas, id));
            }
        }

        AssertNoTemporaryFileLeft();
    }
}
