using System;
using System.Globalization;
using System.IO;
using System.Linq;
using CrmAccountability.Simulation.Engine;
using CrmAccountability.Simulation.Export;
using CrmAccountability.Simulation.Review;
using Spectre.Console;

namespace CrmAccountability.Cli.Commands;

/// <summary>The managers' weekly review in the terminal: tables with Spectre.Console, plain text when output is redirected.</summary>
internal static class ReviewPrinter
{
    public static void Print(TeamReview review, SimulationRun run, TextWriter output)
    {
        var interactive = ReferenceEquals(output, Console.Out) && !Console.IsOutputRedirected;
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(output),
            Ansi = interactive ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = interactive ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
        });
        console.Profile.Width = interactive ? console.Profile.Width : 140;

        console.Write(new Rule("[bold]Weekly review — " + review.LastWeekLabel + "[/] (as of " + review.AsOfUtc.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) + " UTC)").LeftJustified());
        var cast = new Table().Title("Who is who").AddColumns("Person", "Time zone", "Pattern");
        foreach (var member in run.Scenario.Cast.Where(c => c.Roles.Count > 0))
        {
            cast.AddRow(Markup.Escape(member.FullName), Markup.Escape(member.TimeZone), Markup.Escape(member.Pattern));
        }

        console.Write(cast);

        var team = new Table().Title("Team attainment this week, by expectation").AddColumns("Expectation", "Met", "Average % of target");
        foreach (var summary in review.Expectations)
        {
            team.AddRow(Markup.Escape(summary.Expectation), summary.Met + " of " + summary.Total, summary.AveragePercent.ToString("0", CultureInfo.InvariantCulture) + "%");
        }

        console.Write(team);

        console.Write(new Rule("Needs attention").LeftJustified());
        if (review.Attention.Count == 0)
        {
            console.WriteLine("Everyone met their expectations this week.");
        }

        foreach (var item in review.Attention)
        {
            console.MarkupLine("[bold]" + Markup.Escape(item.Rep) + "[/] — " + Markup.Escape(item.Expectation) + ": " + Markup.Escape(item.Figures));
            if (item.CoachingPrompt != null)
            {
                console.MarkupLine("  Coaching prompt: " + Markup.Escape(item.CoachingPrompt));
            }
        }

        console.Write(new Rule("Recognition this week").LeftJustified());
        foreach (var item in review.Recognitions)
        {
            console.MarkupLine("  " + Markup.Escape(item.Rep) + " — " + Markup.Escape(item.Title));
        }

        if (review.Recognitions.Count == 0)
        {
            console.WriteLine("No new recognition this week.");
        }

        var reviews = new Table().Title("Pipeline reviews: held vs cancelled over the quarter").AddColumns("Manager", "Held", "Cancelled", "Weeks cancelled");
        foreach (var manager in review.Reviews.GroupBy(r => r.Manager))
        {
            reviews.AddRow(
                Markup.Escape(manager.Key),
                manager.Sum(r => r.Held).ToString(CultureInfo.InvariantCulture),
                manager.Sum(r => r.Cancelled).ToString(CultureInfo.InvariantCulture),
                string.Join(", ", manager.Where(r => r.Cancelled > 0 && r.Held == 0).Select(r => TeamReview.ISOWeekLabel(r.Week))));
        }

        console.Write(reviews);

        var pipeline = new Table().Title("Pipeline week over week").AddColumns("Rep", "Open", "Change", "Created", "Won", "Lost", "Stalled");
        foreach (var row in review.Pipeline)
        {
            pipeline.AddRow(Markup.Escape(row.Rep), Dashboard.Money(row.OpenValue), Dashboard.Change(row.Change), Dashboard.Money(row.Created), Dashboard.Money(row.Won), Dashboard.Money(row.Lost), row.Stalled.ToString(CultureInfo.InvariantCulture));
        }

        console.Write(pipeline);
    }
}
