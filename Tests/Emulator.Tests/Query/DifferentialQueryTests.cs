using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using CsCheck;
using Microsoft.Xrm.Sdk;
using Microsoft.Xrm.Sdk.Query;
using Xunit;

namespace CrmAccountability.Emulator.Tests.Query;

/// <summary>
/// Random FetchXML over a seeded organisation, checked against an evaluation written here in LINQ from the documented
/// semantics (SQL's: a condition on an empty column is false except null; strings compare ignoring case): nested
/// and/or filters, every link type, orders, paging and aggregates. The emulator must give the same rows — or refuse,
/// as documented, the shapes Dataverse refuses. 2,400 generated queries per run, from a fixed seed.
/// </summary>
public sealed class DifferentialQueryTests
{
    private static readonly string[] LastNames = ["Lee", "Kim", "Ng", "Ode"];
    private static readonly string?[] FirstNames = ["Ana", "Ben", "Cho", null];
    private static readonly string?[] AccountNames = ["Contoso", "Fabrikam", "Coho Winery", "Cyan", "Northwind", null];
    private static readonly string?[] Cities = ["Redmond", "Seattle", "Bellevue", null];
    private static readonly World Data = World.Build();

    [Fact]
    public void Filtered_linked_ordered_and_paged_queries_return_what_the_documented_semantics_give()
    {
        Queries.Sample(query =>
        {
            var expected = query.Expected(Data);
            var actual = Data.Run(query.FetchXml());
            if (query.JoinsRows)
            {
                // Rows a join repeats for one parent have no documented order among themselves: compare those as sets.
                expected = expected.Order(StringComparer.Ordinal).ToList();
                actual = actual.Order(StringComparer.Ordinal).ToList();
            }

            Assert.True(expected.SequenceEqual(actual), query.FetchXml() + "\nexpected: " + string.Join(", ", expected) + "\nactual:   " + string.Join(", ", actual));
        }, iter: 2_000, seed: "0qJ9vKTCy2m5", threads: 1);
    }

    [Fact]
    public void Grouped_aggregates_return_what_the_documented_semantics_give()
    {
        Aggregates.Sample(query =>
        {
            var expected = query.Expected(Data);
            var actual = Data.Run(query.FetchXml(), aggregate: true);
            Assert.True(expected.SequenceEqual(actual), query.FetchXml() + "\nexpected: " + string.Join(", ", expected) + "\nactual:   " + string.Join(", ", actual));
        }, iter: 400, seed: "4mWzY1x7QkP0", threads: 1);
    }

    // ───────────────────────────── the data ─────────────────────────────

    private sealed record ContactRow(Guid Id, string Last, string? First, int State);

    private sealed record AccountRow(Guid Id, string? Name, int? Employees, string? City, decimal? Revenue, Guid? PrimaryContact);

    private sealed class World
    {
        private World(DataverseEmulator org, List<ContactRow> contacts, List<AccountRow> accounts)
        {
            Org = org;
            Contacts = contacts;
            Accounts = accounts;
        }

        public DataverseEmulator Org { get; }

        public List<ContactRow> Contacts { get; }

        public List<AccountRow> Accounts { get; }

        public static World Build()
        {
            var org = TestOrg.New(new EmulatorOptions { IdSeed = 5 });
            var service = org.GetService();
            var random = new Random(17);
            var contacts = new List<ContactRow>();
            for (var i = 0; i < 14; i++)
            {
                var last = LastNames[random.Next(LastNames.Length)];
                var first = FirstNames[random.Next(FirstNames.Length)];
                var id = service.Create(new Entity("contact") { ["lastname"] = last, ["firstname"] = first, ["fullname"] = (first + " " + last).Trim() });
                var state = random.Next(4) == 0 ? 1 : 0;
                if (state == 1)
                {
                    service.Update(new Entity("contact", id) { ["statecode"] = new OptionSetValue(1), ["statuscode"] = new OptionSetValue(2) });
                }

                contacts.Add(new ContactRow(id, last, first, state));
            }

            var accounts = new List<AccountRow>();
            for (var i = 0; i < 30; i++)
            {
                var name = AccountNames[random.Next(AccountNames.Length)];
                int? employees = random.Next(5) == 0 ? null : random.Next(0, 11) * 10;
                var city = Cities[random.Next(Cities.Length)];
                decimal? revenue = random.Next(4) == 0 ? null : random.Next(1, 20) * 1000m;
                Guid? primary = random.Next(5) == 0 ? null : contacts[random.Next(contacts.Count)].Id;
                var account = new Entity("account") { ["name"] = name, ["numberofemployees"] = employees, ["address1_city"] = city, ["revenue"] = revenue == null ? null : new Money(revenue.Value) };
                if (primary != null)
                {
                    account["primarycontactid"] = new EntityReference("contact", primary.Value);
                }

                accounts.Add(new AccountRow(service.Create(account), name, employees, city, revenue, primary));
            }

            return new World(org, contacts, accounts);
        }

