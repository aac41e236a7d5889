import { resolve } from "node:path";
import { openPage } from "./browser-page";

/**
 * The README's picture of an HTML report: the top of the page as Chromium
 * shows it (scripts/chromium.sh install), the viewport's size, not the whole page.
 *
 *   node test/run-ts.cjs scripts/report-screenshot.ts IN.html OUT.png [--width 1280] [--height 900]
 *
 * A report that logs errors or asks the network for anything is refused: the
 * picture would show a broken page.
 */
export interface ScreenshotArgs {
  input: string;
  output: string;
  width: number;
  height: number;
}

const USAGE = "usage: report-screenshot.ts IN.html OUT.png [--width 1280] [--height 900]";

export function parseScreenshotArgs(argv: string[]): ScreenshotArgs {
  const files: string[] = [];
  const size = { width: 1280, height: 900 };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === "--width" || arg === "--height") {
      const value = Number(argv[++i]);
      if (!Number.isInteger(value) || value < 1 || value > 10_000)
        throw new Error(`${arg} needs a whole number of pixels (1 to 10000)\n${USAGE}`);
      size[arg === "--width" ? "width" : "height"] = value;
    } else if (arg.startsWith("-")) throw new Error(`unknown option ${arg}\n${USAGE}`);
    else files.push(arg);
  }
  if (files.length !== 2) throw new Error(USAGE);
  return { input: files[0]!, output: files[1]!, ...size };
}

export async function reportScreenshot({ input, output, width, height }: ScreenshotArgs) {
  const page = await openPage(input, { width, height });
  try {
    const problems = [...page.consoleErrors, ...page.failedRequests];
    if (problems.length > 0)
      throw new Error(`${input} is not clean in Chromium:\n  ${problems.join("\n  ")}`);
    await page.screenshot(output, false);
  } finally {
    await page.close();
  }
}

// run as a script (test/run-ts.cjs sets argv[1] to this file), not when a test imports it
if (resolve(process.argv[1] ?? "") === __filename)
  (async () => {
    const args = parseScreenshotArgs(process.argv.slice(2));
    await reportScreenshot(args);
    console.log(`wrote ${args.output} (${args.width}x${args.height}, the top of ${args.input})`);
  })().catch((error: Error) => {
    console.error(error.message);
    process.exitCode = 1;
  });
