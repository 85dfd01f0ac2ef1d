namespace CaseHub.TestSupport;

/// <summary>Password hashing in test hosts: the real algorithm (PBKDF2-SHA512), with fewer rounds (see CaseHubFactory).</summary>
public static class TestPasswords
{
    public const int IterationCount = 1000;
}
