import { AttainmentScorecard } from "../index";
import { mockHost, record } from "./mockContext";

function mount(host: ReturnType<typeof mockHost>) {
    const container = document.createElement("div");
    document.body.replaceChildren(container);
    const control = new AttainmentScorecard();
    control.init(host.context, () => undefined, {}, container);
    control.updateView(host.context);
    return { container, control };
}

describe("AttainmentScorecard control", () => {
    test("renders one progress bar per attainment with its status text", () => {
        const host = mockHost([record({ id: "a" }), record({ id: "b", repName: "Ben Rep", status: 472100001 })]);

        const { container } = mount(host);

        const bars = container.querySelectorAll("[role=progressbar]");
        expect(bars).toHaveLength(2);
        expect(bars[0].getAttribute("aria-valuetext")).toBe("35 min of 90 min; expected by now 45 min");
        expect([...container.querySelectorAll(".cra-scorecard__status")].map(s => s.textContent)).toEqual(["A little behind: a focused block catches you up", "On track"]);
        expect((container.querySelector(".cra-scorecard__pace") as HTMLElement).style.left).toBe("50%");
    });

    test("opens the record on click and on Enter", () => {
        const host = mockHost([record({ id: "a" }), record({ id: "b" })]);
        const { container } = mount(host);
        const rows = container.querySelectorAll<HTMLElement>(".cra-scorecard__item");

        rows[0].click();
        rows[1].dispatchEvent(new KeyboardEvent("keydown", { key: "Enter", bubbles: true }));

        expect(host.opened).toEqual(["a", "b"]);
    });

    test("arrow keys move the single tab stop between rows", () => {
        const { container } = mount(mockHost([record({ id: "a" }), record({ id: "b" }), record({ id: "c" })]));
        const rows = container.querySelectorAll<HTMLElement>(".cra-scorecard__item");

        rows[0].focus();
        rows[0].dispatchEvent(new KeyboardEvent("keydown", { key: "ArrowDown", bubbles: true }));

        expect(document.activeElement).toBe(rows[1]);
        expect([...rows].map(r => r.tabIndex)).toEqual([-1, 0, -1]);
    });

    test("shows an empty state when the view has no attainments", () => {
        const { container } = mount(mockHost([]));

        expect(container.querySelector("[role=status]")?.textContent).toContain("No attainments in this view yet");
    });

    test("shows the dataset's error instead of rows", () => {
        const { container } = mount(mockHost([record()], { error: "You do not have permission to read attainments." }));

        expect(container.querySelector("[role=alert]")?.textContent).toContain("You do not have permission to read attainments.");
        expect(container.querySelectorAll("[role=progressbar]")).toHaveLength(0);
    });

    test("offers the next page when the dataset has one", () => {
        const host = mockHost([record()], { hasNextPage: true });
        const { container } = mount(host);

        (container.querySelector(".cra-scorecard__more") as HTMLButtonElement).click();

        expect(host.loadedNextPage).toBe(1);
    });

    test("sorting by name asks the host to sort on the rep column and refresh", () => {
        const host = mockHost([record()]);
        const { container } = mount(host);
        const select = container.querySelector("select") as HTMLSelectElement;

        select.value = "name";
        select.dispatchEvent(new Event("change"));

        expect(host.sorting).toEqual([{ name: "cra_repid", sortDirection: 0 }]);
        expect(host.refreshed).toBe(1);
    });

    test("narrow containers get the compact layout", () => {
        const { container } = mount(mockHost([record()], { width: 320 }));

        expect(container.firstElementChild?.className).toContain("cra-scorecard--compact");
    });

    test("record text is never interpreted as markup", () => {
        const { container } = mount(mockHost([record({ repName: "<img src=x onerror=alert(1)>" })]));

        expect(container.querySelector("img")).toBeNull();
        expect(container.textContent).toContain("<img src=x onerror=alert(1)>");
    });
});