        /// <summary>The emulator's answer as comparable lines: contact id, and the linked account id when the query joins one; or the refusal.</summary>
        public List<string> Run(string fetchXml, bool aggregate = false)
        {
            try
            {
                var rows = Org.GetService().RetrieveMultiple(new FetchExpression(fetchXml)).Entities;
                return aggregate
                    ? rows.Select(r => Group(r.GetAttributeValue<AliasedValue>("city")?.Value) + "=" + Number(r.GetAttributeValue<AliasedValue>("value")?.Value)).OrderBy(s => s, StringComparer.Ordinal).ToList()
                    : rows.Select(r => r.Id.ToString("N")[..8] + (r.GetAttributeValue<AliasedValue>("a.accountid")?.Value is Guid linked ? ">" + linked.ToString("N")[..8] : r.Contains("a.accountid") ? ">-" : string.Empty)).ToList();
            }
            catch (System.ServiceModel.FaultException<OrganizationServiceFault> fault)
            {
                return ["fault " + fault.Detail.ErrorCode.ToString("X8", CultureInfo.InvariantCulture)];
            }
        }
    }

    private static string Group(object? value) => value as string ?? "(none)";

    private static string Number(object? value) => value switch
    {
        null => "null",
        Money money => money.Value.ToString("0.####", CultureInfo.InvariantCulture),
        IFormattable number => Convert.ToDecimal(number, CultureInfo.InvariantCulture).ToString("0.####", CultureInfo.InvariantCulture),
        _ => value.ToString() ?? string.Empty,
    };

    // ───────────────────────────── conditions ─────────────────────────────

    /// <summary>A condition on a contact or account column, with its FetchXML and its meaning.</summary>
    private sealed record Condition(string Xml, Func<ContactRow?, AccountRow?, bool> Holds);

    private static readonly Gen<Condition> ContactCondition = Gen.OneOf(
        Gen.Select(Gen.OneOfConst(LastNames), Gen.OneOfConst("eq", "ne", "like", "begins-with", "not-like"), (name, op) => Text("lastname", op, op == "like" || op == "not-like" ? "%" + name[1..] : op == "begins-with" ? name[..1].ToLowerInvariant() : name.ToUpperInvariant(), (c, _) => c!.Last)),
        Gen.Select(Gen.OneOfConst(FirstNames.Where(f => f != null).Select(f => f!).ToArray()), Gen.OneOfConst("eq", "ne", "null", "not-null"), (name, op) => Text("firstname", op, name, (c, _) => c!.First)),
        Gen.Int[0, 1].Select(state => new Condition("<condition attribute='statecode' operator='eq' value='" + state + "'/>", (c, _) => c!.State == state)),
        Gen.Select(Gen.OneOfConst(LastNames), Gen.OneOfConst(LastNames), (a, b) => new Condition("<condition attribute='lastname' operator='in'><value>" + a + "</value><value>" + b + "</value></condition>", (c, _) => c!.Last == a || c.Last == b)));

