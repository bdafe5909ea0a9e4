using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace CrmAccountability.Cli.Checking;

/// <summary>Tables, columns, relationships, roles, forms, dashboards, apps and root components (solution-format.md §8 "customizations.xml").</summary>
internal static partial class ComponentRules
{
    public static void Check(CheckContext c)
    {
        Prefixes(c);
        RootComponents(c);
        UniqueIds(c);
        LookupsHaveRelationships(c);
        MoneyHasBase(c);
        FormsReferenceColumns(c);
        DashboardsReferenceViewsAndCharts(c);
        Roles(c);
        AppModules(c);
    }

    /// <summary>
    /// CRA007: custom names carry a customization prefix. Dataverse refuses a custom column or table without one (an
    /// error); a name with another publisher's prefix imports — the component was made under that publisher — so it is
    /// a warning, and when most names share one other prefix, one warning says the manifest is what differs. Only what
    /// the package creates is judged: standard tables, tables it only extends, and the columns Dataverse generates for
    /// business process flows (bpf_*) are not its names.
    /// </summary>
    private static void Prefixes(CheckContext c)
    {
        var prefix = c.Prefix.ToLowerInvariant() + "_";
        var names = new List<(string Component, string Name, string Kind)>();
        foreach (var entity in c.Entities)
        {
            var table = CheckContext.EntityName(entity);
            var known = c.Tables[table];
            if (known.Creates)
            {
                names.Add((table, table, "table"));
            }

            foreach (var attribute in entity.Descendants("attribute").Where(a => a.Element("IsCustomField")?.Value == "1"))
            {
                var name = (attribute.Element("LogicalName")?.Value ?? string.Empty).Trim().ToLowerInvariant();
                if (!(known.IsBusinessProcessFlow && name.StartsWith("bpf_", StringComparison.Ordinal)))
                {
                    names.Add((table + "." + name, name, "column"));
                }
            }
        }

        foreach (var (component, name, kind) in names.Where(n => !CustomizationPrefix().IsMatch(n.Name)))
        {
            c.Error("CRA007", "customizations.xml", component, "The custom " + kind + " '" + name + "' has no customization prefix; Dataverse refuses custom names without one.", "Rename it " + prefix + name + ".");
        }

        var prefixed = names.Where(n => CustomizationPrefix().IsMatch(n.Name)).ToList();
        var others = prefixed.Where(n => !n.Name.StartsWith(prefix, StringComparison.Ordinal)).ToList();
        var common = others.GroupBy(n => n.Name[..(n.Name.IndexOf('_', StringComparison.Ordinal) + 1)]).OrderByDescending(g => g.Count()).FirstOrDefault();
        if (common != null && common.Count() * 2 > prefixed.Count)
        {
            c.Warn("CRA007", "solution.xml", "CustomizationPrefix", "The publisher prefix is '" + c.Prefix + "', but " + common.Count() + " of the package's " + prefixed.Count + " custom names start with '" + common.Key + "': they were made under another publisher. Dataverse imports them as they are.", "If this package is that publisher's, set <CustomizationPrefix> to '" + common.Key.TrimEnd('_') + "'; otherwise nothing needs to change.");
            others = others.Where(n => !n.Name.StartsWith(common.Key, StringComparison.Ordinal)).ToList();
        }

        foreach (var (component, name, kind) in others)
        {
            c.Warn("CRA007", "customizations.xml", component, "The custom " + kind + " '" + name + "' has another publisher's prefix, not '" + prefix + "'.", "Dataverse imports it; create new components under this solution's publisher so their names carry " + prefix + ".");
        }

        RelationshipNames(c, prefix);
    }

    /// <summary>A relationship behind a custom lookup the package creates is named with a prefix too; relationships Dataverse makes (a file or image column's, the system ones) are not checked.</summary>
    private static void RelationshipNames(CheckContext c, string prefix)
    {
        var lookups = c.Entities.SelectMany(e => e.Descendants("attribute").Where(a => a.Element("IsCustomField")?.Value == "1" && a.Element("Type")?.Value.Trim() is "lookup" or "customer").Select(a => CheckContext.EntityName(e) + "." + (a.Element("LogicalName")?.Value ?? string.Empty).Trim().ToLowerInvariant())).ToHashSet(StringComparer.Ordinal);
        foreach (var relationship in c.Component("EntityRelationships", "EntityRelationship"))
        {
            var name = (string?)relationship.Attribute("Name") ?? string.Empty;
            var table = (relationship.Element("ReferencingEntityName")?.Value ?? string.Empty).Trim().ToLowerInvariant();
            var column = (relationship.Element("ReferencingAttributeName")?.Value ?? string.Empty).Trim().ToLowerInvariant();
            if (lookups.Contains(table + "." + column) && !CustomizationPrefix().IsMatch(name.ToLowerInvariant()))
            {
                c.Error("CRA007", "customizations.xml", name, "The relationship behind the custom lookup " + table + "." + column + " has no customization prefix in its name.", "Rename it " + prefix + name + ".");
            }
        }
    }

