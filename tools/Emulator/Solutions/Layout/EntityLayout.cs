using System;
using System.Collections.Generic;
using System.Linq;
using System.Xml.Linq;

namespace CrmAccountability.Emulator.Solutions.Layout;

/// <summary>
/// Tables: <c>Entities/&lt;Name&gt;/Entity.xml</c> with <c>FormXml/&lt;type&gt;/{formid}.xml</c>,
/// <c>SavedQueries/{savedqueryid}.xml</c>, <c>Visualizations/{id}.xml</c>, <c>RibbonDiff.xml</c> and the calculated
/// columns' <c>Formulas/*.xaml</c> beside it; Entity.xml keeps empty placeholders where those parts go.
/// </summary>
internal sealed class EntityLayout : ComponentLayout
{
    private const string Folder = "Entities";

    public override void Unpack(UnpackContext context)
    {
        if (context.Container("Entities") is not { } container)
        {
            return;
        }

        var entities = container.Elements().ToList();
        if (entities.Count == 0 || entities.Any(e => e.Name.LocalName != "Entity"))
        {
            return;
        }

        foreach (var entity in entities)
        {
            var name = Text(entity, "Name") ?? (string?)entity.Element("EntityInfo")?.Element("entity")?.Attribute("Name");
            var folder = Unique(context.Output, Folder + "/" + SafeNames.Segment(name, "entity"), "/Entity.xml");
            var copy = new XElement(entity);
            SplitForms(copy, folder, context.Output);
            SplitViews(copy, folder, context.Output);
            SplitCharts(copy, folder, context.Output);
            SplitRibbon(copy, folder, context.Output);
            SplitFormulas(copy, folder, context);
            context.Output.Add(folder + "/Entity.xml", UnpackedFolder.Serialise(FileRoot(copy)));
        }

        container.RemoveNodes();
    }

    public override void Pack(PackContext context)
    {
        var entities = new List<XElement>();
        foreach (var file in context.Source.Find(Folder, rel => rel.Count(c => c == '/') == 1 && rel.EndsWith("/Entity.xml", StringComparison.OrdinalIgnoreCase)))
        {
            var folder = file[..file.LastIndexOf('/')];
            var entity = Expect(context.ReadXml(file), "Entity", context.Source, file);
            JoinForms(entity, folder, context);
            JoinViews(entity, folder, context);
            JoinCharts(entity, folder, context);
            JoinRibbon(entity, folder, context);
            JoinFormulas(entity, folder, context);
            entities.Add(entity);
        }

        context.Fill("Entities", entities);
    }

    /// <summary>Forms move out when every &lt;forms&gt; has its own safe type and every form a unique id.</summary>
    private static void SplitForms(XElement entity, string folder, UnpackedFolder output)
    {
        if (entity.Element("FormXml") is not { } formXml || !formXml.HasElements || formXml.HasAttributes)
        {
            return;
        }

        var groups = formXml.Elements().ToList();
        var types = groups.Select(g => (string?)g.Attribute("type")).ToList();
        var movable = groups.All(g => g.Name.LocalName == "forms" && g.Attributes().Count() == 1 && g.HasElements && g.Elements().All(f => f.Name.LocalName == "systemform" && SafeNames.Id(Text(f, "formid")) != null) && !g.Nodes().OfType<XText>().Any(t => t.Value.Trim().Length > 0))
            && types.All(t => t != null && SafeNames.Segment(t, string.Empty) == t)
            && types.Distinct(StringComparer.OrdinalIgnoreCase).Count() == types.Count
            && groups.All(g => g.Elements().Select(f => SafeNames.Id(Text(f, "formid"))).Distinct().Count() == g.Elements().Count());
        if (!movable)
        {
            return;
        }

        foreach (var group in groups)
        {
            foreach (var form in group.Elements())
            {
                output.Add(folder + "/FormXml/" + group.Attribute("type")!.Value + "/" + SafeNames.Id(Text(form, "formid")) + ".xml", UnpackedFolder.Serialise(FileRoot(new XElement("forms", form))));
            }
        }

        formXml.RemoveNodes();
    }

    private static void JoinForms(XElement entity, string folder, PackContext context)
    {
        var files = context.Source.Find(folder + "/FormXml", rel => rel.Count(c => c == '/') == 1 && rel.EndsWith(".xml", StringComparison.OrdinalIgnoreCase));
        var groups = files.GroupBy(f => f.Split('/')[^2], StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal).ToList();
        if (groups.Count == 0)
        {
            return;
        }

        var formXml = Child(entity, "FormXml", "EntityInfo");
        foreach (var group in groups)
        {
            var forms = new XElement("forms", new XAttribute("type", group.Key));
            foreach (var file in group)
            {
                forms.Add(Expect(context.ReadXml(file), "forms", context.Source, file).Elements("systemform").Select(context.ForPackage));
            }

            formXml.Add(forms);
        }
    }

    private static void SplitViews(XElement entity, string folder, UnpackedFolder output)
    {
        if (entity.Element("SavedQueries") is not { } savedQueries || savedQueries.HasAttributes || savedQueries.Elements().Count() != 1 || savedQueries.Element("savedqueries") is not { } list || list.HasAttributes)
        {
            return;
        }

        var views = list.Elements().ToList();
        var ids = views.Select(v => SafeNames.Id(Text(v, "savedqueryid"))).ToList();
        if (views.Count == 0 || views.Any(v => v.Name.LocalName != "savedquery") || ids.Any(i => i == null) || ids.Distinct().Count() != ids.Count)
        {
            return;
        }

        for (var i = 0; i < views.Count; i++)
        {
            output.Add(folder + "/SavedQueries/" + ids[i] + ".xml", UnpackedFolder.Serialise(FileRoot(new XElement("savedqueries", views[i]))));
        }

        savedQueries.RemoveNodes();
    }

