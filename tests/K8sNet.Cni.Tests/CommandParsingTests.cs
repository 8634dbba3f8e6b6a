namespace K8sNet.Cni.Tests;

/// <summary>CNI_COMMAND: the six verbs, spelled exactly as the spec does.</summary>
public sealed class CommandParsingTests
{
    [Theory]
    [InlineData("ADD", CniCommand.Add)]
    [InlineData("DEL", CniCommand.Del)]
    [InlineData("CHECK", CniCommand.Check)]
    [InlineData("GC", CniCommand.Gc)]
    [InlineData("STATUS", CniCommand.Status)]
    [InlineData("VERSION", CniCommand.Version)]
    public void Each_spec_verb_is_recognised_and_written_back_the_same(string wire, CniCommand expected)
    {
        var command = CniRequestReader.ReadCommand(name => name == "CNI_COMMAND" ? wire : null);

        command.Should().Be(expected);
        command.ToWire().Should().Be(wire);
    }

    [Theory]
    [InlineData("add")]
    [InlineData("DELETE")]
    [InlineData("")]
    [InlineData(" ADD")]
    [InlineData(null)]
    public void Anything_else_is_an_environment_error_naming_CNI_COMMAND(string? wire)
    {
        var act = () => CniRequestReader.ReadCommand(name => name == "CNI_COMMAND" ? wire : null);

        act.Should().Throw<CniException>()
            .Where(e => e.Code == CniErrorCode.InvalidEnvironment && e.Message.Contains("CNI_COMMAND"));
    }
}
