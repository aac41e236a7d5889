import { accessSync, constants, statSync } from "node:fs";
import { delimiter, join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { chromium } from "playwright-core";

/**
 * An HTML report opened in a real, headless Chromium (Debian's, from
 * scripts/chromium.sh install; playwright-core drives it and downloads no
 * browser of its own), with what went wrong while it loaded. Shared by the
 * report tests (test/report/browser.ts) and scripts/report-screenshot.ts.
 *
 * The executable: $CHROMIUM_PATH if set (`CHROMIUM_PATH=none` means "treat
 * Chromium as absent", to try the tests' skip path on a machine that has it),
 * else the first of chromium, chromium-browser, google-chrome on PATH.
 */
export function chromiumPath(): string | null {
  const forced = process.env.CHROMIUM_PATH;
  // a set but wrong CHROMIUM_PATH is absent, not a reason to fall back to PATH
  // silently: whoever set it meant that browser
  if (forced !== undefined && forced !== "")
    return forced !== "none" && runnable(forced) ? forced : null;
  for (const name of ["chromium", "chromium-browser", "google-chrome"])
    for (const dir of (process.env.PATH ?? "").split(delimiter).filter(Boolean)) {
      const file = join(dir, name);
      if (runnable(file)) return file;
    }
  return null;
}

function runnable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return statSync(file).isFile();
  } catch {
    return false;
  }
}

export interface PageCheck {
  /** console messages of type "error", and uncaught page errors */
  consoleErrors: string[];
  /** requests that failed, and every request to a network URL (blocked: the report must be offline) */
  failedRequests: string[];
  /** elements matching a CSS selector */
  count(selector: string): Promise<number>;
  /** an attribute of every match ("" where a match lacks it) */
  attribute(selector: string, name: string): Promise<string[]>;
  /** the text content of every match (e.g. a table column, to check its order) */
  text(selector: string): Promise<string[]>;
  /**
   * Runs a function (or an expression) in the page. The tsconfig has no DOM
   * lib, so a function reaches the page's globals through a local cast, e.g.
   * `(globalThis as unknown as { document: { title: string } }).document.title`.
   */
  evaluate<T>(fn: (() => T) | string): Promise<T>;
  click(selector: string): Promise<void>;
  /** a PNG of the viewport, or of the whole page with fullPage */
  screenshot(path: string, fullPage?: boolean): Promise<void>;
  close(): Promise<void>;
}

// inline content (data: URIs, blobs a script made) never leaves the page
const OFFLINE = /^(file|data|blob|about):/;

/** Opens an HTML file in its own headless Chromium and waits for `load`; close() ends the browser. */
export async function openPage(
  htmlFile: string,
  viewport: { width: number; height: number } = { width: 1280, height: 900 },
): Promise<PageCheck> {
  const executablePath = chromiumPath();
  if (executablePath === null)
    throw new Error("Chromium is missing: run scripts/chromium.sh install (or set CHROMIUM_PATH)");
  // --no-sandbox: the tests run as root in containers, where Chromium's sandbox cannot start
  const browser = await chromium.launch({ executablePath, headless: true, args: ["--no-sandbox"] });
  try {
    const page = await browser.newPage({ viewport });
    // a missing selector fails a test well within jest's timeout, not after playwright's 30 s
    page.setDefaultTimeout(10_000);
    const consoleErrors: string[] = [];
    const failedRequests: string[] = [];
    page.on("console", (message) => {
      if (message.type() === "error") consoleErrors.push(message.text());
    });
    page.on("pageerror", (error) => consoleErrors.push(`uncaught: ${error.message}`));
    page.on("requestfailed", (request) => {
      // blocked requests were recorded by the route below; this adds missing local files
      if (OFFLINE.test(request.url()))
        failedRequests.push(`${request.url()}: ${request.failure()?.errorText ?? "failed"}`);
    });
    await page.route("**/*", async (route) => {
      const url = route.request().url();
      if (OFFLINE.test(url)) return route.continue();
      failedRequests.push(`${url}: blocked (not offline)`);
      return route.abort("blockedbyclient");
    });
    await page.goto(pathToFileURL(resolve(htmlFile)).href, { waitUntil: "load" });
    // one round trip, so console messages sent during load have arrived
    await page.evaluate(() => 0);
    return {
      consoleErrors,
      failedRequests,
      count: (selector) => page.locator(selector).count(),
      attribute: (selector, name) =>
        page.$$eval(
          selector,
          (elements, name) => elements.map((e) => e.getAttribute(name) ?? ""),
          name,
        ),
      text: (selector) =>
        page.$$eval(selector, (elements) => elements.map((e) => e.textContent ?? "")),
      evaluate: <T>(fn: (() => T) | string) => page.evaluate(fn) as Promise<T>,
      click: (selector) => page.click(selector),
      screenshot: async (path, fullPage = false) => {
        await page.screenshot({ path, fullPage, type: "png" });
      },
      close: () => browser.close(),
    };
  } catch (error) {
    await browser.close();
    throw error;
  }
}
