using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Portail.Adapters.Smtp.Tests;

/// <summary>
/// Debian's aiosmtpd on a free loopback port, writing what it receives under a temporary folder
/// (smtp_server.py). Installs <c>python3-aiosmtpd</c> when it is missing and the tests run as root;
/// otherwise fails saying what to install.
/// </summary>
public sealed class SmtpServer : IDisposable
{
    private const string Python = "/usr/bin/python3";
    private readonly Process _process;

    /// <summary>Starts a server on <paramref name="port"/>, or on a free port.</summary>
    public SmtpServer(int? port = null)
    {
        EnsureInstalled();
        Folder = Directory.CreateTempSubdirectory("portail-smtp-").FullName;
        Port = port ?? FreePort();
        _process = Process.Start(new ProcessStartInfo(Python, [Path.Combine(AppContext.BaseDirectory, "smtp_server.py"), Port.ToString(System.Globalization.CultureInfo.InvariantCulture), Folder])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        var ready = _process.StandardOutput.ReadLineAsync();
        if (!ready.Wait(TimeSpan.FromSeconds(30)) || ready.Result != "ready")
        {
            throw new InvalidOperationException($"The test SMTP server did not start: {_process.StandardError.ReadToEnd()}");
        }
    }

    public int Port { get; }

    /// <summary>Where the server writes what it accepts: one folder per recipient.</summary>
    public string Folder { get; }

    /// <summary>The messages a recipient received, parsed.</summary>
    public IReadOnlyList<MimeKit.MimeMessage> Received(string recipient)
    {
        var box = Path.Combine(Folder, recipient);
        return Directory.Exists(box) ? Directory.GetFiles(box, "*.eml").Order(StringComparer.Ordinal).Select(f => MimeKit.MimeMessage.Load(f)).ToList() : [];
    }

    /// <summary>A loopback port nothing listens on.</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public void Dispose()
    {
        _process.StandardInput.Close();
        if (!_process.WaitForExit(5000))
        {
            _process.Kill(entireProcessTree: true);
        }

        _process.Dispose();
        Directory.Delete(Folder, recursive: true);
    }

    private static void EnsureInstalled()
    {
        if (Run(Python, "-c", "import aiosmtpd") == 0)
        {
            return;
        }

        if (Environment.UserName == "root" && Run("apt-get", "install", "-y", "-qq", "python3-aiosmtpd") == 0 && Run(Python, "-c", "import aiosmtpd") == 0)
        {
            return;
        }

        throw new InvalidOperationException("The SMTP tests need a real SMTP server: install Debian's python3-aiosmtpd (apt-get install python3-aiosmtpd); .ci/run does.");
    }

    private static int Run(string file, params string[] arguments)
    {
        try
        {
            using var p = Process.Start(new ProcessStartInfo(file, arguments) { RedirectStandardOutput = true, RedirectStandardError = true })!;
            p.WaitForExit();
            return p.ExitCode;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return -1;
        }
    }
}
