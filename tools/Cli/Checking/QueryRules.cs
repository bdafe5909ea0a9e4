using System;
using System.Linq;
using System.ServiceModel;
using System.Xml.Linq;
using CrmAccountability.Emulator;
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
                    var ok = cell.Contains('.', StringComparison.Ordinal) ? aliases.Contains(cell.Split('.')[0]) : fetched.Contains(cell);
                    if (!ok)
                    {
                        c.Error("CRA013", "customizations.xml", name, "The layout shows '" + cell + "', which the view's fetch does not return.", "Add <attribute name=\"" + cell + "\" /> to the fetch or remove the cell.");
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
        // Quick find views carry {0} placeholders that the client fills in.
        var query = fetch.ToString(SaveOptions.DisableFormatting).Replace("{0}", "a%", StringComparison.Ordinal);
        try
        {
            service.RetrieveMultiple(new FetchExpression(query));
        }
        catch (FaultException<OrganizationServiceFault> fault)
        {
            c.Error(rule, "customizations.xml", name, "The " + kind + "'s FetchXML fails in the emulator: " + fault.Detail.Message, "Correct the query; Dataverse would refuse it the same way.");
        }
    }
}