    /// <summary>
    /// The component types of Learn's solutioncomponent.componenttype choice, plus 80 (model-driven app), which that
    /// table omits (solution-format.md §4.4). Types of solution-aware tables (custom APIs, bots, connection references …)
    /// have no fixed number and are not root components.
    /// </summary>
    private static readonly HashSet<int> DocumentedTypes =
    [
        1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 16, 17, 18, 20, 21, 22, 23, 24, 25, 26, 29, 31, 32, 33, 34, 35, 36, 37, 38, 39,
        44, 45, 46, 47, 48, 49, 50, 52, 53, 55, 59, 60, 61, 62, 63, 64, 65, 66, 68, 70, 71, 80, 90, 91, 92, 93, 95, 150, 151, 152, 153,
        154, 155, 161, 162, 165, 166, 201, 202, 203, 204, 205, 206, 207, 208, 210, 300, 371, 372, 380, 381, 400, 401, 402, 430, 431, 432,
    ];

    /// <summary>CRA008: root components have a component type, and what the package itself must hold is defined in it.</summary>
    private static void RootComponents(CheckContext c)
    {
        var forms = c.Customizations!.Root!.Descendants("systemform").Select(f => CheckContext.Braced(f.Element("formid")?.Value))
            .Concat(c.Component("Dashboards", "Dashboard").Select(d => CheckContext.Braced(d.Element("FormId")?.Value)))
            .ToHashSet(StringComparer.Ordinal);
        foreach (var root in c.Manifest?.Element("RootComponents")?.Elements("RootComponent") ?? [])
        {
            var typeText = (string?)root.Attribute("type");
            var schema = (string?)root.Attribute("schemaName") ?? string.Empty;
            var id = CheckContext.Braced((string?)root.Attribute("id"));
            var label = "type " + typeText + " " + (schema.Length > 0 ? schema : "{" + id + "}");
            if (!int.TryParse(typeText, NumberStyles.None, CultureInfo.InvariantCulture, out var type) || type <= 0)
            {
                c.Error("CRA008", "solution.xml", label, "Root component type '" + typeText + "' is not a component type number.", "Use the number from the solution component types (1 table, 9 choice, 20 role, 29 process, 60 form, 61 web resource, 80 app …).");
                continue;
            }

            if (!DocumentedTypes.Contains(type))
            {
                c.Warn("CRA008", "solution.xml", label, "Component type " + type + " is not in Microsoft's documented table" + (type >= 10000 ? " (it looks like an environment's own number for a solution-aware table, which differs between environments)" : string.Empty) + ", so the checker cannot tell what it is.", "Nothing to do if the package came from a Dataverse export; a hand-written package should use a documented type.");
                continue;
            }

            var defined = type switch
            {
                1 => c.Tables.ContainsKey(schema.ToLowerInvariant()) || c.Standard.FindTable(schema.ToLowerInvariant()) != null || !c.HasOwnPrefix(schema),
                9 => c.Component("optionsets", "optionset").Any(o => string.Equals((string?)o.Attribute("Name"), schema, StringComparison.OrdinalIgnoreCase)),
                20 => c.Component("Roles", "Role").Any(r => CheckContext.Braced((string?)r.Attribute("id")) == id),
                26 => c.Entities.SelectMany(e => e.Descendants("savedqueryid")).Any(v => CheckContext.Braced(v.Value) == id),
                29 => c.Component("Workflows", "Workflow").Any(w => CheckContext.Braced((string?)w.Attribute("WorkflowId")) == id),
                59 => c.Entities.SelectMany(e => e.Descendants("savedqueryvisualizationid")).Any(v => CheckContext.Braced(v.Value) == id),
                60 => forms.Contains(id),
                61 => c.Component("WebResources", "WebResource").Any(w => string.Equals(w.Element("Name")?.Value.Trim(), schema, StringComparison.OrdinalIgnoreCase)),
                62 => c.Component("AppModuleSiteMaps", "AppModuleSiteMap").Any(s => s.Element("SiteMapUniqueName")?.Value.Trim() == schema),
                66 => c.Component("CustomControls", "CustomControl").Any(x => x.Element("Name")?.Value.Trim() == schema),
                80 => c.Component("AppModules", "AppModule").Any(a => a.Element("UniqueName")?.Value.Trim() == schema),
                91 => c.Component("SolutionPluginAssemblies", "PluginAssembly").Any(a => (string?)a.Attribute("FullName") == schema || CheckContext.Braced((string?)a.Attribute("PluginAssemblyId")) == id),
                92 => c.Component("SdkMessageProcessingSteps", "SdkMessageProcessingStep").Any(s => CheckContext.Braced((string?)s.Attribute("SdkMessageProcessingStepId")) == id),
                300 => c.Component("CanvasApps", "CanvasApp").Any(a => string.Equals(a.Element("Name")?.Value.Trim(), schema, StringComparison.OrdinalIgnoreCase)),
                380 => c.Files.Paths.Any(p => p.StartsWith("environmentvariabledefinitions/" + schema + "/", StringComparison.OrdinalIgnoreCase)),
                _ => true,
            };
            if (!defined)
            {
                c.Error("CRA008", "solution.xml", label, "The root component is not defined anywhere in the package (SolutionPackager's RootComponent validation fails the same way).", "Add the component to the package or remove the <RootComponent>.");
            }
        }
    }

