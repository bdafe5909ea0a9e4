// Real-browser test of the built bundle.js in Debian's Chromium, driven by playwright-core: 200 rows render,
// the keyboard works, axe reports no serious or critical violations, and a screenshot is kept as an artefact.
// Then the same for dashboard.html written by `crmacc demo` (the built CLI, on a zip packed from this build): the
// scorecard renders the demo's reps, axe is clean, and its screenshot is kept (docs/dashboard.png is a copy).
// Prints one line per test and "N passed, N failed"; exits non-zero on any failure.
import { createServer } from "node:http";
import { readFile, mkdir, writeFile } from "node:fs/promises";
import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { createRequire } from "node:module";
import { execFileSync } from "node:child_process";
import { chromium } from "playwright-core";

const here = path.dirname(fileURLToPath(import.meta.url));
const controlDir = path.join(here, "..", "out", "controls", "AttainmentScorecard");
const artifacts = path.join(here, "..", "..", "..", "artifacts", "browser");
const require = createRequire(import.meta.url);
const axePath = require.resolve("axe-core/axe.min.js");
const executablePath = process.env.CHROMIUM_PATH || "/usr/bin/chromium";

if (!existsSync(path.join(controlDir, "bundle.js"))) {
  console.error("bundle.js is missing: run `npm run build` first.");
  process.exit(2);
}

const types = { ".html": "text/html", ".js": "text/javascript", ".css": "text/css", ".resx": "application/xml" };
const server = createServer(async (request, response) => {
  const url = new URL(request.url, "http://127.0.0.1");
  const file = url.pathname === "/" ? path.join(here, "harness.html") : url.pathname.startsWith("/control/") ? path.join(controlDir, url.pathname.slice("/control/".length)) : null;
  if (!file || !file.startsWith(path.join(here, "..")) || !existsSync(file)) {
    response.writeHead(404).end();
    return;
  }
  response.writeHead(200, { "content-type": types[path.extname(file)] ?? "application/octet-stream" }).end(await readFile(file));
});
await new Promise(resolve => server.listen(0, "127.0.0.1", resolve));
const origin = `http://127.0.0.1:${server.address().port}/`;

