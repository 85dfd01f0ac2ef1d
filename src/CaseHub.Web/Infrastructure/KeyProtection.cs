using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Security.Cryptography.Xml;
using System.Xml;
using System.Xml.Linq;
using CaseHub.Core.Common;
using CaseHub.Core.Data;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.XmlEncryption;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

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
    /// Data protection with keys in the database, encrypted by the configured or generated certificate. The
    /// certificate is read (or made) when data protection first needs it, from the configuration the running host
    /// ended up with: operator commands, which use no data protection, leave the data folder as they found it.
    /// </summary>
    public static void AddCaseHubDataProtection(this IServiceCollection services)
    {
        services.AddDataProtection().SetApplicationName("CaseHub").PersistKeysToDbContext<CaseHubDbContext>();
        services.AddSingleton<KeyCertificate>();
        services.AddSingleton<IConfigureOptions<KeyManagementOptions>, ConfigureKeyEncryption>();
    }

    private sealed class ConfigureKeyEncryption(KeyCertificate certificate, ILoggerFactory logs) : IConfigureOptions<KeyManagementOptions>
    {
        // PostgreSQL without a certificate: nothing to protect with; `--check` says so and data protection logs its warning.
        public void Configure(KeyManagementOptions options)
        {
            if (certificate.Value is not null) options.XmlEncryptor = new CertificateKeyEncryptor(certificate, logs);
        }
    }
}

/// <summary>The key-protection certificate of this installation, loaded once (null when keys are not protected).</summary>
public sealed class KeyCertificate(IConfiguration configuration, IHostEnvironment environment)
{
    private readonly Lazy<X509Certificate2?> _certificate =
        new(() => KeyProtectionOptions.Plan(configuration, environment.ContentRootPath).LoadCertificate());

    public X509Certificate2? Value => _certificate.Value;
}

/// <summary>Encrypts new keys with the certificate's RSA key (standard XML encryption), to be read by <see cref="CertificateKeyDecryptor"/>.</summary>
internal sealed class CertificateKeyEncryptor(KeyCertificate certificate, ILoggerFactory logs) : IXmlEncryptor
{
    public EncryptedXmlInfo Encrypt(XElement plaintextElement)
    {
        var encrypted = new CertificateXmlEncryptor(certificate.Value!, logs).Encrypt(plaintextElement);
        return new EncryptedXmlInfo(encrypted.EncryptedElement, typeof(CertificateKeyDecryptor));
    }
}

/// <summary>
/// Decrypts keys with this installation's certificate (data protection creates it with the service provider). The
/// framework's own decryptor would look for the certificate in the machine's certificate store.
/// </summary>
internal sealed class CertificateKeyDecryptor(IServiceProvider services) : IXmlDecryptor
{
    public XElement Decrypt(XElement encryptedElement)
    {
        var certificate = services.GetRequiredService<KeyCertificate>().Value
            ?? throw new CryptographicException("The data-protection keys are encrypted but no key-protection certificate is configured (DataProtection:CertificatePath).");
        var document = new XmlDocument();
        document.Load(new XElement("root", encryptedElement).CreateReader());
        var xml = new CertificateEncryptedXml(document, certificate);
        xml.DecryptDocument();
        return XElement.Load(new XmlNodeReader(document.DocumentElement!.FirstChild!));
    }

    private sealed class CertificateEncryptedXml(XmlDocument document, X509Certificate2 certificate) : EncryptedXml(document)
    {
        public override byte[]? DecryptEncryptedKey(EncryptedKey encryptedKey)
        {
            using var rsa = certificate.GetRSAPrivateKey()!;
            var oaep = encryptedKey.EncryptionMethod?.KeyAlgorithm == XmlEncRSAOAEPUrl;
            return DecryptKey(encryptedKey.CipherData.CipherValue!, rsa, oaep);
        }
    }
}