    /// <summary>
    /// CRA010: components the package defines have their own ids — forms and dashboards, views, charts, roles, steps.
    /// References to other components (a process's form, a chart's view) and the empty GUID are not ids.
    /// </summary>
    private static void UniqueIds(CheckContext c)
    {
        var ids = c.Entities.SelectMany(e => e.Descendants("systemform").Select(f => f.Element("formid")?.Value))
            .Concat(c.Entities.SelectMany(e => e.Descendants("savedquery").Select(v => v.Element("savedqueryid")?.Value)))
            .Concat(c.Entities.SelectMany(e => e.Descendants("visualization").Select(v => v.Element("savedqueryvisualizationid")?.Value)))
            .Concat(c.Component("Dashboards", "Dashboard").Select(d => d.Element("FormId")?.Value))
            .Concat(c.Component("Roles", "Role").Select(r => (string?)r.Attribute("id")))
            .Concat(c.Component("SdkMessageProcessingSteps", "SdkMessageProcessingStep").Select(s => (string?)s.Attribute("SdkMessageProcessingStepId")))
            .Select(CheckContext.Braced)
            .Where(id => id.Length > 0 && id != "00000000-0000-0000-0000-000000000000");
        foreach (var duplicate in ids.GroupBy(id => id).Where(g => g.Count() > 1))
        {
            c.Error("CRA010", "customizations.xml", "{" + duplicate.Key + "}", "The id is used by " + duplicate.Count() + " components; import would overwrite one with another.", "Give each form, view, chart, dashboard, role and step its own GUID.");
        }
    }

    /// <summary>CRA011: each custom lookup has a 1:N relationship, and each relationship's referencing column exists on a table the package creates.</summary>
    private static void LookupsHaveRelationships(CheckContext c)
    {
        var relationships = c.Component("EntityRelationships", "EntityRelationship").ToList();
        foreach (var entity in c.Entities)
        {
            var table = CheckContext.EntityName(entity);
            foreach (var attribute in entity.Descendants("attribute").Where(a => a.Element("Type")?.Value is "lookup" && a.Element("IsCustomField")?.Value == "1"))
            {
                var name = (attribute.Element("LogicalName")?.Value ?? string.Empty).Trim();
                var found = relationships.Any(r => string.Equals(r.Element("ReferencingEntityName")?.Value.Trim(), table, StringComparison.OrdinalIgnoreCase) && string.Equals(r.Element("ReferencingAttributeName")?.Value.Trim(), name, StringComparison.OrdinalIgnoreCase));
                if (!found)
                {
                    c.Error("CRA011", "customizations.xml", table + "." + name, "The lookup has no one-to-many relationship naming it as ReferencingAttributeName, so its target table is unknown.", "Add an <EntityRelationship> whose ReferencingEntityName is " + table + " and ReferencingAttributeName is " + name + ".");
                }
            }
        }

        foreach (var relationship in relationships.Where(r => r.Element("EntityRelationshipType")?.Value != "ManyToMany"))
        {
            var table = (relationship.Element("ReferencingEntityName")?.Value ?? string.Empty).Trim().ToLowerInvariant();
            var attribute = (relationship.Element("ReferencingAttributeName")?.Value ?? string.Empty).Trim().ToLowerInvariant();
            if (c.Column(table, attribute) == ColumnState.Missing)
            {
                c.Error("CRA011", "customizations.xml", (string?)relationship.Attribute("Name") ?? string.Empty, "The relationship's referencing column " + table + "." + attribute + " does not exist.", "Add the lookup column or correct ReferencingAttributeName.");
            }
        }
    }

