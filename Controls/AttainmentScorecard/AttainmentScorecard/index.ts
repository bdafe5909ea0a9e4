/*
 * Thin lifecycle adapter between the PCF host and the scorecard: reads the dataset into plain records, hands
 * sorting, paging and navigation back to the host, and re-renders on every update. Nothing here touches the
 * host's DOM outside the container it is given.
 */
import { IInputs, IOutputs } from "./generated/ManifestTypes";
import { AttainmentRecord, buildGroups, Localizer, AttainmentStatus } from "./viewModel";
import { render, ScorecardState } from "./render";
import { applyTheme } from "./theme";

type DataSet = ComponentFramework.PropertyTypes.DataSet;

const statusOrder: number[] = [
    AttainmentStatus.OffPace,
    AttainmentStatus.NeedsAttention,
    AttainmentStatus.NotStarted,
    AttainmentStatus.OnTrack,
    AttainmentStatus.Met,
    AttainmentStatus.Exceeded,
    AttainmentStatus.Missed,
];

export class AttainmentScorecard implements ComponentFramework.StandardControl<IInputs, IOutputs> {
    private container!: HTMLDivElement;
    private sortBy: ScorecardState["sortBy"] = "percent";

    public init(context: ComponentFramework.Context<IInputs>, _notifyOutputChanged: () => void, _state: ComponentFramework.Dictionary, container: HTMLDivElement): void {
        this.container = document.createElement("div");
        container.appendChild(this.container);
        context.mode.trackContainerResize(true);
        context.parameters.attainments.paging.setPageSize(50);
    }

    public updateView(context: ComponentFramework.Context<IInputs>): void {
        const dataset = context.parameters.attainments;
        const groupBy = context.parameters.groupBy.raw === "expectation" ? "expectation" : "rep";
        const strings = createLocalizer(context);
        const records = readRecords(dataset);
        const state: ScorecardState = {
            groups: buildGroups(this.sortBy === "status" ? sortByStatus(records) : records, groupBy, strings),
            loading: dataset.loading,
            error: dataset.error ? dataset.errorMessage || strings.text("Error_Title") : null,
            hasMore: dataset.paging.hasNextPage,
            compact: context.mode.allocatedWidth > 0 && context.mode.allocatedWidth < 480,
            sortBy: this.sortBy,
        };
        applyTheme(this.container, context.fluentDesignLanguage?.tokenTheme as Record<string, unknown> | undefined);
        render(this.container, state, key => strings.text(key), {
            open: (id, entityName) => dataset.openDatasetItem({ id: { guid: id }, etn: entityName, name: "" } as unknown as ComponentFramework.EntityReference),
            loadMore: () => dataset.paging.loadNextPage(),
            sort: by => this.sort(dataset, by),
        });
    }

    public getOutputs(): IOutputs {
        return {};
    }

    public destroy(): void {
        this.container.replaceChildren();
    }

    private sort(dataset: DataSet, by: ScorecardState["sortBy"]): void {
        this.sortBy = by;
        // Server-side sort so paging stays consistent; status order is applied to the loaded rows.
        const column = by === "name" ? aliasOf(dataset, "rep") : by === "percent" ? aliasOf(dataset, "actual") : null;
        while (dataset.sorting.length > 0) {
            dataset.sorting.pop();
        }

        if (column) {
            dataset.sorting.push({ name: column, sortDirection: by === "percent" ? 1 : 0 });
        }

        dataset.refresh();
    }
}

function aliasOf(dataset: DataSet, propertySet: string): string | null {
    return dataset.columns.find(c => c.alias === propertySet)?.name ?? null;
}

function readRecords(dataset: DataSet): AttainmentRecord[] {
    const number = (record: ComponentFramework.PropertyHelper.DataSetApi.EntityRecord, alias: string) => {
        const value = record.getValue(alias);
        return typeof value === "number" ? value : value === null || value === undefined || value === "" ? 0 : Number(value);
    };
    const option = (record: ComponentFramework.PropertyHelper.DataSetApi.EntityRecord, alias: string) => {
        const value = record.getValue(alias);
        return value === null || value === undefined || value === "" ? null : Number(value);
    };
    return dataset.sortedRecordIds.map(id => {
        const record = dataset.records[id];
        return {
            id: record.getRecordId(),
            entityName: record.getNamedReference()?.etn ?? dataset.getTargetEntityType(),
            repName: record.getFormattedValue("rep") ?? "",
            expectationName: record.getFormattedValue("expectation") ?? "",
            metric: option(record, "metric"),
            actual: number(record, "actual"),
            target: number(record, "target"),
            expectedToDate: number(record, "expectedtodate"),
            status: option(record, "status"),
            streak: number(record, "streak"),
            periodLabel: record.getFormattedValue("periodlabel") ?? "",
        };
    });
}

function sortByStatus(records: AttainmentRecord[]): AttainmentRecord[] {
    const rank = (status: number | null) => (status === null ? statusOrder.length : statusOrder.indexOf(status));
    return [...records].sort((a, b) => rank(a.status) - rank(b.status));
}

/** Strings from the control's resx files in the user's language; numbers in the user's formats. */
function createLocalizer(context: ComponentFramework.Context<IInputs>): Localizer {
    const formatting = context.formatting;
    const symbol = context.parameters.currencySymbol.raw || context.userSettings.numberFormattingInfo.currencySymbol;
    return {
        text: key => context.resources.getString(key),
        decimal: value => formatting.formatDecimal(value, 1),
        integer: value => formatting.formatInteger(value),
        currency: value => formatting.formatCurrency(value, 0, symbol),
    };
}
