namespace Marketplace.Testing;

public static class RepoPaths
{
    /// <summary>The repository root: the nearest folder above the test binaries that holds Marketplace.sln.</summary>
    public static string Root { get; } = FindRoot();

    /// <summary>Where tests leave screenshots and documents for people to look at (ignored by git).</summary>
    public static string Artifacts
    {
        get
        {
            var path = Environment.GetEnvironmentVariable("MARKETPLACE_TEST_ARTIFACTS") ?? Path.Combine(Root, "tests", "artifacts");
            Directory.CreateDirectory(path);
            return path;
        }
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Marketplace.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Marketplace.sln not found above " + AppContext.BaseDirectory);
    }
}
