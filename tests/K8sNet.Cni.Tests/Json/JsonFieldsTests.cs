using System.Text.Json;
using K8sNet.Cni.Json;

namespace K8sNet.Cni.Tests.Json;

public class JsonFieldsTests
{
    private static JsonFields Read(string json, string path = "") => JsonFields.Of(JsonDocument.Parse(json).RootElement, path);

    [Fact]
    public void Absent_and_null_read_as_absent_for_optional_values()
    {
        var fields = Read("""{"s":null,"b":null,"n":null,"o":null,"l":null}""");

        fields.String("s").Should().BeNull();
        fields.String("missing").Should().BeNull();
        fields.NullableBool("b").Should().BeNull();
        fields.NullableInt32("n").Should().BeNull();
        fields.Object("o").Should().BeNull();
        fields.Strings("l").Should().BeNull();
        fields.Raw("o").Should().BeNull();
        fields.Bool("missing").Should().BeFalse();
        fields.Int32("missing").Should().Be(0);
    }

    [Fact]
    public void Names_are_case_sensitive_and_the_last_duplicate_wins()
    {
        var fields = Read("""{"ipMasq":false,"IPMASQ":true,"bridge":"a","bridge":"b"}""");

        fields.Bool("ipMasq").Should().BeFalse();
        fields.String("bridge").Should().Be("b");
    }

    [Theory]
    [InlineData("""{"isGateway":"yes"}""", "isGateway", "expected a boolean, found a string")]
    [InlineData("""{"isGateway":null}""", "isGateway", "expected a boolean, found null")]
    [InlineData("""{"mtu":"1500"}""", "mtu", "expected an integer, found a string")]
    [InlineData("""{"mtu":1.5}""", "mtu", "1.5 is not a 32-bit integer")]
    [InlineData("""{"mtu":4294967296}""", "mtu", "is not a 32-bit integer")]
    [InlineData("""{"bridge":["cnio0"]}""", "bridge", "expected a string, found an array")]
    public void A_value_of_the_wrong_type_is_code_7_naming_the_field_and_what_was_found(string json, string field, string reason)
    {
        var fields = Read(json);

        var act = () =>
        {
            _ = field switch
            {
                "isGateway" => (object)fields.Bool(field),
                "mtu" => fields.NullableInt32(field),
                _ => fields.String(field),
            };
        };

        act.Should().Throw<CniException>().Where(e =>
            e.Code == CniErrorCode.InvalidConfig && e.Message.Contains($"\"{field}\"") && e.Message.Contains(reason));
    }

    [Fact]
    public void Nested_lists_and_objects_carry_their_path_into_the_error()
    {
        var fields = Read("""{"ranges":[[{"subnet":"10.0.0.0/24"},{"subnet":7}]]}""", "ipam");

        var act = () => fields.List("ranges", (set, path) => JsonFields.ListValue(set, path, (r, p) => JsonFields.Of(r, p).String("subnet")));

        act.Should().Throw<CniException>().WithMessage("*\"ipam.ranges[0][1].subnet\"*expected a string, found a number*");
    }

    [Fact]
    public void A_null_element_in_a_string_list_is_refused_naming_its_index()
    {
        var act = () => Read("""{"ips":["10.0.0.2",null]}""", "runtimeConfig").Strings("ips");

        act.Should().Throw<CniException>().WithMessage("*\"runtimeConfig.ips[1]\"*found null*");
    }

    [Fact]
    public void Something_other_than_an_object_is_refused_at_its_path()
    {
        var act = () => JsonFields.Of(JsonDocument.Parse("[1]").RootElement, "prevResult");

        act.Should().Throw<CniException>().WithMessage("*\"prevResult\"*expected an object, found an array*");
    }
}
