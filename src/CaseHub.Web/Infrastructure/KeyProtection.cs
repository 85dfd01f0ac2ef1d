using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using CaseHub.Core.Common;
using CaseHub.Core.Data;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Data.Sqlite;

namespace CaseHub.Web.Infrastructure;

/// <summary>
/// Where the data-protection keys (sign-in cookies, antiforgery, reset links) are kept and how they are protected at
/// rest. Keys live in the database so every node shares them; a certificate encrypts them there, so a copy of the
/// database alone cannot forge a sign-in cookie.
/// </summary>
public sealed class KeyProtectionOptions
{
    public const string Section = "DataProtection";

    /// <summary>A PKCS#12 (.pfx) file whose RSA key encrypts the keys. Required in production with PostgreSQL (every node gets the same file).</summary>
    public string? CertificatePath { get; set; }
    public string? CertificatePassword { get; set; }

    /// <summary>The certificate CaseHub makes for itself next to a SQLite database when none is configured (one node, one folder).</summary>
    public const string GeneratedFileName = "data-protection.pfx";

    /// <summary>How the keys are protected with this configuration, for the start-up wiring and for <c>--check</c>.</summary>
    public static KeyProtectionPlan Plan(IConfiguration configuration, string contentRoot)
    {
        var options = configuration.GetSection(Section).Get<KeyProtectionOptions>() ?? new();
        if (!string.IsNullOrWhiteSpace(options.CertificatePath))
            return new(KeyProtectionKind.Configured, Path.GetFullPath(Path.Combine(contentRoot, options.CertificatePath)), options.CertificatePassword);
        var database = configuration.GetSection(DatabaseOptions.Section).Get<DatabaseOptions>() ?? new();
        database.ResolveRelativePaths(contentRoot);
        if (database.IsPostgres) return new(KeyProtectionKind.None, null, null);
        var file = new SqliteConnectionStringBuilder(database.ConnectionString).DataSource;
        if (string.IsNullOrEmpty(file) || file == ":memory:") return new(KeyProtectionKind.None, null, null);
        return new(KeyProtectionKind.Generated, Path.Combine(Path.GetDirectoryName(Path.GetFullPath(file))!, GeneratedFileName), null);
    }
}

public enum KeyProtectionKind { None, Configured, Generated }

public sealed record KeyProtectionPlan(KeyProtectionKind Kind, string? CertificatePath, string? Password)
{
    /// <summary>Loads (or, for a generated one, first creates) the certificate; null when keys are not protected.</summary>
    public X509Certificate2? LoadCertificate()
    {
        if (Kind == KeyProtectionKind.None || CertificatePath is null) return null;
        if (Kind == KeyProtectionKind.Generated && !File.Exists(CertificatePath)) Generate(CertificatePath);
        try
        {
            var cert = X509CertificateLoader.LoadPkcs12FromFile(CertificatePath, Password, X509KeyStorageFlags.EphemeralKeySet);
            if (cert.GetRSAPrivateKey() is null) throw new CryptographicException("the certificate has no RSA private key");
            return cert;
        }
        catch (Exception ex) when (ex is CryptographicException or IOException or UnauthorizedAccessException)
        {
            throw new StartupException($"CaseHub cannot read the key-protection certificate {CertificatePath}. Check the settings " +
                $"DataProtection:CertificatePath and DataProtection:CertificatePassword. {ex.Message}", ex);
        }
    }

    private static void Generate(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest("CN=CaseHub data protection", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var now = DateTimeOffset.UtcNow;
        using var cert = request.CreateSelfSigned(now.AddDays(-1), now.AddYears(100));
        var temp = path + ".tmp";
        // Readable by the service account only: it holds the private key that decrypts the keys.
        var file = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows()) file.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        using (var stream = new FileStream(temp, file))
            stream.Write(cert.Export(X509ContentType.Pfx));
        try
        {
            File.Move(temp, path); // two processes racing: the first one's file wins, the second keeps it
        }
        catch (IOException) when (File.Exists(path))
        {
            File.Delete(temp);
        }
    }
}

public static class KeyProtectionSetup
{
    /// <summary>
    /// Data protection with keys in the database, encrypted by the configured or generated certificate. Operator
    /// commands (<paramref name="serving"/> false) do not read or make the certificate: `--check` and `--restore`
    /// must leave the data folder as they found it, and they use no data protection.
    /// </summary>
    public static void AddCaseHubDataProtection(this IServiceCollection services, IConfiguration configuration, string contentRoot, bool serving)
    {
        var builder = services.AddDataProtection().SetApplicationName("CaseHub").PersistKeysToDbContext<CaseHubDbContext>();
        if (!serving) return;
        // PostgreSQL without a certificate: nothing to protect with; `--check` says so and data protection logs its warning.
        if (KeyProtectionOptions.Plan(configuration, contentRoot).LoadCertificate() is not { } certificate) return;
        builder.ProtectKeysWithCertificate(certificate).UnprotectKeysWithAnyCertificate(certificate);
    }
}
