using System;
using System.Collections.Generic;
using System.Linq;
using System.ServiceModel;
using System.Xml.Linq;
using CrmAccountability.Emulator;
using CrmAccountability.Emulator.Metadata;
using CrmAccountability.Emulator.Solutions;
using Microsoft.Xrm.Sdk;
using Microsoft.Xrm.Sdk.Query;

namespace CrmAccountability.Cli.Checking;

/// <summary>
/// CRA013 views and CRA014 charts: their layout matches their fetch, and their FetchXML runs — in an empty emulator
/// that holds this package's metadata only, so an unknown column or operator fails here as it would in Dataverse,
/// while none of the package's code is loaded or run.
/// </summary>
internal static class QueryRules
{
    public static void Check(CheckContext c)
    {
        var views = c.Entities.SelectMany(e => e.Descendants("savedquery").Select(v => (Entity: e, View: v))).ToList();
        var charts = c.Entities.SelectMany(e => e.Descendants("visualization").Select(v => (Entity: e, Chart: v))).ToList();
        if (views.Count == 0 && charts.Count == 0)
        {
            return;
        }

        DataverseEmulator org;
        try
        {
            org = new DataverseEmulator();
            org.LoadSolutionMetadata(c.Files);
        }
        catch (SolutionFormatException ex)
        {
            c.Error("CRA013", ex.File.Length == 0 ? "customizations.xml" : ex.File, string.Empty, "The package could not be loaded to run its views and charts: " + ex.Message, "Fix the package so that its tables load.");
            return;
        }

        c.Metadata = org.Metadata;
        var service = org.GetService();
        foreach (var (entity, view) in views)
        {
            var name = view.Element("LocalizedNames")?.Elements().FirstOrDefault()?.Attribute("description")?.Value ?? CheckContext.Braced(view.Element("savedqueryid")?.Value);
            var fetch = view.Element("fetchxml")?.Element("fetch");
            if (fetch == null)
            {
                c.Error("CRA013", "customizations.xml", name, "The view has no <fetchxml><fetch>.", "Add the view's query.");
                continue;
            }

            var table = (string?)fetch.Element("entity")?.Attribute("name") ?? string.Empty;
            var owner = CheckContext.EntityName(entity);
            if (table != owner)
            {
                c.Error("CRA013", "customizations.xml", name, "The view sits on " + owner + " but queries " + table + ".", "Query the view's own table.");
            }

            if (org.Metadata.FindTable(table) is { } metadata && view.Element("layoutxml")?.Element("grid") is { } grid)
            {
                var rowId = (string?)grid.Element("row")?.Attribute("id");
                if (rowId != metadata.PrimaryIdColumn)
                {
                    c.Error("CRA013", "customizations.xml", name, "The layout's row id is '" + rowId + "', not the primary key " + metadata.PrimaryIdColumn + ".", "Set <row name=\"result\" id=\"" + metadata.PrimaryIdColumn + "\">.");
                }

                var fetched = fetch.Element("entity")!.Elements("attribute").Select(a => (string?)a.Attribute("name")).ToHashSet();
                var aliases = fetch.Descendants("link-entity").Select(l => (string?)l.Attribute("alias")).Where(a => a != null).ToHashSet();
                foreach (var cell in grid.Descendants("cell").Select(x => (string?)x.Attribute("name") ?? string.Empty))
                {
                    if (cell.Contains('.', StringComparison.Ordinal))
                    {
                        if (!aliases.Contains(cell.Split('.')[0]))
                        {
                            c.Error("CRA013", "customizations.xml", name, "The layout shows '" + cell + "', but the fetch has no link-entity with alias '" + cell.Split('.')[0] + "'.", "Give the link-entity that alias or remove the cell.");
                        }
                    }
                    else if (c.Column(table, cell) == ColumnState.Missing)
                    {
                        c.Error("CRA013", "customizations.xml", name, "The layout shows '" + cell + "', which is not a column of " + table + ".", "Remove the cell or correct its name.");
                    }
                    else if (!fetched.Contains(cell) && !(c.Tables.TryGetValue(table, out var known) && known.IsBusinessProcessFlow))
                    {
                        // Dataverse generates a business process flow's views itself (statuscode shown, not fetched), so
                        // only views someone authored are told.
                        c.Warn("CRA013", "customizations.xml", name, "The layout shows '" + cell + "', which the view's fetch does not return, so the column can show empty.", "Add <attribute name=\"" + cell + "\" /> to the fetch or remove the cell.");
                    }
                }
            }

            Run(c, service, fetch, "CRA013", name, "view");
        }

        foreach (var (_, chart) in charts)
        {
            var name = chart.Element("LocalizedNames")?.Elements().FirstOrDefault()?.Attribute("description")?.Value ?? CheckContext.Braced(chart.Element("savedqueryvisualizationid")?.Value);
            var fetch = chart.Descendants("fetch").FirstOrDefault();
            if (fetch == null)
            {
                c.Error("CRA014", "customizations.xml", name, "The chart has no fetch in its datadescription.", "Add the chart's aggregate query.");
                continue;
            }

            if ((string?)fetch.Attribute("aggregate") != "true")
            {
                c.Error("CRA014", "customizations.xml", name, "The chart's fetch is not aggregate=\"true\".", "Charts group and aggregate: set aggregate=\"true\".");
            }

            var aliases = fetch.Descendants("attribute").Select(a => (string?)a.Attribute("alias")).Where(a => a != null).ToHashSet();
            var used = chart.Descendants("category").Select(x => (string?)x.Attribute("alias")).Concat(chart.Descendants("measure").Select(x => (string?)x.Attribute("alias"))).Where(a => a != null);
            foreach (var alias in used.Where(a => !aliases.Contains(a)))
            {
                c.Error("CRA014", "customizations.xml", name, "The chart uses alias '" + alias + "', which its fetch does not define.", "Give an attribute of the fetch alias=\"" + alias + "\" or change the category/measure.");
            }

            Run(c, service, fetch, "CRA014", name, "chart");
        }
    }

