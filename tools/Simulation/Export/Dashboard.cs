using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Xml.Linq;
using CrmAccountability.Simulation.Review;

namespace CrmAccountability.Simulation.Export;

/// <summary>
/// dashboard.html: a static preview of the managers' review dashboard a manager can open with no network — the real
/// AttainmentScorecard bundle (read from the solution zip the demo loaded) rendering the latest attainments, a
/// week-by-week trend chart, who needs attention with the coaching prompts, recognition, review cadence and the
/// pipeline week over week.
/// </summary>
public static class Dashboard
{
    private const string ControlFolder = "Controls/cra_CrmAccountability.AttainmentScorecard/";
    private static readonly string[] Colours = ["#0f6cbd", "#8a3707", "#107c10", "#6b2c91", "#a4262c"];

    public static void Write(TeamReview review, string solutionZip, string path, string subtitle)
    {
        var (bundle, css, strings) = ScorecardFrom(solutionZip);
        var html = new StringBuilder();
        html.Append("<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
        html.Append("<title>Team accountability review — ").Append(review.LastWeekLabel).Append("</title>\n<style>\n").Append(css).Append('\n').Append(PageCss).Append("</style>\n</head>\n<body>\n<main>\n");
        html.Append("<h1>Team accountability review</h1>\n<p class=\"sub\">Week of ").Append(Text(review.LastWeek.ToString("d MMMM yyyy", CultureInfo.InvariantCulture)))
            .Append(" (").Append(review.LastWeekLabel).Append(") · as of ").Append(review.AsOfUtc.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)).Append(" UTC · ").Append(Text(subtitle)).Append("</p>\n");

        html.Append("<section aria-labelledby=\"scorecard-heading\">\n<h2 id=\"scorecard-heading\">Latest attainment</h2>\n<p class=\"note\">Each person's most recent closed period per expectation, as the AttainmentScorecard control shows it in the app.</p>\n<div id=\"scorecard\" aria-labelledby=\"scorecard-heading\"></div>\n</section>\n");
        Trend(html, review);
        Attention(html, review);
        Recognition(html, review);
        Reviews(html, review);
        Pipeline(html, review);
        html.Append("</main>\n");

        var rows = review.Scorecard.Select(r => new
        {
            id = r.Id.ToString("D"),
            rep = r.Rep,
            expectation = r.Expectation,
            metric = r.Metric,
            actual = r.Actual,
            target = r.Target,
            expectedtodate = r.ExpectedToDate,
            status = r.Status,
            streak = r.Streak,
            periodlabel = r.Period,
        });
        html.Append("<script type=\"application/json\" id=\"scorecard-data\">").Append(Json(new { rows, strings })).Append("</script>\n");
        html.Append("<script>window.ComponentFramework = { registerControl: function (name, control) { window.registered = { name: name, control: control }; } };</script>\n");
        html.Append("<script>\n").Append(bundle.Replace("</", "<\\/", StringComparison.Ordinal)).Append("\n</script>\n");
        html.Append("<script>\n").Append(MountScript).Append("</script>\n</body>\n</html>\n");
        File.WriteAllText(path, html.ToString(), new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
    }

    /// <summary>The control's bundle, stylesheet and English strings, as packed in the solution.</summary>
    private static (string Bundle, string Css, Dictionary<string, string> Strings) ScorecardFrom(string solutionZip)
    {
        using var zip = ZipFile.OpenRead(solutionZip);
        string Read(string name)
        {
            var entry = zip.GetEntry(ControlFolder + name) ?? throw new InvalidDataException("The solution " + Path.GetFileName(solutionZip) + " has no " + ControlFolder + name + ": it was packed without the AttainmentScorecard build.");
            using var reader = new StreamReader(entry.Open(), Encoding.UTF8);
            return reader.ReadToEnd();
        }

        var resx = XDocument.Parse(Read("strings/AttainmentScorecard.1033.resx"));
        var strings = resx.Root!.Elements("data").ToDictionary(d => (string)d.Attribute("name")!, d => d.Element("value")?.Value ?? string.Empty, StringComparer.Ordinal);
        return (Read("bundle.js"), Read("css/AttainmentScorecard.css"), strings);
    }

    private static void Trend(StringBuilder html, TeamReview review)
    {
        var names = review.Trend.SelectMany(t => t.MetShare.Keys).Distinct().Order(StringComparer.Ordinal).ToList();
        const int width = 720, height = 260, left = 48, right = 16, top = 16, bottom = 40;
        var weeks = review.Trend.Count;
        double X(int i) => left + (weeks <= 1 ? 0 : i * (width - left - right) / (double)(weeks - 1));
        double Y(decimal percent) => top + ((100 - (double)percent) * (height - top - bottom) / 100);
        html.Append("<section aria-labelledby=\"trend-heading\">\n<h2 id=\"trend-heading\">Week by week</h2>\n");
        html.Append("<figure>\n<svg viewBox=\"0 0 ").Append(width).Append(' ').Append(height).Append("\" width=\"").Append(width).Append("\" height=\"").Append(height).Append("\" role=\"img\" aria-labelledby=\"trend-title\">\n<title id=\"trend-title\">Share of periods met each week, by expectation</title>\n");
        foreach (var tick in new[] { 0, 25, 50, 75, 100 })
        {
            html.Append(Invariant($"<line x1=\"{left}\" x2=\"{width - right}\" y1=\"{Y(tick):0.#}\" y2=\"{Y(tick):0.#}\" class=\"grid\" /><text x=\"{left - 6}\" y=\"{Y(tick) + 4:0.#}\" text-anchor=\"end\">{tick}%</text>\n"));
        }

        for (var i = 0; i < weeks; i++)
        {
            html.Append(Invariant($"<text x=\"{X(i):0.#}\" y=\"{height - 16}\" text-anchor=\"middle\">W{i + 1}</text>\n"));
        }

        for (var n = 0; n < names.Count; n++)
        {
            var points = review.Trend.Select((t, i) => t.MetShare.TryGetValue(names[n], out var share) ? Invariant($"{X(i):0.#},{Y(share):0.#}") : null).Where(p => p != null);
            html.Append("<polyline fill=\"none\" stroke-width=\"2.5\" stroke=\"").Append(Colours[n % Colours.Length]).Append("\" points=\"").Append(string.Join(' ', points)).Append("\" />\n");
        }

        html.Append("</svg>\n<figcaption><ul class=\"legend\">");
        for (var n = 0; n < names.Count; n++)
        {
            html.Append("<li><span class=\"swatch\" style=\"background:").Append(Colours[n % Colours.Length]).Append("\"></span>").Append(Text(names[n])).Append("</li>");
        }

        html.Append("</ul></figcaption>\n</figure>\n<table>\n<caption>Share of periods met, and the team's open pipeline at week's end</caption>\n<thead><tr><th scope=\"col\">Week</th>");
        foreach (var name in names)
        {
            html.Append("<th scope=\"col\">").Append(Text(name)).Append("</th>");
        }

        html.Append("<th scope=\"col\">Open pipeline</th></tr></thead>\n<tbody>\n");
        foreach (var week in review.Trend)
        {
            html.Append("<tr><th scope=\"row\">").Append(TeamReview.ISOWeekLabel(week.Monday)).Append("</th>");
            foreach (var name in names)
            {
                html.Append("<td>").Append(week.MetShare.TryGetValue(name, out var share) ? Invariant($"{share:0}%") : "–").Append("</td>");
            }

            html.Append("<td>").Append(Money(week.OpenPipeline)).Append("</td></tr>\n");
        }

        html.Append("</tbody>\n</table>\n</section>\n");
    }

    private static void Attention(StringBuilder html, TeamReview review)
    {
        html.Append("<section aria-labelledby=\"attention-heading\">\n<h2 id=\"attention-heading\">Needs attention</h2>\n");
        if (review.Attention.Count == 0)
        {
            html.Append("<p>Everyone met their expectations this week.</p>\n</section>\n");
            return;
        }

        html.Append("<ul class=\"cards\">\n");
        foreach (var item in review.Attention)
        {
            html.Append("<li><h3>").Append(Text(item.Rep)).Append(" — ").Append(Text(item.Expectation)).Append("</h3><p>").Append(Text(item.Figures)).Append("</p>");
            if (item.CoachingPrompt != null)
            {
                html.Append("<p class=\"prompt\"><strong>Coaching prompt:</strong> ").Append(Text(item.CoachingPrompt)).Append("</p>");
            }

            html.Append("</li>\n");
        }

        html.Append("</ul>\n</section>\n");
    }

    private static void Recognition(StringBuilder html, TeamReview review)
    {
        html.Append("<section aria-labelledby=\"recognition-heading\">\n<h2 id=\"recognition-heading\">Recognition this week</h2>\n");
        if (review.Recognitions.Count == 0)
        {
            html.Append("<p>No new recognition this week.</p>\n</section>\n");
            return;
        }

        html.Append("<ul>\n");
        foreach (var item in review.Recognitions)
        {
            html.Append("<li><strong>").Append(Text(item.Rep)).Append("</strong> — ").Append(Text(item.Title)).Append("</li>\n");
        }

        html.Append("</ul>\n</section>\n");
    }

    private static void Reviews(StringBuilder html, TeamReview review)
    {
        var weeks = review.Reviews.Select(r => r.Week).Distinct().Order().ToList();
        html.Append("<section aria-labelledby=\"reviews-heading\">\n<h2 id=\"reviews-heading\">Pipeline reviews held</h2>\n<table>\n<caption>Reviews held (and cancelled) by each manager, week by week</caption>\n<thead><tr><th scope=\"col\">Manager</th>");
        foreach (var week in weeks)
        {
            html.Append("<th scope=\"col\">").Append(TeamReview.ISOWeekLabel(week)).Append("</th>");
        }

        html.Append("</tr></thead>\n<tbody>\n");
        foreach (var manager in review.Reviews.GroupBy(r => r.Manager))
        {
            html.Append("<tr><th scope=\"row\">").Append(Text(manager.Key)).Append("</th>");
            foreach (var week in weeks)
            {
                var cell = manager.FirstOrDefault(r => r.Week == week);
                html.Append(cell == null ? "<td>–</td>" : cell.Cancelled > 0 && cell.Held == 0 ? "<td class=\"cancelled\">cancelled</td>" : Invariant($"<td>{cell.Held} held</td>"));
            }

            html.Append("</tr>\n");
        }

        html.Append("</tbody>\n</table>\n</section>\n");
    }

    private static void Pipeline(StringBuilder html, TeamReview review)
    {
        html.Append("<section aria-labelledby=\"pipeline-heading\">\n<h2 id=\"pipeline-heading\">Pipeline this week</h2>\n<table>\n<caption>Open pipeline at week's end and its change since last week; what was created, won and lost this week</caption>\n");
        html.Append("<thead><tr><th scope=\"col\">Rep</th><th scope=\"col\">Open</th><th scope=\"col\">Change</th><th scope=\"col\">Created</th><th scope=\"col\">Won</th><th scope=\"col\">Lost</th><th scope=\"col\">Stalled deals</th></tr></thead>\n<tbody>\n");
        foreach (var row in review.Pipeline)
        {
            html.Append("<tr><th scope=\"row\">").Append(Text(row.Rep)).Append("</th><td>").Append(Money(row.OpenValue)).Append("</td><td>").Append(Change(row.Change)).Append("</td><td>")
                .Append(Money(row.Created)).Append("</td><td>").Append(Money(row.Won)).Append("</td><td>").Append(Money(row.Lost)).Append("</td><td>").Append(row.Stalled.ToString(CultureInfo.InvariantCulture)).Append("</td></tr>\n");
        }

        html.Append("</tbody>\n</table>\n</section>\n");
    }

    public static string Money(decimal? value) => value is { } v ? v.ToString("$#,##0", CultureInfo.InvariantCulture) : "–";

    public static string Change(decimal? value) => value is { } v ? (v > 0 ? "+" : v < 0 ? "−" : string.Empty) + Math.Abs(v).ToString("$#,##0", CultureInfo.InvariantCulture) : "–";

    private static string Text(string text) => WebUtility.HtmlEncode(text);

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    /// <summary>JSON safe inside a script element: "&lt;" is escaped so no "&lt;/script&gt;" can end it early.</summary>
    private static string Json(object value) => JsonSerializer.Serialize(value).Replace("<", "\\u003c", StringComparison.Ordinal);

    private const string PageCss = """
        body { margin: 0; background: #faf9f8; color: #242424; font-family: "Segoe UI", system-ui, sans-serif; }
        main { max-width: 1100px; margin: 0 auto; padding: 24px; }
        h1 { font-size: 28px; margin: 0 0 4px; }
        h2 { font-size: 20px; margin: 32px 0 8px; }
        h3 { font-size: 16px; margin: 0 0 4px; }
        .sub, .note { color: #424242; margin: 0 0 8px; }
        table { border-collapse: collapse; margin: 12px 0; background: #fff; }
        caption { text-align: left; color: #424242; padding: 4px 0; }
        th, td { border: 1px solid #d1d1d1; padding: 4px 10px; text-align: right; }
        th[scope=row], thead th:first-child { text-align: left; }
        td.cancelled { color: #a4262c; font-weight: 600; }
        svg { background: #fff; border: 1px solid #d1d1d1; max-width: 100%; height: auto; }
        svg text { font-size: 12px; fill: #424242; }
        svg .grid { stroke: #e0e0e0; }
        figure { margin: 0; }
        .legend { list-style: none; padding: 0; display: flex; gap: 16px; flex-wrap: wrap; }
        .swatch { display: inline-block; width: 14px; height: 14px; margin-right: 6px; vertical-align: -2px; }
        .cards { list-style: none; padding: 0; display: grid; grid-template-columns: repeat(auto-fill, minmax(320px, 1fr)); gap: 12px; }
        .cards li { background: #fff; border: 1px solid #d1d1d1; border-radius: 4px; padding: 12px; }
        .prompt { color: #242424; }
        """;

    private const string MountScript = """
        (function () {
          var data = JSON.parse(document.getElementById("scorecard-data").textContent);
          var records = {};
          data.rows.forEach(function (row) {
            records[row.id] = {
              getRecordId: function () { return row.id; },
              getNamedReference: function () { return { id: { guid: row.id }, etn: "cra_attainment", name: row.expectation }; },
              getValue: function (alias) { return row[alias]; },
              getFormattedValue: function (alias) { return row[alias] == null ? null : String(row[alias]); }
            };
          });
          var dataset = {
            loading: false, error: false, errorMessage: "", sortedRecordIds: data.rows.map(function (r) { return r.id; }), records: records,
            columns: [{ name: "cra_repid", alias: "rep" }, { name: "cra_actual", alias: "actual" }], sorting: [],
            paging: { hasNextPage: false, loadNextPage: function () {}, setPageSize: function () {}, totalResultCount: data.rows.length },
            openDatasetItem: function () {}, refresh: function () {}, getTargetEntityType: function () { return "cra_attainment"; }
          };
          var number = new Intl.NumberFormat("en-US", { maximumFractionDigits: 1 });
          var context = {
            parameters: { attainments: dataset, groupBy: { raw: "rep" }, currencySymbol: { raw: "$" } },
            mode: { trackContainerResize: function () {}, allocatedWidth: 1050, allocatedHeight: 900 },
            resources: { getString: function (key) { return data.strings[key] || key; } },
            formatting: {
              formatDecimal: function (v) { return number.format(v); },
              formatInteger: function (v) { return Math.round(v).toLocaleString("en-US"); },
              formatCurrency: function (v, p, s) { return (s || "$") + Math.round(v).toLocaleString("en-US"); }
            },
            userSettings: { numberFormattingInfo: { currencySymbol: "$" }, languageId: 1033 }
          };
          var control = new window.registered.control();
          control.init(context, function () {}, {}, document.getElementById("scorecard"));
          control.updateView(context);
        })();
        """;
}