    private static readonly Gen<Condition> AccountCondition = Gen.OneOf(
        Gen.Select(Gen.OneOfConst(AccountNames.Where(n => n != null).Select(n => n!).ToArray()), Gen.OneOfConst("eq", "ne", "like", "null", "not-null", "not-begin-with"), (name, op) => Text("name", op, op == "like" ? "c%" : op == "not-begin-with" ? "C" : name, (_, a) => a!.Name)),
        Gen.Select(Gen.Int[0, 10], Gen.OneOfConst("eq", "ne", "gt", "ge", "lt", "le", "null", "not-null"), (n, op) => Compare("numberofemployees", op, n * 10, a => a.Employees)),
        Gen.Select(Gen.Int[0, 10], Gen.Int[0, 10], (a, b) => new Condition("<condition attribute='numberofemployees' operator='between'><value>" + Math.Min(a, b) * 10 + "</value><value>" + Math.Max(a, b) * 10 + "</value></condition>", (_, r) => r!.Employees >= Math.Min(a, b) * 10 && r.Employees <= Math.Max(a, b) * 10)),
        Gen.Select(Gen.OneOfConst(Cities.Where(c => c != null).Select(c => c!).ToArray()), Gen.OneOfConst("eq", "ne", "null", "not-null"), (city, op) => Text("address1_city", op, city, (_, a) => a!.City)),
        Gen.Select(Gen.OneOfConst(Cities.Where(c => c != null).Select(c => c!).ToArray()), Gen.OneOfConst(Cities.Where(c => c != null).Select(c => c!).ToArray()), (x, y) => new Condition("<condition attribute='address1_city' operator='not-in'><value>" + x + "</value><value>" + y + "</value></condition>", (_, a) => a!.City != null && !string.Equals(a.City, x, StringComparison.OrdinalIgnoreCase) && !string.Equals(a.City, y, StringComparison.OrdinalIgnoreCase))),
        Gen.Select(Gen.Int[1, 19], Gen.OneOfConst("gt", "le"), (n, op) => new Condition("<condition attribute='revenue' operator='" + op + "' value='" + n * 1000 + "'/>", (_, a) => a!.Revenue is { } r && (op == "gt" ? r > n * 1000 : r <= n * 1000))));

    private static Condition Text(string column, string op, string value, Func<ContactRow?, AccountRow?, string?> get)
    {
        var xml = op is "null" or "not-null"
            ? "<condition attribute='" + column + "' operator='" + op + "'/>"
            : "<condition attribute='" + column + "' operator='" + op + "' value='" + value + "'/>";
        return new Condition(xml, (c, a) =>
        {
            var v = get(c, a);
            return op switch
            {
                "null" => v == null,
                "not-null" => v != null,
                _ when v == null => false,
                "eq" => string.Equals(v, value, StringComparison.OrdinalIgnoreCase),
                "ne" => !string.Equals(v, value, StringComparison.OrdinalIgnoreCase),
                "begins-with" => v.StartsWith(value, StringComparison.OrdinalIgnoreCase),
                "not-begin-with" => !v.StartsWith(value, StringComparison.OrdinalIgnoreCase),
                "like" => Like(v, value),
                _ => !Like(v, value),
            };
        });
    }

    private static bool Like(string text, string pattern)
        => pattern.StartsWith('%') ? text.EndsWith(pattern[1..], StringComparison.OrdinalIgnoreCase) : text.StartsWith(pattern[..^1], StringComparison.OrdinalIgnoreCase);

    private static Condition Compare(string column, string op, int value, Func<AccountRow, int?> get)
    {
        var xml = op is "null" or "not-null"
            ? "<condition attribute='" + column + "' operator='" + op + "'/>"
            : "<condition attribute='" + column + "' operator='" + op + "' value='" + value + "'/>";
        return new Condition(xml, (_, a) =>
        {
            var v = get(a!);
            return op switch
            {
                "null" => v == null,
                "not-null" => v != null,
                _ when v == null => false,
                "eq" => v == value,
                "ne" => v != value,
                "gt" => v > value,
                "ge" => v >= value,
                "lt" => v < value,
                _ => v <= value,
            };
        });
    }

