using System;
using System.Collections.Generic;
using Microsoft.Xrm.Sdk;
using Microsoft.Xrm.Sdk.Client;
using Xunit;

namespace CrmAccountability.XrmSdk.Tests.Behaviour;

/// <summary>
/// Entity behaviour that plug-ins, the emulator and tests rely on, pinned to what the real SDK does
/// (xrm-sdk-surface.md §5.1; Learn: Entity.GetAttributeValue, Entity.Item[String]).
/// </summary>
public sealed class EntityBehaviourTests
{
    [Fact]
    public void Indexer_on_a_missing_attribute_throws_KeyNotFoundException()
    {
        var entity = new Entity("account");

        Assert.Throws<KeyNotFoundException>(() => entity["name"]);
    }

    [Fact]
    public void Indexer_set_adds_then_replaces_the_value()
    {
        var entity = new Entity("account");

        entity["name"] = "Contoso";
        entity["name"] = "Fabrikam";

        Assert.Equal("Fabrikam", entity["name"]);
        Assert.Single(entity.Attributes);
    }

    [Fact]
    public void GetAttributeValue_returns_default_for_missing_and_for_null()
    {
        var entity = new Entity("account") { ["revenue"] = null };

        Assert.Null(entity.GetAttributeValue<Money>("revenue"));
        Assert.Null(entity.GetAttributeValue<Money>("missing"));
        Assert.Equal(0, entity.GetAttributeValue<int>("missing"));
        Assert.Null(entity.GetAttributeValue<int?>("missing"));
        Assert.Equal(Guid.Empty, entity.GetAttributeValue<Guid>("missing"));
    }

    [Fact]
    public void GetAttributeValue_of_another_type_is_a_plain_cast_and_throws()
    {
        var entity = new Entity("account") { ["name"] = "Contoso" };

        Assert.Throws<InvalidCastException>(() => entity.GetAttributeValue<Money>("name"));
    }

    [Fact]
    public void GetAttributeValue_reads_a_value_type_as_its_nullable()
    {
        var entity = new Entity("phonecall") { ["actualdurationminutes"] = 30 };

        Assert.Equal(30, entity.GetAttributeValue<int?>("actualdurationminutes"));
    }

    [Fact]
    public void Contains_is_true_for_an_attribute_set_to_null()
    {
        var entity = new Entity("account") { ["parentaccountid"] = null };

        Assert.True(entity.Contains("parentaccountid"));
        Assert.False(entity.Contains("name"));
    }

    [Fact]
    public void Attribute_names_are_case_sensitive()
    {
        var entity = new Entity("account") { ["name"] = "Contoso" };

        Assert.False(entity.Contains("Name"));
    }

    [Fact]
    public void TryGetAttributeValue_reports_presence_and_type()
    {
        var entity = new Entity("account") { ["name"] = "Contoso" };

        Assert.True(entity.TryGetAttributeValue<string>("name", out var name));
        Assert.Equal("Contoso", name);
        Assert.False(entity.TryGetAttributeValue<Money>("name", out _));
        Assert.False(entity.TryGetAttributeValue<string>("missing", out _));
    }

    [Fact]
    public void ToEntityReference_carries_logical_name_id_and_row_version()
    {
        var id = Guid.Parse("7f1c0e52-9c1a-4c3b-9d7a-7a4f1b2c3d4e");
        var entity = new Entity("account", id) { RowVersion = "1234", ["name"] = "Contoso" };

        var reference = entity.ToEntityReference();

        Assert.Equal("account", reference.LogicalName);
        Assert.Equal(id, reference.Id);
        Assert.Equal("1234", reference.RowVersion);
    }

    [Fact]
    public void ToEntity_of_Entity_is_a_shallow_copy_sharing_the_attribute_collection()
    {
        var entity = new Entity("account", Guid.NewGuid()) { ["name"] = "Contoso" };

        var copy = entity.ToEntity<Entity>();
        copy["name"] = "Fabrikam";

        Assert.NotSame(entity, copy);
        Assert.Same(entity.Attributes, copy.Attributes);
        Assert.Equal("Fabrikam", entity["name"]);
    }

    [Fact]
    public void ToEntity_of_an_early_bound_type_requires_matching_logical_names()
    {
        var account = new Entity("account", Guid.NewGuid()) { ["name"] = "Contoso" };
        var contact = new Entity("contact", Guid.NewGuid());

        var typed = account.ToEntity<EarlyBoundAccount>();

        Assert.Equal("Contoso", typed.Name);
        Assert.Equal(account.Id, typed.Id);
        Assert.Throws<NotSupportedException>(() => contact.ToEntity<EarlyBoundAccount>());
    }

    [Fact]
    public void Entity_constructor_with_a_key_fills_KeyAttributes_not_Attributes()
    {
        var entity = new Entity("cra_attainment", "cra_name", "2026-W48");

        Assert.Equal("2026-W48", entity.KeyAttributes["cra_name"]);
        Assert.Empty(entity.Attributes);
        Assert.Equal(Guid.Empty, entity.Id);
    }

    [EntityLogicalName("account")]
    private sealed class EarlyBoundAccount : Entity
    {
        public EarlyBoundAccount()
            : base("account")
        {
        }

        public string Name => GetAttributeValue<string>("name");
    }
}