    private static void JoinViews(XElement entity, string folder, PackContext context)
    {
        var files = context.Source.Find(folder + "/SavedQueries", rel => !rel.Contains('/', StringComparison.Ordinal) && rel.EndsWith(".xml", StringComparison.OrdinalIgnoreCase));
        if (files.Count == 0)
        {
            return;
        }

        var savedQueries = Child(entity, "SavedQueries", "FormXml", "EntityInfo");
        var list = savedQueries.Element("savedqueries") ?? new XElement("savedqueries");
        if (list.Parent == null)
        {
            savedQueries.Add(list);
        }

        foreach (var file in files)
        {
            list.Add(Expect(context.ReadXml(file), "savedqueries", context.Source, file).Elements("savedquery").Select(context.ForPackage));
        }
    }

    private static void SplitCharts(XElement entity, string folder, UnpackedFolder output)
    {
        if (entity.Element("Visualizations") is not { } visualizations || visualizations.HasAttributes)
        {
            return;
        }

        var charts = visualizations.Elements().ToList();
        var ids = charts.Select(v => SafeNames.Id(Text(v, "savedqueryvisualizationid"))).ToList();
        if (charts.Count == 0 || charts.Any(v => v.Name.LocalName != "visualization") || ids.Any(i => i == null) || ids.Distinct().Count() != ids.Count)
        {
            return;
        }

        for (var i = 0; i < charts.Count; i++)
        {
            output.Add(folder + "/Visualizations/" + ids[i] + ".xml", UnpackedFolder.Serialise(FileRoot(charts[i])));
        }

        // SolutionPackager drops the element; keeping it empty keeps its place among Entity's children.
        visualizations.RemoveNodes();
    }

    private static void JoinCharts(XElement entity, string folder, PackContext context)
    {
        var files = context.Source.Find(folder + "/Visualizations", rel => !rel.Contains('/', StringComparison.Ordinal) && rel.EndsWith(".xml", StringComparison.OrdinalIgnoreCase));
        if (files.Count == 0)
        {
            return;
        }

        var visualizations = Child(entity, "Visualizations", "SavedQueries", "FormXml", "EntityInfo");
        foreach (var file in files)
        {
            visualizations.Add(context.ForPackage(Expect(context.ReadXml(file), "visualization", context.Source, file)));
        }
    }

    private static void SplitRibbon(XElement entity, string folder, UnpackedFolder output)
    {
        if (entity.Element("RibbonDiffXml") is { } ribbon && ribbon.Nodes().Any())
        {
            output.Add(folder + "/RibbonDiff.xml", UnpackedFolder.Serialise(FileRoot(ribbon)));
            ribbon.RemoveNodes();
            ribbon.RemoveAttributes();
        }
    }

    private static void JoinRibbon(XElement entity, string folder, PackContext context)
    {
        var file = context.Source.FindFirst(folder, rel => rel.Equals("RibbonDiff.xml", StringComparison.OrdinalIgnoreCase));
        if (file == null)
        {
            return;
        }

        var ribbon = context.ForPackage(Expect(context.ReadXml(file), "RibbonDiffXml", context.Source, file));
        if (entity.Element("RibbonDiffXml") is { } placeholder)
        {
            placeholder.ReplaceWith(ribbon);
        }
        else
        {
            entity.Add(ribbon);
        }
    }

    /// <summary>A calculated or rollup column's definition is a XAML file at the zip's root Formulas/ folder; unpacked it sits with its table.</summary>
    private static void SplitFormulas(XElement entity, string folder, UnpackContext context)
    {
        foreach (var reference in entity.Descendants("FormulaDefinitionFileName"))
        {
            var path = reference.Value.Trim().TrimStart('/');
            var name = path.StartsWith("Formulas/", StringComparison.Ordinal) ? path["Formulas/".Length..] : null;
            if (name != null && SafeNames.IsSafePath(name) && !name.Contains('/', StringComparison.Ordinal) && !context.Output.Contains(folder + "/Formulas/" + name))
            {
                context.Move(path, folder + "/Formulas/" + name);
            }
        }
    }

    private static void JoinFormulas(XElement entity, string folder, PackContext context)
    {
        foreach (var reference in entity.Descendants("FormulaDefinitionFileName"))
        {
            var path = reference.Value.Trim().TrimStart('/');
            var source = folder + "/Formulas/" + path[(path.LastIndexOf('/') + 1)..];
            if (path.Length > 0 && context.Source.Contains(source) && !context.Packed.Contains(path))
            {
                context.Packed.Write(path, context.Source.TakeExact(source));
            }
        }
    }

    /// <summary>The named child, created after the first of <paramref name="after"/> that exists (the order Entity.xml has them in).</summary>
    private static XElement Child(XElement entity, string name, params string[] after)
    {
        if (entity.Element(name) is { } existing)
        {
            return existing;
        }

        var created = new XElement(name);
        var previous = after.Select(a => entity.Element(a)).FirstOrDefault(e => e != null);
        if (previous != null)
        {
            previous.AddAfterSelf(created);
        }
        else
        {
            entity.Add(created);
        }

        return created;
    }
}
