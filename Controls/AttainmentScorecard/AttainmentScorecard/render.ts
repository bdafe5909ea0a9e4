/*
 * Renders the view model into plain DOM inside the host's container. Text goes through textContent only, so no
 * record value is ever interpreted as markup. Keyboard: Tab reaches the list, arrow keys move between rows,
 * Enter or Space opens a row.
 */
import { AttainmentGroup } from "./viewModel";

export interface ScorecardState {
    groups: AttainmentGroup[];
    loading: boolean;
    error: string | null;
    hasMore: boolean;
    compact: boolean;
    sortBy: "percent" | "status" | "name";
}

export interface ScorecardHandlers {
    open(id: string, entityName: string): void;
    loadMore(): void;
    sort(by: "percent" | "status" | "name"): void;
}

export function render(root: HTMLElement, state: ScorecardState, text: (key: string) => string, handlers: ScorecardHandlers): void {
    const focusedId = (root.ownerDocument.activeElement as HTMLElement | null)?.dataset?.recordId;
    root.replaceChildren();
    root.className = "cra-scorecard" + (state.compact ? " cra-scorecard--compact" : "");

    if (state.error) {
        const alert = element("div", "cra-scorecard__message cra-scorecard__message--error");
        alert.setAttribute("role", "alert");
        alert.append(element("strong", "", text("Error_Title")), element("p", "", state.error));
        root.append(alert);
        return;
    }

    const toolbar = element("div", "cra-scorecard__toolbar");
    const label = element("label", "cra-scorecard__sort-label", text("Sort_Label")) as HTMLLabelElement;
    const select = element("select", "cra-scorecard__sort") as HTMLSelectElement;
    select.id = "cra-scorecard-sort-" + Math.abs(hash(root.id || "root"));
    label.htmlFor = select.id;
    for (const [value, key] of [["percent", "Sort_Percent"], ["status", "Sort_Status"], ["name", "Sort_Name"]] as const) {
        const option = element("option", "", text(key)) as HTMLOptionElement;
        option.value = value;
        option.selected = state.sortBy === value;
        select.append(option);
    }

    select.addEventListener("change", () => handlers.sort(select.value as ScorecardState["sortBy"]));
    toolbar.append(label, select);
    root.append(toolbar);

    if (state.groups.length === 0) {
        const empty = element("div", "cra-scorecard__message");
        empty.setAttribute("role", "status");
        empty.append(element("strong", "", state.loading ? text("Loading") : text("Empty_Title")));
        if (!state.loading) {
            empty.append(element("p", "", text("Empty_Body")));
        }

        root.append(empty);
        return;
    }

    const list = element("div", "cra-scorecard__groups");
    list.setAttribute("role", "list");
    list.setAttribute("aria-label", text("Scorecard_Label"));
    const rows: HTMLElement[] = [];
    for (const group of state.groups) {
        const section = element("section", "cra-scorecard__group");
        section.setAttribute("role", "listitem");
        const heading = element("h3", "cra-scorecard__group-heading", group.heading);
        heading.append(element("span", "cra-scorecard__group-count", " · " + group.countText));
        section.append(heading);
        const items = element("ul", "cra-scorecard__items");
        items.setAttribute("aria-label", group.heading);
        for (const item of group.items) {
            const row = element("li", "cra-scorecard__item cra-tone-" + item.tone);
            row.tabIndex = -1;
            row.dataset.recordId = item.id;
            row.setAttribute("aria-label", [item.title, item.subtitle, item.progressLabel, item.statusText, item.streakText].filter(Boolean).join(". "));
            const header = element("div", "cra-scorecard__item-header");
            header.append(element("span", "cra-scorecard__title", item.title), element("span", "cra-scorecard__subtitle", item.subtitle));
            if (item.streakText) {
                header.append(element("span", "cra-scorecard__streak", "★ " + item.streakText));
            }

            const bar = element("div", "cra-scorecard__bar");
            bar.setAttribute("role", "progressbar");
            bar.setAttribute("aria-label", item.title);
            bar.setAttribute("aria-valuemin", "0");
            bar.setAttribute("aria-valuemax", "100");
            bar.setAttribute("aria-valuenow", String(Math.round(item.percentOfTarget)));
            bar.setAttribute("aria-valuetext", item.progressLabel);
            const fillElement = element("div", "cra-scorecard__fill");
            fillElement.style.width = item.fillPercent.toFixed(1) + "%";
            const marker = element("div", "cra-scorecard__pace");
            marker.style.left = item.pacePercent.toFixed(1) + "%";
            marker.title = item.paceLabel;
            bar.append(fillElement, marker);

            const footer = element("div", "cra-scorecard__item-footer");
            footer.append(element("span", "cra-scorecard__progress", item.progressText), element("span", "cra-scorecard__status", item.statusText));
            row.append(header, bar, footer);
            row.addEventListener("click", () => handlers.open(item.id, item.entityName));
            row.addEventListener("keydown", (event: KeyboardEvent) => onKey(event, rows, row, () => handlers.open(item.id, item.entityName)));
            rows.push(row);
            items.append(row);
        }

        section.append(items);
        list.append(section);
    }

    // Roving tab stop: one row is reachable with Tab, arrows move between rows.
    const focusTarget = rows.find(r => r.dataset.recordId === focusedId) ?? rows[0];
    focusTarget.tabIndex = 0;
    root.append(list);
    if (focusedId && focusTarget.dataset.recordId === focusedId) {
        focusTarget.focus();
    }

    if (state.hasMore) {
        const more = element("button", "cra-scorecard__more", text("Load_More")) as HTMLButtonElement;
        more.type = "button";
        more.addEventListener("click", () => handlers.loadMore());
        root.append(more);
    }
}

function onKey(event: KeyboardEvent, rows: HTMLElement[], row: HTMLElement, open: () => void): void {
    const index = rows.indexOf(row);
    const move = (to: number) => {
        const next = rows[Math.min(rows.length - 1, Math.max(0, to))];
        row.tabIndex = -1;
        next.tabIndex = 0;
        next.focus();
        event.preventDefault();
    };
    switch (event.key) {
        case "ArrowDown":
            move(index + 1);
            break;
        case "ArrowUp":
            move(index - 1);
            break;
        case "Home":
            move(0);
            break;
        case "End":
            move(rows.length - 1);
            break;
        case "Enter":
        case " ":
            event.preventDefault();
            open();
            break;
    }
}

function element(tag: string, className: string, text?: string): HTMLElement {
    const node = document.createElement(tag);
    if (className) {
        node.className = className;
    }

    if (text !== undefined) {
        node.textContent = text;
    }

    return node;
}

function hash(value: string): number {
    let h = 0;
    for (let i = 0; i < value.length; i++) {
        h = (h * 31 + value.charCodeAt(i)) | 0;
    }

    return h;
}