    /// <summary>A filter: and/or over conditions and at most one nested filter.</summary>
    private static Gen<Condition> Filter(Gen<Condition> conditions) => Gen.Select(Gen.Bool, conditions.Array[1, 3], Gen.Bool, conditions.Array[1, 2], (or, parts, nest, inner) =>
    {
        var all = parts.ToList();
        var xml = new StringBuilder("<filter type='" + (or ? "or" : "and") + "'>");
        foreach (var part in parts)
        {
            xml.Append(part.Xml);
        }

        if (nest)
        {
            var nested = new StringBuilder("<filter type='" + (or ? "and" : "or") + "'>");
            foreach (var part in inner)
            {
                nested.Append(part.Xml);
            }

            nested.Append("</filter>");
            xml.Append(nested);
            all.Add(new Condition(nested.ToString(), (c, a) => or ? inner.All(p => p.Holds(c, a)) : inner.Any(p => p.Holds(c, a))));
        }

        xml.Append("</filter>");
        return new Condition(xml.ToString(), (c, a) => or ? all.Any(p => p.Holds(c, a)) : all.All(p => p.Holds(c, a)));
    });

    // ───────────────────────────── row queries ─────────────────────────────

    private static readonly string[] LinkTypes = ["none", "inner", "outer", "exists", "in", "matchfirstrowusingcrossapply", "any", "not any", "all", "not all"];

    /// <summary>Contacts, optionally linked to the accounts naming them as primary contact, filtered, ordered, perhaps paged.</summary>
    private sealed record RowQuery(Condition? ContactFilter, string LinkType, Condition? AccountFilter, bool Descending, int? Count, int? Page, bool Top)
    {
        public string FetchXml()
        {
            var xml = new StringBuilder("<fetch");
            if (Count != null)
            {
                xml.Append(Top ? " top='" + Count + "'" : " count='" + Count + "' page='" + Page + "'");
            }

            xml.Append("><entity name='contact'><attribute name='contactid'/><order attribute='lastname'" + (Descending ? " descending='true'" : string.Empty) + "/><order attribute='contactid'/>");
            var accountFilter = AccountFilter?.Xml ?? string.Empty;
            var link = "<link-entity name='account' from='primarycontactid' to='contactid' link-type='" + LinkType + "'" + (Joins ? " alias='a'><attribute name='accountid'/>" : ">") + accountFilter + "</link-entity>";
            if (IsFilterLink)
            {
                xml.Append("<filter type='and'>" + (ContactFilter?.Xml ?? string.Empty) + link + "</filter>");
            }
            else
            {
                xml.Append(ContactFilter?.Xml ?? string.Empty);
                if (LinkType != "none")
                {
                    xml.Append(link);
                }
            }

            return xml.Append("</entity></fetch>").ToString();
        }

        private bool Joins => LinkType is "inner" or "outer" or "matchfirstrowusingcrossapply";

        public bool JoinsRows => Joins;

        private bool IsFilterLink => LinkType is "any" or "not any" or "all" or "not all";

        public List<string> Expected(World world)
        {
            var contacts = world.Contacts.Where(c => ContactFilter?.Holds(c, null) ?? true);
            bool Passes(AccountRow a) => AccountFilter?.Holds(null, a) ?? true;
            List<AccountRow> Related(ContactRow c) => world.Accounts.Where(a => a.PrimaryContact == c.Id).ToList();
            IEnumerable<(ContactRow Contact, AccountRow? Account, bool Linked)> rows = LinkType switch
            {
                "none" => contacts.Select(c => (c, (AccountRow?)null, false)),
                "inner" => contacts.SelectMany(c => Related(c).Where(Passes).Select(a => (c, (AccountRow?)a, true))),
                "outer" => contacts.SelectMany(c => Related(c).Where(Passes).Select(a => (c, (AccountRow?)a, true)).DefaultIfEmpty((c, null, false))),
                "matchfirstrowusingcrossapply" => contacts.Where(c => Related(c).Any(Passes)).Select(c => (c, (AccountRow?)Related(c).First(Passes), true)),
                "exists" or "in" or "any" or "not all" => contacts.Where(c => Related(c).Any(Passes)).Select(c => (c, (AccountRow?)null, false)),
                "not any" => contacts.Where(c => !Related(c).Any(Passes)).Select(c => (c, (AccountRow?)null, false)),
                _ => contacts.Where(c => Related(c).Count > 0 && !Related(c).Any(Passes)).Select(c => (c, (AccountRow?)null, false)),
            };
            var ordered = (Descending ? rows.OrderByDescending(r => r.Contact.Last, StringComparer.OrdinalIgnoreCase) : rows.OrderBy(r => r.Contact.Last, StringComparer.OrdinalIgnoreCase)).ThenBy(r => r.Contact.Id).ToList();

            // Rows repeated by a join have no order between them: compare those as a sorted set, keys otherwise in order.
            var lines = ordered.Select(r => r.Contact.Id.ToString("N")[..8] + (r.Linked ? ">" + (r.Account?.Id.ToString("N")[..8] ?? "-") : string.Empty)).ToList();
            if (Count is { } count)
            {
                lines = Top ? lines.Take(count).ToList() : lines.Skip((Page!.Value - 1) * count).Take(count).ToList();
            }

            return lines;
        }
    }

