/*
 * The scorecard's view model: plain data in, plain data out, no PCF or DOM, so it is tested without a host.
 * Option values are the solution's own choices (publisher option prefix 47210).
 */

export const AttainmentStatus = {
    NotStarted: 472100000,
    OnTrack: 472100001,
    NeedsAttention: 472100002,
    OffPace: 472100003,
    Met: 472100004,
    Exceeded: 472100005,
    Missed: 472100006,
} as const;

export const Metric = {
    ActivityCount: 472100000,
    ActivityMinutes: 472100001,
    OpportunitiesCreated: 472100002,
    PipelineCreated: 472100003,
    DealsWon: 472100004,
    RevenueWon: 472100005,
    ReviewsHeld: 472100006,
} as const;

export type Tone = "neutral" | "good" | "attention" | "behind" | "celebrate" | "closed";

/** One attainment row as the host hands it over. */
export interface AttainmentRecord {
    id: string;
    entityName: string;
    repName: string;
    expectationName: string;
    metric: number | null;
    actual: number;
    target: number;
    expectedToDate: number;
    status: number | null;
    streak: number;
    periodLabel: string;
}

/** Host services the view model needs: localised strings and the user's number formats. */
export interface Localizer {
    text(key: string): string;
    decimal(value: number): string;
    integer(value: number): string;
    currency(value: number): string;
}

export interface AttainmentItem {
    id: string;
    entityName: string;
    title: string;
    subtitle: string;
    period: string;
    progressText: string;
    progressLabel: string;
    paceLabel: string;
    /** Fill of the bar, 0–100 (% of the bar's scale). */
    fillPercent: number;
    /** Where the expected-to-date marker sits, 0–100 (% of the bar's scale). */
    pacePercent: number;
    statusText: string;
    statusKey: string;
    tone: Tone;
    streakText: string | null;
    percentOfTarget: number;
}

export interface AttainmentGroup {
    key: string;
    heading: string;
    countText: string;
    items: AttainmentItem[];
}

const statusKeys: Record<number, [string, Tone]> = {
    [AttainmentStatus.NotStarted]: ["Status_NotStarted", "neutral"],
    [AttainmentStatus.OnTrack]: ["Status_OnTrack", "good"],
    [AttainmentStatus.NeedsAttention]: ["Status_NeedsAttention", "attention"],
    [AttainmentStatus.OffPace]: ["Status_OffPace", "behind"],
    [AttainmentStatus.Met]: ["Status_Met", "celebrate"],
    [AttainmentStatus.Exceeded]: ["Status_Exceeded", "celebrate"],
    [AttainmentStatus.Missed]: ["Status_Missed", "closed"],
};

/** The status in growth language, and the tone that colours it (colour is never the only signal: the text says it). */
export function describeStatus(status: number | null, strings: Localizer): { key: string; text: string; tone: Tone } {
    const [key, tone] = status !== null && statusKeys[status] ? statusKeys[status] : ["Status_Unknown", "neutral" as Tone];
    return { key, text: strings.text(key), tone };
}

/** A value in the metric's unit: minutes, money or a count. */
export function formatInUnit(value: number, metric: number | null, strings: Localizer): string {
    if (metric === Metric.ActivityMinutes) {
        return fill(strings.text("Unit_Minutes"), { value: strings.integer(Math.round(value)) });
    }

    if (metric === Metric.PipelineCreated || metric === Metric.RevenueWon) {
        return strings.currency(value);
    }

    return Number.isInteger(value) ? strings.integer(value) : strings.decimal(value);
}

/**
 * Positions on the bar. The scale is the larger of target and actual, so an exceeded target fills the bar and the
 * pace marker still sits where expected-to-date is.
 */
export function barPositions(actual: number, target: number, expectedToDate: number): { fill: number; pace: number } {
    const scale = Math.max(target, actual, expectedToDate, Number.EPSILON);
    const clamp = (v: number) => Math.min(100, Math.max(0, v));
    return { fill: clamp((Math.max(actual, 0) / scale) * 100), pace: clamp((Math.max(expectedToDate, 0) / scale) * 100) };
}

export function toItem(record: AttainmentRecord, groupBy: "rep" | "expectation", strings: Localizer): AttainmentItem {
    const status = describeStatus(record.status, strings);
    const actual = formatInUnit(record.actual, record.metric, strings);
    const target = formatInUnit(record.target, record.metric, strings);
    const expected = formatInUnit(record.expectedToDate, record.metric, strings);
    const positions = barPositions(record.actual, record.target, record.expectedToDate);
    return {
        id: record.id,
        entityName: record.entityName,
        title: (groupBy === "rep" ? record.expectationName : record.expectationName) || strings.text("Unnamed"),
        subtitle: groupBy === "rep" ? record.periodLabel : record.repName,
        period: record.periodLabel,
        progressText: fill(strings.text("Progress_Text"), { actual, target }),
        progressLabel: fill(strings.text("Progress_Aria"), { actual, target, expected }),
        paceLabel: fill(strings.text("Pace_Marker"), { expected }),
        fillPercent: positions.fill,
        pacePercent: positions.pace,
        statusText: status.text,
        statusKey: status.key,
        tone: status.tone,
        streakText: record.streak >= 2 ? fill(strings.text("Streak_Badge"), { count: strings.integer(record.streak) }) : null,
        percentOfTarget: record.target > 0 ? (record.actual / record.target) * 100 : 0,
    };
}

/** Rows grouped by rep (team view) or by expectation (my scorecard), groups and rows in the order they arrived. */
export function buildGroups(records: AttainmentRecord[], groupBy: "rep" | "expectation", strings: Localizer): AttainmentGroup[] {
    const groups = new Map<string, AttainmentGroup>();
    for (const record of records) {
        const heading = (groupBy === "rep" ? record.repName : record.expectationName) || strings.text("Unnamed");
        let group = groups.get(heading);
        if (!group) {
            group = { key: heading, heading, countText: "", items: [] };
            groups.set(heading, group);
        }

        const item = toItem(record, groupBy, strings);
        if (groupBy === "expectation") {
            item.title = record.periodLabel || item.title;
            item.subtitle = record.repName;
        }

        group.items.push(item);
    }

    for (const group of groups.values()) {
        group.countText = fill(strings.text("Group_Count"), { count: strings.integer(group.items.length) });
    }

    return [...groups.values()];
}

/** Replaces {name} placeholders; unknown ones are left visible so a missing value is noticed, not hidden. */
export function fill(template: string, values: Record<string, string>): string {
    return template.replace(/\{(\w+)\}/g, (match: string, name: string) => (name in values ? values[name] : match));
}
