import { applyTheme, themeVariables } from "../theme";

describe("host theme", () => {
    test("maps Fluent v9 tokens the host provides to the scorecard's CSS variables", () => {
        const variables = themeVariables({ colorNeutralForeground1: "#111111", colorPaletteGreenForeground1: "#0b6a0b", fontSizeBase300: "14px" });

        expect(variables).toEqual({ "--cra-text": "#111111", "--cra-good": "#0b6a0b" });
    });

    test("without a host theme nothing is overridden and the stylesheet defaults apply", () => {
        const element = document.createElement("div");

        applyTheme(element, undefined);

        expect(element.getAttribute("style")).toBeNull();
    });

    test("applies the variables to the scorecard's root element", () => {
        const element = document.createElement("div");

        applyTheme(element, { colorNeutralBackground1: "#1f1f1f" });

        expect(element.style.getPropertyValue("--cra-surface")).toBe("#1f1f1f");
    });
});
