using System;
using System.Collections.Generic;
using System.Linq;
using System.Xml.Linq;

namespace CrmAccountability.Emulator.Solutions.Layout;

/// <summary>
/// Relationships: <c>Other/Relationships.xml</c> lists their names, and <c>Other/Relationships/&lt;Table&gt;.xml</c>
/// holds them, a one-to-many under its referenced table and a many-to-many under its first table.
/// </summary>
internal sealed class RelationshipLayout : ComponentLayout
{
    private const string Folder = "Other/Relationships";

    public override void Unpack(UnpackContext context)
    {
        if (context.Container("EntityRelationships") is not { } container || !container.HasElements)
        {
            return;
        }

        var relationships = container.Elements().ToList();
        var names = relationships.Select(r => (string?)r.Attribute("Name")).ToList();
        if (relationships.Any(r => r.Name.LocalName != "EntityRelationship" || Table(r) == null) || names.Any(n => string.IsNullOrWhiteSpace(n)) || names.Distinct(StringComparer.Ordinal).Count() != names.Count)
        {
            return;
        }

        // Group without regard to case ("SystemUser", "systemuser"), so no two files differ only in case.
        foreach (var group in relationships.GroupBy(r => Table(r)!, StringComparer.OrdinalIgnoreCase).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var stem = Unique(context.Output, Folder + "/" + SafeNames.Segment(group.Key, "relationships"), ".xml");
            context.Output.Add(stem + ".xml", UnpackedFolder.Serialise(FileRoot(new XElement("EntityRelationships", group))));
        }

        var index = new XElement("EntityRelationships", names.Order(StringComparer.Ordinal).Select(n => new XElement("EntityRelationship", new XAttribute("Name", n!))));
        context.Output.Add("Other/Relationships.xml", UnpackedFolder.Serialise(FileRoot(index)));
        container.RemoveNodes();
    }

    public override void Pack(PackContext context)
    {
        // The name list is an index of the files; the files are the relationships.
        if (context.Source.FindFirst("Other", rel => rel.Equals("Relationships.xml", StringComparison.OrdinalIgnoreCase)) is { } index)
        {
            context.Source.Take(index, context.Managed);
        }

        var relationships = new List<XElement>();
        foreach (var file in context.Source.Find(Folder, rel => !rel.Contains('/', StringComparison.Ordinal) && rel.EndsWith(".xml", StringComparison.OrdinalIgnoreCase)))
        {
            relationships.AddRange(Expect(context.ReadXml(file), "EntityRelationships", context.Source, file).Elements("EntityRelationship"));
        }

        context.Fill("EntityRelationships", relationships);
    }

    private static string? Table(XElement relationship)
        => (relationship.Element("EntityRelationshipType")?.Value.Trim() == "ManyToMany" ? Text(relationship, "FirstEntityName") : Text(relationship, "ReferencedEntityName")) is { } table
            && SafeNames.Segment(table, string.Empty) == table ? table : null;
}