    private static readonly Gen<RowQuery> Queries = Gen.Select(
        Gen.OneOf(Gen.Const((Condition?)null), Filter(ContactCondition).Select(f => (Condition?)f)),
        Gen.OneOfConst(LinkTypes),
        Gen.OneOf(Gen.Const((Condition?)null), Filter(AccountCondition).Select(f => (Condition?)f)),
        Gen.Bool,
        Gen.OneOf(Gen.Const((int?)null), Gen.Int[1, 6].Select(n => (int?)n)),
        Gen.Int[1, 4],
        Gen.Bool,
        (contacts, link, accounts, descending, count, page, top) => new RowQuery(contacts, link, accounts, descending, count, page, top))
        .Where(q => q.LinkType is "none" or "exists" or "in" or "any" or "not any" or "all" or "not all" || q.Count == null);

    // ───────────────────────────── aggregates ─────────────────────────────

    private sealed record AggregateQuery(string Function, Condition? Filter)
    {
        public string FetchXml() => "<fetch aggregate='true'><entity name='account'><attribute name='address1_city' groupby='true' alias='city'/>"
            + "<attribute name='" + (Function == "count" ? "accountid" : "numberofemployees") + "' aggregate='" + Function + "' alias='value'/>"
            + (Filter?.Xml ?? string.Empty) + "</entity></fetch>";

        public List<string> Expected(World world)
            => world.Accounts.Where(a => Filter?.Holds(null, a) ?? true)
                .GroupBy(a => a.City ?? "(none)", StringComparer.OrdinalIgnoreCase)
                .Select(g =>
                {
                    var values = g.Where(a => a.Employees != null).Select(a => (decimal)a.Employees!.Value).ToList();
                    var result = Function switch
                    {
                        "count" => g.Count().ToString(CultureInfo.InvariantCulture),
                        "countcolumn" => values.Count.ToString(CultureInfo.InvariantCulture),
                        _ when values.Count == 0 => "null",
                        "sum" => values.Sum().ToString("0.####", CultureInfo.InvariantCulture),
                        "min" => values.Min().ToString("0.####", CultureInfo.InvariantCulture),
                        "max" => values.Max().ToString("0.####", CultureInfo.InvariantCulture),
                        // numberofemployees is a whole-number column: SQL's AVG of integers is integer arithmetic
                        // (Learn, "Aggregate data using FetchXml": 35,200 over 9 rows averages 3,911).
                        _ => Math.Truncate(values.Sum() / values.Count).ToString("0.####", CultureInfo.InvariantCulture),
                    };
                    return g.Key + "=" + result;
                })
                .OrderBy(s => s, StringComparer.Ordinal)
                .ToList();
    }

    private static readonly Gen<AggregateQuery> Aggregates = Gen.Select(
        Gen.OneOfConst("count", "countcolumn", "sum", "avg", "min", "max"),
        Gen.OneOf(Gen.Const((Condition?)null), Filter(AccountCondition).Select(f => (Condition?)f)),
        (function, filter) => new AggregateQuery(function, filter));
}
