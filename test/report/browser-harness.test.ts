import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseScreenshotArgs, reportScreenshot } from "../../scripts/report-screenshot";
import { browserAvailable, openPage, type PageCheck } from "./browser";

// The harness the report tests rely on must itself catch what it claims to:
// errors, network requests, elements; each page here is a small hand-written file.

jest.setTimeout(30_000); // a Chromium launch takes a second or two, more on a loaded machine

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "autorac-browser-"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Writes `body` as a page, opens it, runs `check`, and closes the browser whatever happens. */
async function withPage(name: string, body: string, check: (page: PageCheck) => Promise<void>) {
  const file = join(dir, `${name}.html`);
  writeFileSync(
    file,
    `<!doctype html><html><head><title>${name}</title></head><body>${body}</body></html>`,
  );
  const page = await openPage(file, { width: 400, height: 300 });
  try {
    await check(page);
  } finally {
    await page.close();
  }
}

test("a clean page gives no errors and no requests", async () => {
  if (!browserAvailable("a clean page")) return;
  await withPage("clean", "<p>hello</p><script>document.title = 'done';</script>", async (page) => {
    expect(page.consoleErrors).toEqual([]);
    expect(page.failedRequests).toEqual([]);
    expect(await page.evaluate("document.title")).toBe("done");
  });
});

test("console.error is caught", async () => {
  if (!browserAvailable("console.error")) return;
  await withPage("console-error", `<script>console.error("x");</script>`, async (page) => {
    expect(page.consoleErrors).toEqual(["x"]);
  });
});

test("an uncaught throw is caught", async () => {
  if (!browserAvailable("uncaught throw")) return;
  await withPage("throw", `<script>throw new Error("boom");</script>`, async (page) => {
    expect(page.consoleErrors).toHaveLength(1);
    expect(page.consoleErrors[0]).toContain("boom");
  });
});

test("a request to the network is blocked and recorded; inline data is not", async () => {
  if (!browserAvailable("network request")) return;
  const dataPng =
    "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==";
  await withPage(
    "network",
    `<img src="http://example.com/a.png"><img src="${dataPng}">`,
    async (page) => {
      expect(page.failedRequests).toHaveLength(1);
      expect(page.failedRequests[0]).toContain("http://example.com/a.png");
    },
  );
});

test("a missing local file is a failed request", async () => {
  if (!browserAvailable("missing local file")) return;
  await withPage("missing", `<img src="no-such-file.png">`, async (page) => {
    expect(page.failedRequests).toHaveLength(1);
    expect(page.failedRequests[0]).toContain("no-such-file.png");
  });
});

test("count and attribute see the elements of an inline SVG", async () => {
  if (!browserAvailable("svg rects")) return;
  const svg = `<svg width="60" height="20">${[0, 1, 2]
    .map((i) => `<rect x="${i * 20}" y="0" width="10" height="${10 + i}" fill="#369"/>`)
    .join("")}</svg>`;
  await withPage("svg", svg, async (page) => {
    expect(await page.count("svg rect")).toBe(3);
    expect(await page.count("svg circle")).toBe(0);
    expect(await page.attribute("svg rect", "height")).toEqual(["10", "11", "12"]);
  });
});

test("click runs the page's script, and text and evaluate read the result", async () => {
  if (!browserAvailable("click")) return;
  const table = `<table><thead><tr><th id="sort">n</th></tr></thead>
    <tbody><tr><td>2</td></tr><tr><td>10</td></tr><tr><td>1</td></tr></tbody></table>
    <script>
      document.getElementById("sort").addEventListener("click", () => {
        const body = document.querySelector("tbody");
        [...body.rows].sort((a, b) => +a.textContent - +b.textContent).forEach((r) => body.append(r));
      });
    </script>`;
  await withPage("click", table, async (page) => {
    expect(await page.text("tbody td")).toEqual(["2", "10", "1"]);
    await page.click("#sort");
    expect(await page.text("tbody td")).toEqual(["1", "2", "10"]);
    const rows = await page.evaluate(
      () =>
        (
          globalThis as unknown as { document: { querySelectorAll(s: string): { length: number } } }
        ).document.querySelectorAll("tbody tr").length,
    );
    expect(rows).toBe(3);
    expect(page.consoleErrors).toEqual([]);
  });
});

test("screenshot writes a PNG", async () => {
  if (!browserAvailable("screenshot")) return;
  await withPage("shot", `<h1 style="color:#369">report</h1>`, async (page) => {
    const top = join(dir, "top.png");
    const full = join(dir, "full.png");
    await page.screenshot(top);
    await page.screenshot(full, true);
    for (const file of [top, full])
      expect([...readFileSync(file).subarray(0, 4)]).toEqual([0x89, 0x50, 0x4e, 0x47]);
  });
});

test("report-screenshot's arguments", () => {
  expect(parseScreenshotArgs(["in.html", "out.png"])).toEqual({
    input: "in.html",
    output: "out.png",
    width: 1280,
    height: 900,
  });
  expect(parseScreenshotArgs(["--width", "800", "in.html", "out.png", "--height", "600"])).toEqual({
    input: "in.html",
    output: "out.png",
    width: 800,
    height: 600,
  });
  expect(() => parseScreenshotArgs(["in.html"])).toThrow(/usage/);
  expect(() => parseScreenshotArgs(["in.html", "out.png", "--width", "wide"])).toThrow(/--width/);
  expect(() => parseScreenshotArgs(["in.html", "out.png", "--zoom", "2"])).toThrow(/--zoom/);
});

test("report-screenshot writes the top of a clean report and refuses a broken one", async () => {
  if (!browserAvailable("report-screenshot")) return;
  const clean = join(dir, "report.html");
  writeFileSync(clean, `<!doctype html><body style="height:3000px"><h1>report</h1></body>`);
  const out = join(dir, "report.png");
  await reportScreenshot({ input: clean, output: out, width: 320, height: 200 });
  const png = readFileSync(out);
  expect([...png.subarray(0, 4)]).toEqual([0x89, 0x50, 0x4e, 0x47]);
  // the IHDR chunk's width and height: the viewport, not the 3000-pixel page
  expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([320, 200]);

  const broken = join(dir, "broken.html");
  writeFileSync(broken, `<!doctype html><script>console.error("bad")</script>`);
  await expect(
    reportScreenshot({ input: broken, output: join(dir, "broken.png"), width: 320, height: 200 }),
  ).rejects.toThrow(/bad/);
});
