import { barPositions, buildGroups, describeStatus, formatInUnit, Metric, AttainmentStatus } from "../viewModel";
import { englishLocalizer, record } from "./mockContext";

describe("view model", () => {
    const strings = englishLocalizer();

    test("groups attainments by rep for the team view, keeping arrival order", () => {
        const groups = buildGroups([
            record({ id: "1", repName: "Ana Rep", expectationName: "Prospecting minutes" }),
            record({ id: "2", repName: "Ben Rep", expectationName: "First meetings" }),
            record({ id: "3", repName: "Ana Rep", expectationName: "First meetings" }),
        ], "rep", strings);

        expect(groups.map(g => g.heading)).toEqual(["Ana Rep", "Ben Rep"]);
        expect(groups[0].items.map(i => i.title)).toEqual(["Prospecting minutes", "First meetings"]);
        expect(groups[0].countText).toBe("2 expectations");
    });

    test("groups by expectation for my scorecard, titling rows by period", () => {
        const groups = buildGroups([record({ id: "1", periodLabel: "2026-W48" }), record({ id: "2", periodLabel: "2026-W47" })], "expectation", strings);

        expect(groups).toHaveLength(1);
        expect(groups[0].heading).toBe("Prospecting minutes");
        expect(groups[0].items.map(i => i.title)).toEqual(["2026-W48", "2026-W47"]);
    });

    test("places the pace marker at expected-to-date on a bar scaled to the target", () => {
        expect(barPositions(35, 90, 45)).toEqual({ fill: (35 / 90) * 100, pace: 50 });
    });

    test("an exceeded target fills the bar and the marker stays proportional", () => {
        const positions = barPositions(120, 100, 60);

        expect(positions.fill).toBe(100);
        expect(positions.pace).toBeCloseTo(50);
    });

    test("a zero target does not divide by zero", () => {
        expect(barPositions(0, 0, 0)).toEqual({ fill: 0, pace: 0 });
    });

    test.each([
        [AttainmentStatus.NotStarted, "Getting started", "neutral"],
        [AttainmentStatus.OnTrack, "On track", "good"],
        [AttainmentStatus.NeedsAttention, "A little behind: a focused block catches you up", "attention"],
        [AttainmentStatus.OffPace, "Behind pace: worth a plan for the rest of the period", "behind"],
        [AttainmentStatus.Met, "Target met", "celebrate"],
        [AttainmentStatus.Exceeded, "Target exceeded", "celebrate"],
        [AttainmentStatus.Missed, "Closed below target", "closed"],
        [null, "No status yet", "neutral"],
    ])("status %p reads as growth language: %s", (status, text, tone) => {
        expect(describeStatus(status, strings)).toMatchObject({ text, tone });
    });

    test("formats values in the metric's unit", () => {
        expect(formatInUnit(35, Metric.ActivityMinutes, strings)).toBe("35 min");
        expect(formatInUnit(120000, Metric.PipelineCreated, strings)).toBe("$120,000");
        expect(formatInUnit(3, Metric.DealsWon, strings)).toBe("3");
        expect(formatInUnit(2.5, Metric.ActivityCount, strings)).toBe("2.5");
    });

    test("progress text and accessible label carry actual, target and expected", () => {
        const [item] = buildGroups([record()], "rep", strings)[0].items;

        expect(item.progressText).toBe("35 min of 90 min");
        expect(item.progressLabel).toBe("35 min of 90 min; expected by now 45 min");
    });

    test("a streak badge appears from two periods in a row", () => {
        const items = buildGroups([record({ id: "1", streak: 1 }), record({ id: "2", streak: 3 })], "rep", strings)[0].items;

        expect(items.map(i => i.streakText)).toEqual([null, "3 in a row"]);
    });
});
