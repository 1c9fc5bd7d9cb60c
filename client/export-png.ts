import type { LegendSection } from './panels/legend-model';
import { cssColour } from './map/palettes';

export interface ExportInput {
  mapCanvas: HTMLCanvasElement;
  title: string;
  sections: LegendSection[];
  attribution: string;
  /** e.g. the synthetic-data warning; printed in the footer. */
  note?: string;
}

function wrap(ctx: CanvasRenderingContext2D, text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/)) {
    const candidate = line ? `${line} ${word}` : word;
    if (ctx.measureText(candidate).width > width && line) {
      lines.push(line);
      line = word;
    } else line = candidate;
  }
  if (line) lines.push(line);
  return lines;
}

/** A legend item's swatch, `size` wide, its left edge at x and centred on y, as the HTML legend draws it. */
function drawSwatch(ctx: CanvasRenderingContext2D, item: LegendSection['items'][number], x: number, y: number, size: number, scale: number): void {
  const outline = () => {
    ctx.strokeStyle = cssColour(item.colour);
    ctx.lineWidth = 2 * scale;
    ctx.strokeRect(x, y - size / 2, size, size);
  };
  if (item.swatch === 'line') return outline();
  ctx.fillStyle = cssColour(item.colour, item.alpha);
  if (item.swatch === 'dot') {
    ctx.beginPath();
    ctx.arc(x + size / 2, y, size / 2, 0, 2 * Math.PI);
    ctx.fill();
  } else ctx.fillRect(x, y - size / 2, size, size);
  if (item.swatch === 'zone') outline();
}

/**
 * The map as a briefing-pack image: the WebGL canvas (kept by preserveDrawingBuffer) with the
 * legend drawn over its top-left corner and the title, attribution and notes in a footer.
 */
export function composeExport({ mapCanvas, title, sections, attribution, note }: ExportInput): HTMLCanvasElement {
  const scale = mapCanvas.width / Math.max(1, mapCanvas.clientWidth || mapCanvas.width);
  const out = document.createElement('canvas');
  const measure = out.getContext('2d')!;
  const font = (size: number, weight = 400) => `${weight} ${size * scale}px system-ui, sans-serif`;
  const pad = 10 * scale;
  measure.font = font(12);
  const footerLines = [...wrap(measure, attribution, mapCanvas.width - 2 * pad), ...(note ? wrap(measure, note, mapCanvas.width - 2 * pad) : [])];
  const footer = pad * 2 + footerLines.length * 16 * scale + 22 * scale;
  out.width = mapCanvas.width;
  out.height = mapCanvas.height + footer;
  const ctx = out.getContext('2d')!;
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, out.width, out.height);
  ctx.drawImage(mapCanvas, 0, 0);

  // Legend box over the map's top-left corner, sized to its content.
  const boxWidth = 300 * scale;
  const lineH = 16 * scale;
  const rows: Array<{ kind: 'title' | 'caption' | 'item'; text: string; item?: LegendSection['items'][number] }> = [];
  ctx.font = font(11);
  for (const s of sections) {
    rows.push({ kind: 'title', text: s.title });
    for (const line of wrap(ctx, s.caption, boxWidth - 2 * pad)) rows.push({ kind: 'caption', text: line });
    for (const item of s.items) rows.push({ kind: 'item', text: item.label, item });
  }
  if (rows.length) {
    const boxHeight = pad * 2 + rows.length * lineH;
    ctx.fillStyle = 'rgb(255 255 255 / 0.92)';
    ctx.fillRect(pad, pad, boxWidth, boxHeight);
    ctx.strokeStyle = '#8a96a3';
    ctx.lineWidth = scale;
    ctx.strokeRect(pad, pad, boxWidth, boxHeight);
    let y = pad * 2;
    for (const row of rows) {
      ctx.textBaseline = 'middle';
      const mid = y + lineH / 2;
      if (row.kind === 'title') {
        ctx.font = font(12, 700);
        ctx.fillStyle = '#1b1f24';
        ctx.fillText(row.text, pad * 2, mid);
      } else if (row.kind === 'caption') {
        ctx.font = font(11);
        ctx.fillStyle = '#4a5561';
        ctx.fillText(row.text, pad * 2, mid);
      } else {
        const sw = 12 * scale;
        drawSwatch(ctx, row.item!, pad * 2, mid, sw, scale);
        ctx.font = font(12);
        ctx.fillStyle = '#1b1f24';
        ctx.fillText(row.text, pad * 2 + sw + 8 * scale, mid);
      }
      y += lineH;
    }
  }

  let y = mapCanvas.height + pad;
  ctx.textBaseline = 'top';
  ctx.fillStyle = '#1b1f24';
  ctx.font = font(14, 700);
  ctx.fillText(title, pad, y);
  y += 22 * scale;
  ctx.font = font(12);
  ctx.fillStyle = '#4a5561';
  for (const line of footerLines) {
    ctx.fillText(line, pad, y);
    y += 16 * scale;
  }
  return out;
}

/** Saves a canvas as a PNG download. */
export async function downloadCanvas(canvas: HTMLCanvasElement, fileName: string): Promise<void> {
  const blob = await new Promise<Blob>((resolve, reject) => canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('the image could not be encoded'))), 'image/png'));
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
