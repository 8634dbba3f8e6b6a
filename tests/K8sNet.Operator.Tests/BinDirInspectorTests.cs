using System.Text.Json;
using K8sNet.Operator.Inspection;
using K8sNet.Operator.Install;
using K8sNet.Operator.Rendering;

namespace K8sNet.Operator.Tests;

/// <summary>inspect's binaries section: every plugin in the bin dir, k8snet's (this or another build) or not.</summary>
public sealed class BinDirInspectorTests : IDisposable
{
    private static readonly byte[] Ours = [1, .. K8sNetBinary.Marker, 2];

    private readonly string _dir = Directory.CreateTempSubdirectory("k8snet-bindir-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Each_plugin_is_listed_by_name_with_its_owner_and_link_and_hidden_files_and_directories_are_not()
    {
        File.WriteAllBytes(Path.Combine(_dir, "k8snet"), Ours);
        File.CreateSymbolicLink(Path.Combine(_dir, "loopback"), "k8snet");
        File.WriteAllBytes(Path.Combine(_dir, "host-local"), [3, .. K8sNetBinary.Marker]);
        File.WriteAllText(Path.Combine(_dir, "portmap"), "reference portmap");
        File.WriteAllText(Path.Combine(_dir, ".loopback.k8snet-1.tmp"), "temp");
        Directory.CreateDirectory(Path.Combine(_dir, "subdir"));

        var rows = BinDirInspector.Read(_dir, Ours)!;

        rows.Should().Equal(
            new BinaryRow("host-local", BinaryOwner.OtherBuild, null),
            new BinaryRow("k8snet", BinaryOwner.ThisBuild, null),
            new BinaryRow("loopback", BinaryOwner.ThisBuild, "k8snet"),
            new BinaryRow("portmap", BinaryOwner.Foreign, null));
        var table = BinariesRenderer.Table(_dir, rows);
        table.Should().Contain($"binaries in {_dir}").And.Contain("NAME").And.Contain("K8SNET");
        table.Split('\n').Should().Contain(l => l.StartsWith("loopback") && l.Contains("yes (this build)") && l.Contains("symlink to k8snet"))
            .And.Contain(l => l.StartsWith("host-local") && l.Contains("yes (another build)"))
            .And.Contain(l => l.StartsWith("portmap") && l.Contains("no"));
    }

    [Fact]
    public void Json_names_each_entry_and_a_missing_dir_says_so()
    {
        File.WriteAllText(Path.Combine(_dir, "bridge"), "reference bridge");
        var view = new NodeView(DateTime.UnixEpoch, [], [], [], []);

        var json = JsonDocument.Parse(JsonRenderer.Render(view, null, (_dir, BinDirInspector.Read(_dir, Ours)))).RootElement.GetProperty("binaries");
        json.GetProperty("exists").GetBoolean().Should().BeTrue();
        var entry = json.GetProperty("entries")[0];
        (entry.GetProperty("name").GetString(), entry.GetProperty("k8snet").GetBoolean(), entry.GetProperty("sameBuild").GetBoolean())
            .Should().Be(("bridge", false, false));

        var missing = Path.Combine(_dir, "nope");
        BinDirInspector.Read(missing, Ours).Should().BeNull();
        BinariesRenderer.Table(missing, null).Should().Contain("directory not found");
        JsonDocument.Parse(JsonRenderer.Render(view, null, (missing, null))).RootElement.GetProperty("binaries").GetProperty("exists").GetBoolean().Should().BeFalse();
    }
}
