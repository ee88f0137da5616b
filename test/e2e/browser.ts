import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, afterEach, before } from 'node:test';
import AxeBuilder from '@axe-core/playwright';
import { type Browser, chromium, type Page } from 'playwright-core';
import { startServerProcess } from '../server-process.js';

/** Debian's Chromium, the browser people use: the benches time page loads in it. */
export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const headlessShell = '/usr/bin/chromium-headless-shell';
/**
 * The browser tests drive Debian's headless shell of the same Chromium build when it is installed
 * (apt-get install chromium-headless-shell; Playwright's own choice for headless runs): the same
 * engine without the full browser's machinery, which took a fifth of the tests' time (3 files: 95 s
 * with the full browser, 75 s with the shell, same 24 tests passed).
 */
export const testChromiumPath =
  process.env.CHROMIUM_PATH ?? (existsSync(headlessShell) ? headlessShell : chromiumPath);
export const resultsDir = join(process.cwd(), 'test-results');

/**
 * A new data folder: a copy of the seeded folder test/e2e/run.ts made once (migrated, demo seeded),
 * or empty when a file runs on its own (the server then migrates and seeds it, ~8 s of CPU).
 */
export function e2eDataDir(prefix: string): string {
  const dataDir = mkdtempSync(join(tmpdir(), prefix));
  const template = process.env.SETTLE_E2E_TEMPLATE;
  if (template) cpSync(template, dataDir, { recursive: true });
  return dataDir;
}

