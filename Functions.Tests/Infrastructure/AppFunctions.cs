using EduFlows.FunctionIndex;
using EduFlows.Hosting;

namespace EduFlows.Tests.Infrastructure;

/// <summary>The function app's functions as the local host indexes them, for tests that run orchestrations on a bare worker.</summary>
public static class AppFunctions
{
    private static readonly Lazy<FunctionCatalog> Lazy = new(() => FunctionCatalog.Load(typeof(EduFlowsServices).Assembly));

    /// <summary>Every function of the app, bound.</summary>
    public static FunctionCatalog Catalog => Lazy.Value;
}
