import * as fs from "fs";
import * as path from "path";

function keys(language: number): string[] {
    const resx = fs.readFileSync(path.join(__dirname, "..", "strings", `AttainmentScorecard.${language}.resx`), "utf8");
    return [...resx.matchAll(/<data name="([^"]+)"/g)].map(m => m[1]).sort();
}

describe("localised strings", () => {
    test("German carries every string English does, and no others", () => {
        expect(keys(1031)).toEqual(keys(1033));
    });

    test("every key the code and manifest use exists in English", () => {
        const source = ["index.ts", "render.ts", "viewModel.ts", "ControlManifest.Input.xml"].map(f => fs.readFileSync(path.join(__dirname, "..", f), "utf8")).join("\n");
        const used = new Set([...source.matchAll(/"((?:Status|Progress|Pace|Streak|Unit|Empty|Error|Load|Loading|Sort|Group|Scorecard|Unnamed|Column|Property|GroupBy|Dataset|Control)_?[A-Za-z_]*)"/g)].map(m => m[1]).filter(k => k.includes("_") || k === "Loading" || k === "Unnamed"));
        const english = new Set(keys(1033));
        expect(used.size).toBeGreaterThan(30);
        expect([...used].filter(k => !english.has(k))).toEqual([]);
    });
});
