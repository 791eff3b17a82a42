using Xunit.Abstractions;
using Xunit.Sdk;

[assembly: TestFramework("Portail.Adapters.Postgres.Tests.PostgresTestFramework", "Portail.Adapters.Postgres.Tests")]

namespace Portail.Adapters.Postgres.Tests;

/// <summary>
/// xunit 2's own framework, with one change: when there is no PostgreSQL server for the tests (neither
/// <c>PORTAIL_TEST_POSTGRES</c> nor what <c>build/postgres-for-tests.sh</c> could start, see
/// <see cref="PostgresForTests"/>) and <c>CI</c> is not <c>true</c>, every test of a class marked
/// <see cref="RequiresPostgresAttribute"/> is discovered as skipped, with the reason
/// <see cref="PostgresForTests.SkipReason"/> (the inherited
/// <c>[Fact]</c>s of the contract suites included, which no attribute of ours could mark), and one
/// diagnostic message says so once. Under CI nothing is skipped: the tests run and fail, saying why
/// there is no server.
/// </summary>
public sealed class PostgresTestFramework(IMessageSink messageSink) : XunitTestFramework(messageSink)
{
    /// <inheritdoc />
    protected override ITestFrameworkDiscoverer CreateDiscoverer(IAssemblyInfo assemblyInfo) =>
        new Discoverer(assemblyInfo, SourceInformationProvider, DiagnosticMessageSink);

    private sealed class Discoverer(IAssemblyInfo assemblyInfo, ISourceInformationProvider sourceProvider, IMessageSink diagnosticMessageSink)
        : XunitTestFrameworkDiscoverer(assemblyInfo, sourceProvider, diagnosticMessageSink)
    {
        private int _announced;

        protected override bool FindTestsForMethod(ITestMethod testMethod, bool includeSourceInformation, IMessageBus messageBus, ITestFrameworkDiscoveryOptions discoveryOptions)
        {
            if (PostgresForTests.SkipReason is not { } reason
                || !testMethod.TestClass.Class.GetCustomAttributes(typeof(RequiresPostgresAttribute)).Any()
                || !testMethod.Method.GetCustomAttributes(typeof(FactAttribute)).Any())
            {
                return base.FindTestsForMethod(testMethod, includeSourceInformation, messageBus, discoveryOptions);
            }

            if (Interlocked.Exchange(ref _announced, 1) == 0)
            {
                DiagnosticMessageSink.OnMessage(new DiagnosticMessage(reason));
            }

            var skipped = new XunitSkippedDataRowTestCase(
                DiagnosticMessageSink,
                discoveryOptions.MethodDisplayOrDefault(),
                discoveryOptions.MethodDisplayOptionsOrDefault(),
                testMethod,
                reason,
                null);
            return ReportDiscoveredTestCase(skipped, includeSourceInformation, messageBus);
        }
    }
}
