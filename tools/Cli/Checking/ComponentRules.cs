using System;
using System.Collections.Generic;
using System.Linq;
using System.Xml.Linq;

namespace CrmAccountability.Cli.Checking;

/// <summary>Tables, columns, relationships, roles, forms, dashboards, apps and root components (solution-format.md §8 "customizations.xml").</summary>
internal static class ComponentRules
{
    private static readonly HashSet<int> KnownRootTypes = [1, 2, 9, 10, 20, 24, 26, 29, 31, 36, 44, 59, 60, 61, 62, 63, 65, 66, 70, 80, 90, 91, 92, 95, 150, 300, 371, 372, 380, 381];

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
    /// CRA007: every custom schema name carries the publisher prefix. When most custom names share another prefix, the
    /// manifest is what is wrong: one finding says so, instead of one per component telling each to be renamed.
    /// </summary>
    private static void Prefixes(CheckContext c)
    {
        var prefix = c.Prefix.ToLowerInvariant() + "_";
        var names = new List<(string Component, string Name)>();
        foreach (var entity in c.Entities)
        {
            var table = CheckContext.EntityName(entity);
            if (c.Standard.FindTable(table) == null)
            {
                names.Add((table, table));
            }

            foreach (var attribute in entity.Descendants("attribute").Where(a => a.Element("IsCustomField")?.Value == "1"))
            {
                var name = (attribute.Element("LogicalName")?.Value ?? string.Empty).Trim().ToLowerInvariant();
                names.Add((table + "." + name, name));
            }
        }

        var common = names.Where(n => n.Name.Contains('_', StringComparison.Ordinal)).GroupBy(n => n.Name[..(n.Name.IndexOf('_', StringComparison.Ordinal) + 1)]).OrderByDescending(g => g.Count()).FirstOrDefault();
        var wrongManifest = common != null && common.Key != prefix && common.Count() * 2 > names.Count && names.Count(n => n.Name.StartsWith(prefix, StringComparison.Ordinal)) * 2 < names.Count;
        var used = prefix;
        if (wrongManifest && common != null)
        {
            used = common.Key;
            c.Error("CRA007", "solution.xml", "CustomizationPrefix", "The publisher prefix is '" + c.Prefix + "', but " + common.Count() + " of the package's " + names.Count + " custom names start with '" + used + "'.", "Set <CustomizationPrefix> to '" + used.TrimEnd('_') + "' (the publisher the components were made with), rather than renaming them.");
        }

        foreach (var (component, name) in names.Where(n => !n.Name.StartsWith(prefix, StringComparison.Ordinal) && !n.Name.StartsWith(used, StringComparison.Ordinal)))
        {
            var isTable = !component.Contains('.', StringComparison.Ordinal);
            c.Error("CRA007", "customizations.xml", component, "The custom " + (isTable ? "table" : "column") + " '" + name + "' does not start with the publisher prefix '" + prefix + "'.", "Rename it " + prefix + name + ".");
        }

        foreach (var relationship in c.Component("EntityRelationships", "EntityRelationship"))
        {
            var name = (string?)relationship.Attribute("Name") ?? string.Empty;
            var attribute = relationship.Element("ReferencingAttributeName")?.Value.Trim() ?? string.Empty;
            if (attribute.StartsWith(prefix, StringComparison.Ordinal) && !name.StartsWith(prefix, StringComparison.Ordinal))
            {
                c.Error("CRA007", "customizations.xml", name, "The custom relationship '" + name + "' does not start with '" + prefix + "'.", "Rename it " + prefix + name + ".");
            }
        }
    }

    /// <summary>CRA008: root components are of known types and each is defined in the package.</summary>
    private static void RootComponents(CheckContext c)
    {
        foreach (var root in c.Manifest?.Element("RootComponents")?.Elements("RootComponent") ?? [])
        {
            var type = int.TryParse((string?)root.Attribute("type"), out var t) ? t : -1;
            var schema = (string?)root.Attribute("schemaName") ?? string.Empty;
            var id = CheckContext.Braced((string?)root.Attribute("id"));
            var label = "type " + type + " " + (schema.Length > 0 ? schema : "{" + id + "}");
            if (!KnownRootTypes.Contains(type))
            {
                c.Error("CRA008", "solution.xml", label, "Root component type " + type + " is not a component type Dataverse packages.", "Use the type number from the solution component types table (1 table, 9 choice, 20 role, 60 dashboard, 66 control, 80 app …).");
                continue;
            }

            var defined = type switch
            {
                1 => c.Entities.Any(e => string.Equals(CheckContext.EntityName(e), schema, StringComparison.OrdinalIgnoreCase)),
                9 => c.Component("optionsets", "optionset").Any(o => string.Equals((string?)o.Attribute("Name"), schema, StringComparison.OrdinalIgnoreCase)),
                20 => c.Component("Roles", "Role").Any(r => CheckContext.Braced((string?)r.Attribute("id")) == id),
                26 => c.Entities.SelectMany(e => e.Descendants("savedqueryid")).Any(v => CheckContext.Braced(v.Value) == id),
                29 => c.Component("Workflows", "Workflow").Any(w => CheckContext.Braced((string?)w.Attribute("WorkflowId")) == id),
                59 => c.Entities.SelectMany(e => e.Descendants("savedqueryvisualizationid")).Any(v => CheckContext.Braced(v.Value) == id),
                60 => c.Component("Dashboards", "Dashboard").Any(d => CheckContext.Braced(d.Element("FormId")?.Value) == id),
                62 => c.Component("AppModuleSiteMaps", "AppModuleSiteMap").Any(s => s.Element("SiteMapUniqueName")?.Value.Trim() == schema),
                66 => c.Component("CustomControls", "CustomControl").Any(x => x.Element("Name")?.Value.Trim() == schema),
                80 => c.Component("AppModules", "AppModule").Any(a => a.Element("UniqueName")?.Value.Trim() == schema),
                91 => c.Component("SolutionPluginAssemblies", "PluginAssembly").Any(a => (string?)a.Attribute("FullName") == schema || CheckContext.Braced((string?)a.Attribute("PluginAssemblyId")) == id),
                92 => c.Component("SdkMessageProcessingSteps", "SdkMessageProcessingStep").Any(s => CheckContext.Braced((string?)s.Attribute("SdkMessageProcessingStepId")) == id),
                380 => c.Files.Paths.Any(p => p.StartsWith("environmentvariabledefinitions/" + schema + "/", StringComparison.OrdinalIgnoreCase)),
                _ => true,
            };
            if (!defined)
            {
                c.Error("CRA008", "solution.xml", label, "The root component is not defined anywhere in the package (SolutionPackager's RootComponent validation fails the same way).", "Add the component to the package or remove the <RootComponent>.");
            }
        }
    }

