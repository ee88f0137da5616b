// Time to interactive of a page in Debian's Chromium, cold (a new browser context each load).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromiumPath, launchBrowser } from '../test/e2e/browser.js';

export interface PageLoad {
  /** The first subscription row in the DOM, from navigation start. */
  firstRowMs: number;
  /** The later of that and the end of the last long task (>50 ms) on the main thread. */
  interactiveMs: number;
}

declare global {
  interface Window {
    settleLongTaskEnds?: number[];
  }
}

export async function measurePageLoads(options: {
  origin: string;
  path: string;
  cookie: { name: string; value: string };
  readySelector: string;
  runs: number;
  /** Chromium's CPU throttling: 4 stands for a laptop four times slower than this machine. */
  cpuSlowdown?: number;
}): Promise<PageLoad[]> {
  // The full browser people use, not the tests' headless shell: load times as a person meets them.
  const browser = await launchBrowser(chromiumPath);
  const loads: PageLoad[] = [];
  try {
    for (let run = 0; run < options.runs; run++) {
      const context = await browser.newContext({ locale: 'en-US' });
      await context.addCookies([{ ...options.cookie, url: options.origin }]);
      const page = await context.newPage();
      if (options.cpuSlowdown) {
        const cdp = await context.newCDPSession(page);
        await cdp.send('Emulation.setCPUThrottlingRate', { rate: options.cpuSlowdown });
      }
      await page.addInitScript(() => {
        window.settleLongTaskEnds = [];
        new PerformanceObserver((list) => {
          for (const entry of list.getEntries())
            window.settleLongTaskEnds?.push(entry.startTime + entry.duration);
        }).observe({ type: 'longtask', buffered: true });
      });
      await page.goto(`${options.origin}${options.path}`);
      const handle = await page.waitForFunction(
        (selector) => (document.querySelector(selector) ? performance.now() : 0),
        options.readySelector,
        { polling: 'raf', timeout: 30_000 },
      );
      const firstRowMs = (await handle.jsonValue()) as number;
      // Long tasks that start after the first row still keep a click from being answered.
      await page.waitForTimeout(1000);
      const lastLongTask = await page.evaluate(() => Math.max(0, ...(window.settleLongTaskEnds ?? [])));
      loads.push({ firstRowMs, interactiveMs: Math.max(firstRowMs, lastLongTask) });
      await context.close();
    }
  } finally {
    await browser.close();
  }
  return loads;
}

/** The JavaScript the first page loads (the entry and what it preloads), gzip-compressed. */
export function firstPageJsGzipBytes(distDir: string): {
  files: number;
  rawBytes: number;
  gzipBytes: number;
} {
  const html = readFileSync(join(distDir, 'index.html'), 'utf8');
  const scripts = [...html.matchAll(/(?:src|href)="(\/assets\/[^"]+\.js)"/g)].map(
    (match) => match[1] as string,
  );
  let rawBytes = 0;
  let gzipBytes = 0;
  for (const script of new Set(scripts)) {
    const content = readFileSync(join(distDir, script));
    rawBytes += content.length;
    gzipBytes += gzipSync(content, { level: 9 }).length;
  }
  return { files: new Set(scripts).size, rawBytes, gzipBytes };
}