/** The real server (npm start's entry point) on a fresh embedded database of its own. */
export async function startServer(
  env: Record<string, string> = {},
): Promise<{ url: string; stop: () => Promise<void> }> {
  const dataDir = e2eDataDir('settle-e2e-');
  const server = await startServerProcess({ dataDir, env });
  return {
    url: server.url,
    stop: async () => {
      await server.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * A picture of every step a person would see (test-results/), to look at what was built; CI sets
 * SETTLE_E2E_SCREENSHOTS=failures and gets pictures only of the pages open when a test fails (a
 * full-page PNG per step was a large part of the browser tests' time).
 */
export const picturesOfEveryStep = process.env.SETTLE_E2E_SCREENSHOTS !== 'failures';
const browsers = new Set<Browser>();

afterEach(async (test) => {
  // Node sets `passed` on the context before afterEach runs; @types/node does not declare it yet.
  if ((test as { passed?: boolean }).passed !== false) return;
  const dir = join(resultsDir, 'failures');
  mkdirSync(dir, { recursive: true });
  const name = test.name.replace(/[^\p{L}\p{N}]+/gu, '-').slice(0, 80);
  let index = 0;
  for (const browser of browsers)
    for (const context of browser.contexts())
      for (const page of context.pages()) {
        const path = join(dir, `${name}-${++index}.png`);
        await page.screenshot({ path, fullPage: true }).catch(() => undefined);
        console.log(`# the page when "${test.name}" failed: ${path}`);
      }
});

/** Chromium for a test (the headless shell when installed), or the full browser a bench asks for. */
export async function launchBrowser(executablePath = testChromiumPath): Promise<Browser> {
  const browser = await chromium.launch({
    executablePath,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
  browsers.add(browser);
  browser.on('disconnected', () => browsers.delete(browser));
  return browser;
}

/** Saves test-results/<scenario>/<nn>-<step>.png, one per step a person would see. */
export function stepShooter(page: Page, scenario: string) {
  if (!picturesOfEveryStep) return async (_name: string) => {};
  const dir = join(resultsDir, scenario);
  mkdirSync(dir, { recursive: true });
  let step = 0;
  return async (name: string) => {
    step++;
    await page.screenshot({
      path: join(dir, `${String(step).padStart(2, '0')}-${name}.png`),
      fullPage: true,
    });
  };
}

/**
 * What every browser test file sets up: the real server on a fresh embedded database and one
 * Chromium, both stopped after the file. Read them as suite.server and suite.browser inside tests.
 */
export function setupBrowserSuite(env: Record<string, string> = {}): {
  readonly server: Awaited<ReturnType<typeof startServer>>;
  readonly browser: Browser;
} {
  const suite = {} as { server: Awaited<ReturnType<typeof startServer>>; browser: Browser };
  before(async () => {
    suite.server = await startServer(env);
    suite.browser = await launchBrowser();
  });
  after(async () => {
    await suite.browser?.close();
    await suite.server?.stop();
  });
  return suite;
}

/** Collects what a person would never want on a page: script errors, and anything the CSP blocked. */
export function watchPageErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error' && /Content Security Policy/i.test(message.text()))
      errors.push(message.text());
  });
  return errors;
}

const requestsUnderWay = new WeakMap<Page, { open: Set<unknown>; lastStartMs: number }>();

/** Counts the page's requests under way, for quietNetwork: call it right after newPage. */
export function watchNetwork(page: Page): void {
  const state = { open: new Set<unknown>(), lastStartMs: 0 };
  requestsUnderWay.set(page, state);
  page.on('request', (request) => {
    state.open.add(request);
    state.lastStartMs = performance.now();
  });
  page.on('requestfinished', (request) => state.open.delete(request));
  page.on('requestfailed', (request) => state.open.delete(request));
}

/**
 * Waits until no request is under way and none has started for 200 ms: what Playwright's
 * 'networkidle' waits for, without its fixed 500 ms of silence after every page (about 40 s of the
 * page tour, which looks at ~90 pages). A page's follow-up query starts within a frame of the data
 * it follows, well inside 200 ms.
 */
export async function quietNetwork(page: Page): Promise<void> {
  const state = requestsUnderWay.get(page);
  if (!state) throw new Error('quietNetwork needs watchNetwork(page) right after newPage');
  await page.waitForLoadState('load');
  for (;;) {
    const sinceStartMs = performance.now() - state.lastStartMs;
    if (state.open.size === 0 && sinceStartMs >= 200) return;
    await new Promise((resolve) => setTimeout(resolve, state.open.size === 0 ? 200 - sinceStartMs : 25));
  }
}

/** Serious and critical axe findings, each as "rule: target" so a failure says where to look. */
export async function axeProblems(page: Page, include?: string): Promise<string[]> {
  // Every rule runs; only the violations' details are gathered (the passes' were 3/4 of each answer).
  let builder = new AxeBuilder({ page }).options({ resultTypes: ['violations'] });
  if (include) builder = builder.include(include);
  const { violations } = await builder.analyze();
  return violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .flatMap((violation) =>
      violation.nodes
        // Fluent's focus manager (tabster) puts focusable, aria-hidden sentinels around focus traps on
        // purpose: focus landing there is sent on at once, and screen readers must not announce them.
        // Microsoft's Accessibility Insights drops this finding for them (accessibility-insights-web #7605).
        .filter((node) => !(violation.id === 'aria-hidden-focus' && node.html.includes('data-tabster-dummy')))
        .map((node) => `${violation.id}: ${node.target.join(' ')}`),
    );
}

/** A drawer slides in: judge (and picture) it once it is in place, not half-transparent on its way. */
export async function settled(page: Page): Promise<void> {
  // A spinner's animation never ends: only the ones that do (a drawer sliding, a dialog fading) are awaited.
  await page.waitForFunction(() =>
    document
      .getAnimations()
      .every(
        (animation) =>
          animation.playState !== 'running' ||
          animation.effect?.getTiming().iterations === Number.POSITIVE_INFINITY,
      ),
  );
}

/**
 * What a dialog or drawer cuts off at its sides, or makes scroll sideways: a drawer clips what
 * overflows it, so the page's own width says nothing about a form that runs out of it. A named box
 * that scrolls sideways on purpose (a table's own scroll region) is left out.
 */
export function clippedInDialogs(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const clipped: string[] = [];
    for (const dialog of document.querySelectorAll('[role=dialog], [role=alertdialog]')) {
      const edge = dialog.getBoundingClientRect();
      for (const element of dialog.querySelectorAll('*')) {
        const box = element.getBoundingClientRect();
        if (box.width === 0 || (box.left >= edge.left - 0.5 && box.right <= edge.right + 0.5)) continue;
        if (element.parentElement?.closest('section[aria-label][tabindex="0"]')) continue;
        clipped.push(`${element.tagName.toLowerCase()} "${(element.textContent ?? '').trim().slice(0, 40)}"`);
      }
    }
    return clipped;
  });
}