    /// <summary>CRA010: forms, views, charts, dashboards, roles and steps each have their own id.</summary>
    private static void UniqueIds(CheckContext c)
    {
        var root = c.Customizations?.Root;
        if (root == null)
        {
            return;
        }

        var ids = root.Descendants("formid").Concat(root.Descendants("savedqueryid")).Concat(root.Descendants("savedqueryvisualizationid")).Concat(root.Descendants("FormId"))
            .Select(e => CheckContext.Braced(e.Value))
            .Concat(c.Component("Roles", "Role").Select(r => CheckContext.Braced((string?)r.Attribute("id"))))
            .Concat(c.Component("SdkMessageProcessingSteps", "SdkMessageProcessingStep").Select(s => CheckContext.Braced((string?)s.Attribute("SdkMessageProcessingStepId"))))
            .Where(id => id.Length > 0);
        foreach (var duplicate in ids.GroupBy(id => id).Where(g => g.Count() > 1))
        {
            c.Error("CRA010", "customizations.xml", "{" + duplicate.Key + "}", "The id is used by " + duplicate.Count() + " components; import would overwrite one with another.", "Give each form, view, chart, dashboard, role and step its own GUID.");
        }
    }

    /// <summary>CRA011: each custom lookup has a 1:N relationship, and each relationship's referencing column exists.</summary>
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
            if (c.Entities.Any(e => CheckContext.EntityName(e) == table) && !c.Columns(table).Contains(attribute))
            {
                c.Error("CRA011", "customizations.xml", (string?)relationship.Attribute("Name") ?? string.Empty, "The relationship's referencing column " + table + "." + attribute + " does not exist.", "Add the lookup column or correct ReferencingAttributeName.");
            }
        }
    }

    /// <summary>CRA012: money columns come with their _base twin, transactioncurrencyid and exchangerate.</summary>
    private static void MoneyHasBase(CheckContext c)
    {
        foreach (var entity in c.Entities.Where(e => c.Standard.FindTable(CheckContext.EntityName(e)) == null))
        {
            var table = CheckContext.EntityName(entity);
            var columns = c.Columns(table);
            foreach (var money in entity.Descendants("attribute").Where(a => a.Element("Type")?.Value == "money" && a.Element("CalculationOf") == null))
            {
                var name = (money.Element("LogicalName")?.Value ?? string.Empty).Trim();
                foreach (var needed in new[] { name + "_base", "transactioncurrencyid", "exchangerate" }.Where(n => !columns.Contains(n)))
                {
                    c.Error("CRA012", "customizations.xml", table + "." + name, "The money column needs " + needed + ", which the table does not have.", "Add " + needed + (needed.EndsWith("_base", StringComparison.Ordinal) ? " (type money, CalculationOf " + name + ")" : string.Empty) + ".");
                }
            }
        }
    }

    /// <summary>CRA016: every datafieldname on a form is a column of the form's table.</summary>
    private static void FormsReferenceColumns(CheckContext c)
    {
        foreach (var entity in c.Entities)
        {
            var table = CheckContext.EntityName(entity);
            var columns = c.Columns(table);
            foreach (var control in entity.Descendants("systemform").Descendants("control").Where(x => x.Attribute("datafieldname") != null))
            {
                var field = ((string?)control.Attribute("datafieldname") ?? string.Empty).ToLowerInvariant();
                if (!columns.Contains(field))
                {
                    var form = control.Ancestors("systemform").First().Element("formid")?.Value;
                    c.Error("CRA016", "customizations.xml", table + " form " + form, "The form binds '" + field + "', which is not a column of " + table + ".", "Add the column or remove the control.");
                }
            }
        }
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

    /// <summary>CRA018: an app's components exist, and its site map has the app's unique name.</summary>
    private static void AppModules(CheckContext c)
    {
        var siteMaps = c.Component("AppModuleSiteMaps", "AppModuleSiteMap").Select(s => s.Element("SiteMapUniqueName")?.Value.Trim()).ToHashSet();
        var dashboards = c.Component("Dashboards", "Dashboard").Select(d => CheckContext.Braced(d.Element("FormId")?.Value)).ToHashSet();
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
                    "1" => c.TableExists(schema.ToLowerInvariant()),
                    "60" => dashboards.Contains(id),
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
}
