using Microsoft.AspNetCore.Mvc.Testing;

namespace Portail.SampleHost.Tests;

/// <summary>The sample host in memory, with its appsettings.json: demo clock at Monday 2 October 2023, 09:00.</summary>
public sealed class PortalFactory : WebApplicationFactory<Program>
{
    /// <summary>A client that does not follow redirects, so that status codes are the host's own.</summary>
    public HttpClient Client() => CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
}
