/**
 * WCAG 2.2 colour contrast, for map symbols against the basemap (success criterion 1.4.11,
 * non-text contrast: 3:1). Formulas from WCAG 2.2's definitions of "relative luminance" and
 * "contrast ratio" (https://www.w3.org/TR/WCAG22/#dfn-relative-luminance): sRGB channels
 * linearised, L = 0.2126 R + 0.7152 G + 0.0722 B, ratio (L1 + 0.05) / (L2 + 0.05), lighter over
 * darker. Pure, no imports: palettes.ts builds its outline colours with it.
 *
 * @example
 * contrastRatio([255, 255, 255], [0, 0, 0]); // 21
 * contrastRatio([118, 118, 118], [255, 255, 255]); // 4.54
 */
export type Rgb = [number, number, number];

/** An sRGB channel (0–255) in linear light (0–1). */
export function linearChannel(c: number): number {
  const s = c / 255;
  return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
}

/** A linear-light channel (0–1) back to sRGB (0–255, rounded). */
export function srgbChannel(l: number): number {
  const s = l <= 0.0031308 ? 12.92 * l : 1.055 * l ** (1 / 2.4) - 0.055;
  return Math.round(Math.min(1, Math.max(0, s)) * 255);
}

export function relativeLuminance([r, g, b]: Rgb): number {
  return 0.2126 * linearChannel(r) + 0.7152 * linearChannel(g) + 0.0722 * linearChannel(b);
}

export function contrastRatio(a: Rgb, b: Rgb): number {
  const [la, lb] = [relativeLuminance(a), relativeLuminance(b)];
  return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05);
}

/** `colour` at opacity `alpha` (0–255) over an opaque `background`, blended as browsers and WebGL do (in sRGB). */
export function over(colour: Rgb, alpha: number, background: Rgb): Rgb {
  const a = alpha / 255;
  return colour.map((c, i) => Math.round(c * a + background[i]! * (1 - a))) as Rgb;
}

/**
 * The same hue darkened to relative luminance `target` (unchanged when already that dark).
 * Luminance is linear in the linear-light channels, so scaling them all by target / L darkens
 * without shifting the hue.
 */
export function darkenedTo(colour: Rgb, target: number): Rgb {
  const l = relativeLuminance(colour);
  if (l <= target) return colour;
  const k = target / l;
  const out = colour.map((c) => srgbChannel(linearChannel(c) * k)) as Rgb;
  // Rounding to whole sRGB values may land a hair above target; step down until it does not.
  while (relativeLuminance(out) > target) for (let i = 0; i < 3; i++) out[i] = Math.max(0, out[i]! - 1);
  return out;
}