const browser = await chromium.launch({
  executablePath,
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
const results = [];
async function test(name, body) {
  const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
  const errors = [];
  page.on("pageerror", error => errors.push(error.message));
  try {
    await page.goto(origin);
    await body(page);
    if (errors.length > 0) throw new Error("page errors: " + errors.join("; "));
    results.push({ name, ok: true });
    console.log("ok - " + name);
  } catch (error) {
    results.push({ name, ok: false, error: String(error) });
    console.log("not ok - " + name + "\n  " + String(error).split("\n").join("\n  "));
  } finally {
    await page.close();
  }
}
function assert(condition, message) {
  if (!condition) throw new Error(message);
}

try {
  await test("the built bundle registers the control and renders 200 attainments", async page => {
    const count = await page.evaluate(() => mountScorecard(200));
    assert(count === 200, "rows mounted: " + count);
    assert((await page.evaluate(() => window.registered.name)) === "CrmAccountability.AttainmentScorecard", "registered name");
    const bars = await page.locator("[role=progressbar]").count();
    assert(bars === 200, "progress bars: " + bars);
    const groups = await page.locator(".cra-scorecard__group-heading").count();
    assert(groups === 8, "rep groups: " + groups);
  });

  await test("keyboard: Tab reaches the rows, arrows move, Enter opens the record", async page => {
    await page.evaluate(() => mountScorecard(200));
    await page.keyboard.press("Tab"); // sort selector
    await page.keyboard.press("Tab"); // first row (single tab stop)
    const first = await page.evaluate(() => document.activeElement?.dataset.recordId);
    assert(first === "00000000-0000-4000-8000-000000000000", "first focus: " + first);
    await page.keyboard.press("ArrowDown");
    await page.keyboard.press("ArrowDown");
    await page.keyboard.press("Enter");
    const opened = await page.evaluate(() => window.opened);
    assert(opened.length === 1 && opened[0] !== first, "opened: " + JSON.stringify(opened));
    await page.keyboard.press("End");
    const last = await page.evaluate(() => document.activeElement?.dataset.recordId);
    assert(last !== first, "End moved focus");
  });

  await test("axe finds no serious or critical accessibility violations", async page => {
    await page.evaluate(() => mountScorecard(200));
    await page.addScriptTag({ path: axePath });
    const violations = await page.evaluate(async () => (await window.axe.run(document, { resultTypes: ["violations"] })).violations);
    const serious = violations.filter(v => v.impact === "serious" || v.impact === "critical");
    await mkdir(artifacts, { recursive: true });
    await writeFile(path.join(artifacts, "axe-violations.json"), JSON.stringify(violations, null, 2));
    assert(serious.length === 0, "serious violations: " + serious.map(v => v.id + " (" + v.nodes.length + ")").join(", "));
  });

  await test("a screenshot of the scorecard is kept as an artefact", async page => {
    await page.evaluate(() => mountScorecard(200));
    await mkdir(artifacts, { recursive: true });
    const file = path.join(artifacts, "attainment-scorecard.png");
    await page.screenshot({ path: file, fullPage: false });
    assert(existsSync(file), "screenshot written");
  });
  // dashboard.html from crmacc demo: packed from this build, a small quarter, opened from disk as a manager would.
  const repoRoot = path.join(here, "..", "..", "..");
  const crmacc = path.join(repoRoot, "tools", "Cli", "bin", "Release", "net10.0", "crmacc.dll");
  const demoFolder = path.join(artifacts, "demo");
  let demoReady = null;
  function demo() {
    if (demoReady === null) {
      if (!existsSync(crmacc)) throw new Error("crmacc.dll is missing: build the solution in Release first (" + crmacc + ")");
      const packed = path.join(artifacts, "solution");
      execFileSync("dotnet", [crmacc, "pack", "--no-build", "--output", packed], { cwd: repoRoot, stdio: "pipe" });
      execFileSync("dotnet", [crmacc, "demo", "--solution", path.join(packed, "CrmAccountability_1_0_0_0_managed.zip"), "--reps", "6", "--weeks", "5", "--seed", "3", "--output", demoFolder], { cwd: repoRoot, stdio: "pipe" });
      demoReady = true;
    }
    return "file://" + path.join(demoFolder, "dashboard.html");
  }
  async function dashboardTest(name, body) {
    await test(name, async page => {
      await page.goto(demo());
      await body(page);
    });
  }

  await dashboardTest("crmacc demo's dashboard.html renders the scorecard for every rep of the demo", async page => {
    const data = JSON.parse(await page.locator("#scorecard-data").textContent());
    const bars = await page.locator("#scorecard [role=progressbar]").count();
    assert(bars === data.rows.length && bars > 0, "progress bars " + bars + " for " + data.rows.length + " rows");
    const headings = await page.locator("#scorecard .cra-scorecard__group-heading").allTextContents();
    const users = (await readFile(path.join(demoFolder, "users.csv"), "utf8")).trim().split("\r\n").slice(1).map(l => l.split(","));
    const reps = users.filter(u => u[5] === "Accountability Rep").map(u => u[1]);
    assert(reps.length === 6, "reps in users.csv: " + reps.length);
    for (const rep of reps) assert(headings.some(h => h.startsWith(rep)), "no scorecard group for " + rep + " in " + JSON.stringify(headings));
    assert((await page.locator("svg[role=img] polyline").count()) > 0, "trend chart lines");
  });

  await dashboardTest("axe finds no serious or critical violations on dashboard.html", async page => {
    await page.addScriptTag({ path: axePath });
    const violations = await page.evaluate(async () => (await window.axe.run(document, { resultTypes: ["violations"] })).violations);
    await mkdir(artifacts, { recursive: true });
    await writeFile(path.join(artifacts, "dashboard-axe-violations.json"), JSON.stringify(violations, null, 2));
    const serious = violations.filter(v => v.impact === "serious" || v.impact === "critical");
    assert(serious.length === 0, "serious violations: " + serious.map(v => v.id + " (" + v.nodes.length + ")").join(", "));
  });

  await dashboardTest("a screenshot of dashboard.html is kept as an artefact", async page => {
    const file = path.join(artifacts, "dashboard.png");
    await page.setViewportSize({ width: 1200, height: 1400 });
    await page.screenshot({ path: file, fullPage: false });
    assert(existsSync(file), "screenshot written");
  });
} finally {
  await browser.close();
  server.close();
}

const passed = results.filter(r => r.ok).length;
const failed = results.length - passed;
await mkdir(artifacts, { recursive: true });
await writeFile(path.join(artifacts, "results.json"), JSON.stringify({ passed, failed, results }, null, 2));
console.log(`browser tests: ${passed} ok, ${failed} not ok`);
process.exit(failed === 0 ? 0 : 1);