    /// <summary>CRA012: money columns of a table the package creates come with their _base twin, transactioncurrencyid and exchangerate.</summary>
    private static void MoneyHasBase(CheckContext c)
    {
        foreach (var entity in c.Entities.Where(e => c.Creates(CheckContext.EntityName(e))))
        {
            var table = CheckContext.EntityName(entity);
            var declared = c.Tables[table].Declared;
            foreach (var money in entity.Descendants("attribute").Where(a => a.Element("Type")?.Value == "money" && a.Element("CalculationOf") == null))
            {
                var name = (money.Element("LogicalName")?.Value ?? string.Empty).Trim();
                foreach (var needed in new[] { name + "_base", "transactioncurrencyid", "exchangerate" }.Where(n => !declared.Contains(n)))
                {
                    c.Error("CRA012", "customizations.xml", table + "." + name, "The money column needs " + needed + ", which the table does not have.", "Add " + needed + (needed.EndsWith("_base", StringComparison.Ordinal) ? " (type money, CalculationOf " + name + ")" : string.Empty) + ".");
                }
            }
        }
    }

    /// <summary>
    /// CRA016: every column a form binds exists — on the form's table, or, for a control bound through a relationship
    /// (a business process flow's steps), on the table at the relationship's other end.
    /// </summary>
    private static void FormsReferenceColumns(CheckContext c)
    {
        var relationships = c.Component("EntityRelationships", "EntityRelationship").ToList();
        foreach (var entity in c.Entities)
        {
            var table = CheckContext.EntityName(entity);
            foreach (var control in entity.Descendants("systemform").Descendants("control").Where(x => x.Attribute("datafieldname") != null))
            {
                var field = ((string?)control.Attribute("datafieldname") ?? string.Empty).ToLowerInvariant();
                var boundTable = (string?)control.Attribute("relationship") is { Length: > 0 } relationship ? OtherEnd(relationships, relationship, table) : table;
                if (boundTable != null && c.Column(boundTable, field) == ColumnState.Missing)
                {
                    var form = control.Ancestors("systemform").First().Element("formid")?.Value;
                    c.Error("CRA016", "customizations.xml", table + " form " + form, "The form binds '" + field + "', which is not a column of " + boundTable + ".", "Add the column or remove the control.");
                }
            }
        }
    }

    /// <summary>The table at the other end of a relationship from <paramref name="table"/>, or null when the package does not hold the relationship.</summary>
    private static string? OtherEnd(List<XElement> relationships, string name, string table)
    {
        var relationship = relationships.FirstOrDefault(r => string.Equals((string?)r.Attribute("Name"), name, StringComparison.OrdinalIgnoreCase));
        var referenced = relationship?.Element("ReferencedEntityName")?.Value.Trim().ToLowerInvariant();
        var referencing = relationship?.Element("ReferencingEntityName")?.Value.Trim().ToLowerInvariant();
        return referencing == table ? referenced : referenced == table ? referencing : null;
    }

    /// <summary>CRA015: dashboard subgrids and charts reference views and charts that exist, on tables that exist.</summary>
    private static void DashboardsReferenceViewsAndCharts(CheckContext c)
    {
        var views = c.Entities.SelectMany(e => e.Descendants("savedqueryid")).Select(v => CheckContext.Braced(v.Value)).ToHashSet();
        var charts = c.Entities.SelectMany(e => e.Descendants("savedqueryvisualizationid")).Select(v => CheckContext.Braced(v.Value)).ToHashSet();
        foreach (var dashboard in c.Component("Dashboards", "Dashboard"))
        {
            var name = dashboard.Element("LocalizedNames")?.Elements().FirstOrDefault()?.Attribute("description")?.Value ?? CheckContext.Braced(dashboard.Element("FormId")?.Value);
            foreach (var parameters in dashboard.Descendants("parameters").Where(p => p.Element("TargetEntityType") != null))
            {
                var table = parameters.Element("TargetEntityType")!.Value.Trim();
                if (!c.TableExists(table))
                {
                    c.Error("CRA015", "customizations.xml", name, "A dashboard component shows table '" + table + "', which is neither standard nor in the package.", "Correct TargetEntityType.");
                }

                var view = CheckContext.Braced(parameters.Element("ViewId")?.Value);
                if (view.Length > 0 && !views.Contains(view))
                {
                    c.Error("CRA015", "customizations.xml", name, "The dashboard references view {" + view + "}, which is not in the package (a missing dependency at import).", "Add the view to the package or reference one that is.");
                }

                var chart = CheckContext.Braced(parameters.Element("VisualizationId")?.Value);
                if (chart.Length > 0 && !charts.Contains(chart))
                {
                    c.Error("CRA015", "customizations.xml", name, "The dashboard references chart {" + chart + "}, which is not in the package.", "Add the chart to the package or reference one that is.");
                }
            }
        }
    }

