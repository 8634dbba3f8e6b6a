using System.Formats.Tar;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using K8sNet.Testing;

namespace K8sNet.Cri.Tests.Harness;

/// <summary>
/// The sandbox ("pause") image, built offline because nothing can be pulled here: pause.c compiled with
/// <c>clang -static</c>, packed as an OCI image archive (oci-layout, index.json, manifest, config, one uncompressed
/// layer) that <c>ctr images import</c> takes. Built once per test process; every private containerd imports it.
/// </summary>
public static class PauseImage
{
    /// <summary>The reference CRI is told to use as sandbox_image; it never resolves to a registry.</summary>
    public const string Reference = "k8snet.test/pause:1";

    private static readonly Lazy<string> Archive = new(Build);

    /// <summary>Path of the OCI archive (built on first use).</summary>
    public static string ArchivePath => Archive.Value;

    private static string Build()
    {
        var dir = Directory.CreateTempSubdirectory("k8snet-cri-pause-").FullName;
        AppDomain.CurrentDomain.ProcessExit += (_, _) => Directory.Delete(dir, recursive: true);
        var source = Path.Combine(AppContext.BaseDirectory, "Harness", "pause.c");
        var binary = Path.Combine(dir, "pause");
        Command.Run("clang", ["-static", "-Os", "-s", "-o", binary, source]).EnsureSuccess("clang -static pause.c");

        var layer = LayerWith("pause", File.ReadAllBytes(binary));
        var config = Json(new JsonObject
        {
            ["architecture"] = "amd64",
            ["os"] = "linux",
            ["config"] = new JsonObject { ["Entrypoint"] = new JsonArray("/pause") },
            ["rootfs"] = new JsonObject { ["type"] = "layers", ["diff_ids"] = new JsonArray(Digest(layer)) },
        });
        var manifest = Json(new JsonObject
        {
            ["schemaVersion"] = 2,
            ["mediaType"] = "application/vnd.oci.image.manifest.v1+json",
            ["config"] = Descriptor("application/vnd.oci.image.config.v1+json", config),
            ["layers"] = new JsonArray(Descriptor("application/vnd.oci.image.layer.v1.tar", layer)),
        });
        var manifestDescriptor = Descriptor("application/vnd.oci.image.manifest.v1+json", manifest);
        // containerd's importer names the image from io.containerd.image.name; ref.name is the OCI layout's tag.
        manifestDescriptor["annotations"] = new JsonObject
        {
            ["io.containerd.image.name"] = Reference,
            ["org.opencontainers.image.ref.name"] = Reference.Split(':')[1],
        };
        manifestDescriptor["platform"] = new JsonObject { ["architecture"] = "amd64", ["os"] = "linux" };
        var index = Json(new JsonObject { ["schemaVersion"] = 2, ["manifests"] = new JsonArray(manifestDescriptor) });

        var archive = Path.Combine(dir, "pause.oci.tar");
        using (var stream = File.Create(archive))
        using (var tar = new TarWriter(stream, TarEntryFormat.Pax))
        {
            Add(tar, "oci-layout", Encoding.UTF8.GetBytes("""{"imageLayoutVersion":"1.0.0"}"""), mode: null);
            Add(tar, "index.json", index, mode: null);
            foreach (var blob in new[] { layer, config, manifest })
            {
                Add(tar, "blobs/sha256/" + Hex(blob), blob, mode: null);
            }
        }

        return archive;
    }

    private static byte[] LayerWith(string name, byte[] executable)
    {
        using var stream = new MemoryStream();
        using (var tar = new TarWriter(stream, TarEntryFormat.Pax, leaveOpen: true))
        {
            Add(tar, name, executable, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
                | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        }

        return stream.ToArray();
    }

    private static void Add(TarWriter tar, string name, byte[] content, UnixFileMode? mode)
    {
        var entry = new PaxTarEntry(TarEntryType.RegularFile, name)
        {
            DataStream = new MemoryStream(content),
            ModificationTime = DateTimeOffset.UnixEpoch,
        };
        if (mode is { } m)
        {
            entry.Mode = m;
        }

        tar.WriteEntry(entry);
    }

    private static JsonObject Descriptor(string mediaType, byte[] blob) => new()
    {
        ["mediaType"] = mediaType,
        ["digest"] = Digest(blob),
        ["size"] = blob.Length,
    };

    private static byte[] Json(JsonObject node) => Encoding.UTF8.GetBytes(node.ToJsonString());

    private static string Digest(byte[] blob) => "sha256:" + Hex(blob);

    private static string Hex(byte[] blob) => Convert.ToHexStringLower(SHA256.HashData(blob));
}