    private static void Run(CheckContext c, IOrganizationService service, XElement fetch, string rule, string name, string kind)
    {
        var query = Runnable(c, fetch);
        if (query == null)
        {
            return;
        }

        try
        {
            service.RetrieveMultiple(new FetchExpression(query.ToString(SaveOptions.DisableFormatting)));
        }
        catch (FaultException<OrganizationServiceFault> fault)
        {
            c.Error(rule, "customizations.xml", name, "The " + kind + "'s FetchXML fails in the emulator: " + fault.Detail.Message, "Correct the query; Dataverse would refuse it the same way.");
        }
    }

    /// <summary>
    /// The query as the emulator can judge it. Columns of tables the package does not create that the catalogue does
    /// not know (most of a standard table's columns, another publisher's) are unknown, not wrong: their attributes,
    /// orders, conditions and links are left out, while every column of a table the package creates is kept, so a
    /// misspelt one still fails. Quick find's {0} placeholders are filled as the client fills them: a text search on
    /// text columns; on a lookup, choice, number or date Dataverse matches the search text its own way, so that
    /// condition is left out. Null when the view's own table is unknown.
    /// </summary>
    private static XElement? Runnable(CheckContext c, XElement fetch)
    {
        var copy = new XElement(fetch);
        if (copy.Element("entity") is not { } entity || !Prepare(c, entity, (string?)entity.Attribute("name") ?? string.Empty))
        {
            return null;
        }

        return copy;
    }

    /// <summary>Prunes one entity or link-entity; false when its table is unknown (the caller drops it).</summary>
    private static bool Prepare(CheckContext c, XElement node, string table)
    {
        var metadata = c.Metadata?.FindTable(table);
        if (metadata == null)
        {
            return false;
        }

        bool Keep(string? column) => column == null || metadata.FindColumn(column) != null || (c.Creates(table) && !CheckContext.SystemColumns.Contains(column));
        foreach (var child in node.Elements().ToList())
        {
            switch (child.Name.LocalName)
            {
                case "attribute" when !Keep((string?)child.Attribute("name")):
                case "order" when child.Attribute("alias") == null && !Keep((string?)child.Attribute("attribute")):
                    child.Remove();
                    break;
                case "filter":
                    PrepareFilter(c, child, table, metadata, Keep);
                    break;
                case "link-entity":
                    PrepareLink(c, child, Keep);
                    break;
            }
        }

        return true;
    }

    private static void PrepareLink(CheckContext c, XElement link, Func<string?, bool> keepOnParent)
    {
        var linked = (string?)link.Attribute("name") ?? string.Empty;
        var from = (string?)link.Attribute("from");
        var linkedMetadata = c.Metadata?.FindTable(linked);
        var fromKnown = from == null || linkedMetadata?.FindColumn(from) != null || (c.Creates(linked) && !CheckContext.SystemColumns.Contains(from));
        if (!keepOnParent((string?)link.Attribute("to")) || !fromKnown || !Prepare(c, link, linked))
        {
            link.Remove();
        }
    }

    private static void PrepareFilter(CheckContext c, XElement filter, string table, TableMetadata metadata, Func<string?, bool> keep)
    {
        foreach (var child in filter.Elements().ToList())
        {
            if (child.Name.LocalName == "filter")
            {
                PrepareFilter(c, child, table, metadata, keep);
            }
            else if (child.Name.LocalName == "link-entity")
            {
                PrepareLink(c, child, keep);
            }
            else if (child.Name.LocalName == "condition" && child.Attribute("entityname") == null)
            {
                var column = (string?)child.Attribute("attribute");
                var placeholder = ((string?)child.Attribute("value"))?.Contains("{0}", StringComparison.Ordinal) == true;
                if (!keep(column))
                {
                    child.Remove();
                }
                else if (placeholder)
                {
                    if (column != null && metadata.FindColumn(column)?.Type is ColumnType.String or ColumnType.Memo)
                    {
                        child.SetAttributeValue("value", ((string)child.Attribute("value")!).Replace("{0}", "a%", StringComparison.Ordinal));
                    }
                    else
                    {
                        child.Remove();
                    }
                }
            }
        }
    }
}
