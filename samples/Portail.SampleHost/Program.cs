using System.Text.Encodings.Web;
using System.Text.Unicode;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.WebEncoders;
using NodaTime;
using Portail.Adapters.FileSystem;
using Portail.Catalog;
using Portail.SampleHost;
using Portail.SampleHost.Accounts;
using Portail.SampleHost.Booking;
using Portail.SampleHost.Demo;

var builder = WebApplication.CreateBuilder(args);

// The demo clock must be registered before AddPortail, whose system clock is only a default.
builder.Services.AddOptions<DemoOptions>().Bind(builder.Configuration.GetSection(DemoOptions.Section)).ValidateOnStart();
builder.Services.AddSingleton<IValidateOptions<DemoOptions>, DemoOptionsValidation>();
builder.Services.AddSingleton<IClock>(sp => DemoClock.From(sp.GetRequiredService<IOptions<DemoOptions>>().Value, sp.GetRequiredService<Catalogue>()));
builder.Services.AddPortail(builder.Configuration.GetSection("Portail"))
    .UseConfiguredStorage(builder.Configuration, builder.Environment.ContentRootPath)
    .UseConfiguredMail(builder.Configuration, builder.Environment.ContentRootPath)
    .RunMailInBackground()
    .RunInsuranceExpiryInBackground()
    .UseConfiguredPayments(builder.Configuration, builder.Environment)
    .UseFileSystemAttachments(builder.Configuration.GetSection("Portail:Attachments"));

// After AddPortail: hosted services start in the order they are registered, and the storage's
// preparation (the schema's migration, a hosted service AddPortail registers) must run before the seeding.
builder.Services.AddHostedService<DemoData>();
builder.Services.AddHostedService<DemoDossier>();
builder.Services.AddHostedService<DemoAccounts>();
builder.Services.AddPortalAuthentication();
builder.Services.AddRazorPages();

// French text as it is, not as &#xE9; entities.
builder.Services.Configure<WebEncoderOptions>(o => o.TextEncoderSettings = new TextEncoderSettings(UnicodeRanges.All));

var app = builder.Build();

if (!app.Environment.IsDevelopment())
{
    app.UseExceptionHandler("/erreur");
}

app.UseStatusCodePagesWithReExecute("/erreur", "?code={0}");
app.UseSecurityHeaders();
app.UseStaticFiles();
app.UseRouting();
app.UseAuthentication();
app.UseAccessDeniedAsForbidden();
app.UseAuthorization();
app.MapRazorPages();
app.MapOpening();
app.MapConfiguredPayments();

app.Lifetime.ApplicationStarted.Register(() =>
{
    var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses;
    if (addresses is { Count: > 0 })
    {
        Console.WriteLine($"Portail : {string.Join(", ", addresses)}");
    }
});

await app.RunAsync();

/// <summary>The entry point, visible to the tests' WebApplicationFactory.</summary>
public partial class Program;
