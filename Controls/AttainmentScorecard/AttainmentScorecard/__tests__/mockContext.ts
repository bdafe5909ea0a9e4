/* A PCF context for tests: a dataset built from plain rows, English strings from the control's own resx file. */
import * as fs from "fs";
import * as path from "path";
import { AttainmentRecord } from "../viewModel";

export function englishStrings(): Record<string, string> {
    const resx = fs.readFileSync(path.join(__dirname, "..", "strings", "AttainmentScorecard.1033.resx"), "utf8");
    const strings: Record<string, string> = {};
    for (const match of resx.matchAll(/<data name="([^"]+)"[^>]*><value>([^<]*)<\/value><\/data>/g)) {
        strings[match[1]] = match[2].replace(/&amp;/g, "&");
    }

    return strings;
}

export const englishLocalizer = () => {
    const strings = englishStrings();
    return {
        text: (key: string) => strings[key] ?? key,
        decimal: (value: number) => value.toLocaleString("en-US", { maximumFractionDigits: 1 }),
        integer: (value: number) => value.toLocaleString("en-US", { maximumFractionDigits: 0 }),
        currency: (value: number) => "$" + value.toLocaleString("en-US", { maximumFractionDigits: 0 }),
    };
};

export function record(overrides: Partial<AttainmentRecord> = {}): AttainmentRecord {
    return {
        id: "00000000-0000-0000-0000-000000000001",
        entityName: "cra_attainment",
        repName: "Ana Rep",
        expectationName: "Prospecting minutes",
        metric: 472100001,
        actual: 35,
        target: 90,
        expectedToDate: 45,
        status: 472100002,
        streak: 0,
        periodLabel: "2026-11-25",
        ...overrides,
    };
}

export interface MockHost {
    context: ComponentFramework.Context<any>;
    opened: string[];
    loadedNextPage: number;
    refreshed: number;
    sorting: ComponentFramework.PropertyHelper.DataSetApi.SortStatus[];
}

/** A context whose dataset serves <paramref name="rows"/>; columns are keyed by property-set alias. */
export function mockHost(rows: AttainmentRecord[], options: { groupBy?: string; hasNextPage?: boolean; error?: string; width?: number } = {}): MockHost {
    const strings = englishStrings();
    const host: MockHost = { context: undefined as never, opened: [], loadedNextPage: 0, refreshed: 0, sorting: [] };
    const records: Record<string, unknown> = {};
    for (const row of rows) {
        const values: Record<string, unknown> = {
            rep: row.repName, expectation: row.expectationName, metric: row.metric, actual: row.actual, target: row.target,
            expectedtodate: row.expectedToDate, status: row.status, streak: row.streak, periodlabel: row.periodLabel,
        };
        records[row.id] = {
            getRecordId: () => row.id,
            getNamedReference: () => ({ id: { guid: row.id }, etn: row.entityName, name: row.expectationName }),
            getValue: (alias: string) => values[alias],
            getFormattedValue: (alias: string) => (values[alias] === null || values[alias] === undefined ? null : String(values[alias])),
        };
    }

    const dataset = {
        loading: false,
        error: options.error !== undefined,
        errorMessage: options.error ?? "",
        sortedRecordIds: rows.map(r => r.id),
        records,
        columns: [
            { name: "cra_repid", alias: "rep" },
            { name: "cra_actual", alias: "actual" },
        ],
        sorting: host.sorting,
        paging: { hasNextPage: options.hasNextPage ?? false, loadNextPage: () => host.loadedNextPage++, setPageSize: () => undefined, totalResultCount: rows.length },
        openDatasetItem: (reference: { id: { guid: string } }) => host.opened.push(reference.id.guid),
        refresh: () => host.refreshed++,
        getTargetEntityType: () => "cra_attainment",
    };
    host.context = {
        parameters: { attainments: dataset, groupBy: { raw: options.groupBy ?? "rep" }, currencySymbol: { raw: null } },
        mode: { trackContainerResize: () => undefined, allocatedWidth: options.width ?? 800, allocatedHeight: 600 },
        resources: { getString: (key: string) => strings[key] ?? key },
        formatting: {
            formatDecimal: (value: number) => value.toLocaleString("en-US", { maximumFractionDigits: 1 }),
            formatInteger: (value: number) => value.toLocaleString("en-US"),
            formatCurrency: (value: number, _precision: number, symbol: string) => symbol + value.toLocaleString("en-US", { maximumFractionDigits: 0 }),
        },
        userSettings: { numberFormattingInfo: { currencySymbol: "$" }, languageId: 1033 },
    } as unknown as ComponentFramework.Context<any>;
    return host;
}
