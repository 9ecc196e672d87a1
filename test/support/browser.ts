/**
 * A real browser for the end-to-end walks: Debian's Chromium driven by playwright-core (no browser
 * download; `.ci/run` installs the package). Each walk records a screenshot after every step; the
 * screenshots are kept under test-output/ (git-ignored) only when the walk fails, so a failure
 * shows what the page looked like.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const OUTPUT = resolve(__dirname, '../../test-output');

/** Flags for a headless Chromium as root on a machine without network beyond loopback. */
const FLAGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'];

function requireChromium(): void {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(`No Chromium at ${CHROMIUM_PATH}: install Debian's package (apt-get install -y chromium; .ci/run does) or set CHROMIUM_PATH.`);
  }
}

export async function launchBrowser(): Promise<Browser> {
  requireChromium();
  return chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: FLAGS });
}

/** A browser with an unpacked extension loaded (Chromium's headless mode runs extensions). */
export async function launchWithExtension(extensionDir: string): Promise<{ context: BrowserContext; close(): Promise<void> }> {
  requireChromium();
  const profile = mkdtempSync(join(tmpdir(), 'bsg-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [...FLAGS, `--disable-extensions-except=${extensionDir}`, `--load-extension=${extensionDir}`],
  });
  return {
    context,
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** Screenshots after each step of a walk, kept under test-output/<walk>/ only if the walk fails. */
export class StepRecorder {
  private readonly dir: string;
  private count = 0;

  constructor(walk: string) {
    this.dir = join(OUTPUT, walk.replace(/[^\w.-]+/g, '-'));
    rmSync(this.dir, { recursive: true, force: true });
    mkdirSync(this.dir, { recursive: true });
  }

  async step<T>(page: Page, label: string, action: () => Promise<T>): Promise<T> {
    try {
      return await action();
    } finally {
      this.count++;
      await page.screenshot({ path: join(this.dir, `${String(this.count).padStart(2, '0')}-${label.replace(/[^\w.-]+/g, '-')}.png`), fullPage: true }).catch(() => undefined);
    }
  }

  /** Removes the screenshots of a walk that passed; a failed walk's stay for whoever looks into it. */
  finish(passed: boolean): string | null {
    if (passed) {
      rmSync(this.dir, { recursive: true, force: true });
      return null;
    }
    return this.dir;
  }
}
