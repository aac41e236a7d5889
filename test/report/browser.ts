import { chromiumPath } from "../../scripts/browser-page";

/**
 * The report tests' real browser: headless Chromium through playwright-core
 * (the code is scripts/browser-page.ts, shared with scripts/report-screenshot.ts).
 * Where Chromium is absent the tests skip, saying so, unless CI is set: then
 * they fail. `CHROMIUM_PATH=none` treats Chromium as absent, to try that path
 * on a machine that has it.
 */
export { chromiumPath, openPage, type PageCheck } from "../../scripts/browser-page";

const inCi = !["", "0", "false", undefined].includes(process.env.CI);

/** Whether a browser test can run: false (and why, printed) where Chromium is absent; throws in CI. */
export function browserAvailable(testName: string): boolean {
  if (chromiumPath() !== null) return true;
  const forced = process.env.CHROMIUM_PATH;
  const why =
    forced === "none"
      ? "CHROMIUM_PATH=none treats it as absent"
      : forced !== undefined && forced !== ""
        ? `CHROMIUM_PATH=${forced} is not an executable`
        : "no chromium, chromium-browser or google-chrome on PATH";
  const message = `${testName}: Chromium is missing (${why}); install it with scripts/chromium.sh install`;
  if (inCi) throw new Error(message);
  console.warn(`skipped: ${message}`);
  return false;
}
