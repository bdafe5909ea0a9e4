using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.Xrm.Sdk;
using Microsoft.Xrm.Sdk.Query;

namespace CrmAccountability.Cli.Bench;

/// <summary>
/// The baseline the benchmark measures beside the product: the recompute a first version would write — on every change,
/// retrieve all of the owner's rows of that table and add them up in the plug-in, then write the day's total. Correct,
/// and its cost grows with the rep's history. Its unsecure configuration is the expectation id to write totals for.
/// </summary>
public sealed class NaiveRecountPlugin : IPlugin
{
    private readonly Guid _expectation;

    public NaiveRecountPlugin(string unsecureConfiguration, string secureConfiguration)
    {
        _expectation = Guid.TryParse(unsecureConfiguration, out var id) ? id : Guid.Empty;
        _ = secureConfiguration;
    }

    public void Execute(IServiceProvider serviceProvider)
    {
        var context = (IPluginExecutionContext)serviceProvider.GetService(typeof(IPluginExecutionContext))!;
        var factory = (IOrganizationServiceFactory)serviceProvider.GetService(typeof(IOrganizationServiceFactory))!;
        var service = factory.CreateOrganizationService(null);
        context.PreEntityImages.TryGetValue("PreImage", out var before);
        context.PostEntityImages.TryGetValue("PostImage", out var after);
        var owners = new[] { before, after }.Select(i => i?.GetAttributeValue<EntityReference>("ownerid")?.Id).Where(o => o != null).Select(o => o!.Value).Distinct();
        foreach (var owner in owners)
        {
            Recount(service, context.PrimaryEntityName, owner, context.OperationCreatedOn);
        }
    }

    /// <summary>Every row the owner has in the table, page by page, summed per day; today's total is written.</summary>
    public void Recount(IOrganizationService service, string table, Guid owner, DateTime now)
    {
        var opportunity = table == "opportunity";
        var query = new QueryExpression(table) { ColumnSet = opportunity ? new ColumnSet("statecode", "actualvalue_base", "actualclosedate") : new ColumnSet("statecode", "actualend", "actualdurationminutes"), PageInfo = new PagingInfo { Count = 5000, PageNumber = 1 } };
        query.Criteria.AddCondition("ownerid", ConditionOperator.Equal, owner);
        var totals = new Dictionary<DateTime, decimal>();
        while (true)
        {
            var page = service.RetrieveMultiple(query);
            foreach (var row in page.Entities)
            {
                var done = row.GetAttributeValue<OptionSetValue>("statecode")?.Value == 1;
                var day = (opportunity ? row.GetAttributeValue<DateTime?>("actualclosedate") : row.GetAttributeValue<DateTime?>("actualend"))?.Date;
                if (done && day != null)
                {
                    totals[day.Value] = totals.GetValueOrDefault(day.Value) + (opportunity ? row.GetAttributeValue<Money>("actualvalue_base")?.Value ?? 0m : row.GetAttributeValue<int?>("actualdurationminutes") ?? 0);
                }
            }

            if (!page.MoreRecords)
            {
                break;
            }

            query.PageInfo.PageNumber++;
            query.PageInfo.PagingCookie = page.PagingCookie;
        }

        var today = now.Date;
        var keys = new KeyAttributeCollection
        {
            { "cra_expectationid", new EntityReference("cra_expectation", _expectation) },
            { "cra_repid", new EntityReference("systemuser", owner) },
            { "cra_periodstart", DateTime.SpecifyKind(today, DateTimeKind.Utc) },
        };
        service.Execute(new Microsoft.Xrm.Sdk.Messages.UpsertRequest
        {
            Target = new Entity("cra_attainment", keys)
            {
                ["cra_name"] = "Naive total " + today.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
                ["cra_actual"] = totals.GetValueOrDefault(today),
                ["ownerid"] = new EntityReference("systemuser", owner),
            },
        });
    }
}