    /// <summary>CRA017: role privileges have valid levels and name tables that exist.</summary>
    private static void Roles(CheckContext c)
    {
        var verbs = new[] { "Create", "Read", "Write", "Delete", "Append", "AppendTo", "Assign", "Share" };
        var tables = c.Entities.Select(CheckContext.EntityName).Concat(c.Standard.Tables.Select(t => t.LogicalName)).Append("activity").Append("user").ToHashSet(StringComparer.OrdinalIgnoreCase);
        foreach (var role in c.Component("Roles", "Role"))
        {
            var roleName = (string?)role.Attribute("name") ?? string.Empty;
            foreach (var privilege in role.Element("RolePrivileges")?.Elements("RolePrivilege") ?? [])
            {
                var name = (string?)privilege.Attribute("name") ?? string.Empty;
                var level = (string?)privilege.Attribute("level");
                if (level is not ("Basic" or "Local" or "Deep" or "Global"))
                {
                    c.Error("CRA017", "customizations.xml", roleName + " " + name, "Privilege level '" + level + "' is not Basic, Local, Deep or Global.", "Use one of the four depths.");
                }

                var verb = verbs.OrderByDescending(v => v.Length).FirstOrDefault(v => name.StartsWith("prv" + v, StringComparison.Ordinal));
                if (verb != null && name.Length > 3 + verb.Length)
                {
                    var table = name[(3 + verb.Length)..];
                    if (table.StartsWith(c.Prefix + "_", StringComparison.OrdinalIgnoreCase) && !tables.Contains(table))
                    {
                        c.Error("CRA017", "customizations.xml", roleName + " " + name, "The privilege names table '" + table + "', which the package does not define.", "Correct the privilege name or ship the table in the same solution as the role.");
                    }
                }
            }
        }
    }

    /// <summary>
    /// CRA018: an app's site map has the app's unique name, and what the app includes that this package would have to
    /// bring — its own tables, its site map — is in it. A form (type 60: any system form, main form or dashboard) or a
    /// table that is not the package's may already be in the target, so it is not judged.
    /// </summary>
    private static void AppModules(CheckContext c)
    {
        var siteMaps = c.Component("AppModuleSiteMaps", "AppModuleSiteMap").Select(s => s.Element("SiteMapUniqueName")?.Value.Trim()).ToHashSet();
        foreach (var app in c.Component("AppModules", "AppModule"))
        {
            var unique = app.Element("UniqueName")?.Value.Trim() ?? string.Empty;
            if (!siteMaps.Contains(unique))
            {
                c.Error("CRA018", "customizations.xml", unique, "The app has no site map of the same unique name.", "Add an AppModuleSiteMap with SiteMapUniqueName " + unique + ".");
            }

            foreach (var component in app.Element("AppModuleComponents")?.Elements("AppModuleComponent") ?? [])
            {
                var type = (string?)component.Attribute("type");
                var schema = (string?)component.Attribute("schemaName") ?? string.Empty;
                var id = CheckContext.Braced((string?)component.Attribute("id"));
                var exists = type switch
                {
                    "1" => c.TableExists(schema.ToLowerInvariant()) || !c.HasOwnPrefix(schema),
                    "62" => siteMaps.Contains(schema),
                    _ => true,
                };
                if (!exists)
                {
                    c.Error("CRA018", "customizations.xml", unique, "The app includes component type " + type + " " + (schema.Length > 0 ? schema : "{" + id + "}") + ", which does not exist.", "Remove it from AppModuleComponents or add it to the package.");
                }
            }
        }
    }

    /// <summary>A customization prefix and its underscore: 2 to 8 letters or digits, starting with a letter (lower-cased names).</summary>
    [GeneratedRegex("^[a-z][a-z0-9]{1,7}_")]
    private static partial Regex CustomizationPrefix();
}
