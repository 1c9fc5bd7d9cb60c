import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { type Browser, type Page, chromium } from 'playwright-core';
import { PNG } from 'pngjs';
import { DISTRICT_FILL } from '../../client/map/district-layers';
import { OFFLINE_BACKGROUND } from '../../client/map/offline-style';
import { CELL_ALPHA } from '../../client/map/palettes';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const artifactsDir = resolve(import.meta.dirname, '../artifacts');

/**
 * Whether browser tests can run here. Without Chromium they are skipped with the reason printed,
 * except in CI (CI=true), where a missing browser is a failure.
 */
export function browserAvailability(): { available: true } | { available: false; reason: string } {
  if (existsSync(CHROMIUM_PATH)) return { available: true };
  const reason = `no Chromium at ${CHROMIUM_PATH} (install Debian's chromium package, or set CHROMIUM_PATH)`;
  if (process.env.CI === 'true') throw new Error(`CI=true and browser tests cannot run: ${reason}`);
  console.warn(`Browser tests skipped: ${reason}`);
  return { available: false, reason };
}

/**
 * Headless Debian Chromium with WebGL2 on SwiftShader (flags measured, see docs/stack-notes.md).
 * --disable-gpu-compositing: the page is composited on the CPU while WebGL still runs on
 * SwiftShader. With GPU compositing, SwiftShader also composited every frame, and after a map was
 * drawn its next frames took 1.5–5.5 s each on this 2-core machine (0.1–0.2 s without), which every
 * click, screenshot and wait after a drawing paid. The map canvas's pixels are identical; only the
 * anti-aliased edges of rounded CSS corners differ, by a few levels.
 */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [
      '--no-sandbox',
      '--use-angle=swiftshader',
      '--enable-unsafe-swiftshader',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
      '--disable-gpu-compositing',
    ],
  });
}

export interface Rgb {
  r: number;
  g: number;
  b: number;
}

/** Counts the pixels of a PNG within `tolerance` (per channel) of a colour. */
export function countPixels(png: Buffer, colour: Rgb, tolerance = 24): number {
  const image = PNG.sync.read(png);
  let count = 0;
  for (let i = 0; i < image.data.length; i += 4) {
    if (
      Math.abs(image.data[i]! - colour.r) <= tolerance &&
      Math.abs(image.data[i + 1]! - colour.g) <= tolerance &&
      Math.abs(image.data[i + 2]! - colour.b) <= tolerance
    ) {
      count++;
    }
  }
  return count;
}

/** Keeps a screenshot for review under tests/artifacts (ignored by git). */
export function saveArtifact(name: string, png: Buffer): string {
  mkdirSync(artifactsDir, { recursive: true });
  const path = join(artifactsDir, name);
  writeFileSync(path, png);
  return path;
}

/** The colour of one pixel of a PNG (x, y in image pixels). */
export function pixelAt(png: Buffer, x: number, y: number): Rgb {
  const image = PNG.sync.read(png);
  const i = (Math.round(y) * image.width + Math.round(x)) * 4;
  return { r: image.data[i]!, g: image.data[i + 1]!, b: image.data[i + 2]! };
}

/** `top` drawn with opacity `alpha` (0–1) over `bottom`, as the GPU blends it. */
export function blend(top: readonly number[], alpha: number, bottom: readonly number[]): Rgb {
  const mix = (i: number) => Math.round(top[i]! * alpha + bottom[i]! * (1 - alpha));
  return { r: mix(0), g: mix(1), b: mix(2) };
}

export function colourDistance(a: Rgb, b: Rgb): number {
  return Math.max(Math.abs(a.r - b.r), Math.abs(a.g - b.g), Math.abs(a.b - b.b));
}

/**
 * An analysis cell's colour as the map draws it with no basemap: at CELL_ALPHA over the offline
 * background, under the faint fill of its district (boundaries stay on top of the cells).
 */
export function drawnCellColour(rgb: readonly number[], alpha = CELL_ALPHA): Rgb {
  const cell = blend(rgb, alpha / 255, OFFLINE_BACKGROUND);
  const [r, g, b, a] = DISTRICT_FILL;
  return blend([r, g, b], a / 255, [cell.r, cell.g, cell.b]);
}

/** Page-pixel position of a lon/lat on the map (through the app's test hook). */
export function projectOnPage(page: Page, lon: number, lat: number): Promise<{ x: number; y: number }> {
  return page.evaluate(([lo, la]) => {
    const p = (window as unknown as { hotspotAtlas: { project: (a: number, b: number) => { x: number; y: number } } }).hotspotAtlas.project(lo!, la!);
    const box = document.getElementById('map')!.getBoundingClientRect();
    return { x: p.x + box.left, y: p.y + box.top };
  }, [lon, lat]);
}
