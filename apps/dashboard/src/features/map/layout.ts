/**
 * Where the map's markers and labels go on screen, in pixels (Leaflet layer points). Pure: no React, no DOM, no
 * Leaflet, so it is unit-tested alone.
 *
 * - Markers are tap targets of at least 44 × 44 CSS px (WCAG 2.2 SC 2.5.5 "Target Size", Apple HIG): markers closer
 *   than that are pushed apart ({@link separate}) and, when moved, joined to their true place by a leader line.
 * - Labels never overlap a marker or another label ({@link placeLabels}): each tries a few places around its
 *   anchor in a fixed order and is left out when none is free (the name is still in the marker's popup).
 */

export interface Point {
  readonly x: number;
  readonly y: number;
}

/** An axis-aligned box in pixels; `x`, `y` the top-left corner. */
export interface Box {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

/** The smallest tap target, CSS px (WCAG 2.2 SC 2.5.5). */
export const MIN_TAP_PX = 44;

/** True when the two boxes share an area (touching edges do not overlap). */
export function boxesOverlap(a: Box, b: Box): boolean {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

/** The square box of side `size` px centred on `p`. */
export function boxAround(p: Point, size: number): Box {
  return { x: p.x - size / 2, y: p.y - size / 2, width: size, height: size };
}

/**
 * Moves points apart until no two are closer than `minDistance` px (or `iterations` run out, at most 200): each
 * overlapping pair is pushed apart along the line joining them, half each; identical points split horizontally.
 * Deterministic; the input is not changed.
 */
export function separate(points: readonly Point[], minDistance: number, iterations = 80): Point[] {
  const out = points.map((p) => ({ x: p.x, y: p.y }));
  const rounds = Math.min(Math.max(0, Math.floor(iterations)), 200);
  for (let k = 0; k < rounds; k += 1) {
    let moved = false;
    for (let i = 0; i < out.length; i += 1) {
      for (let j = i + 1; j < out.length; j += 1) {
        const a = out[i];
        const b = out[j];
        let dx = b.x - a.x;
        let dy = b.y - a.y;
        let d = Math.hypot(dx, dy);
        if (d >= minDistance) continue;
        if (d === 0) {
          dx = 1;
          dy = 0;
          d = 1;
        }
        const push = (minDistance - d) / 2 + 0.01;
        a.x -= (dx / d) * push;
        a.y -= (dy / d) * push;
        b.x += (dx / d) * push;
        b.y += (dy / d) * push;
        moved = true;
      }
    }
    if (!moved) break;
  }
  return out;
}

export interface LabelRequest {
  readonly id: string;
  /** The box of what the label names (e.g. its marker); the label goes beside it. */
  readonly anchor: Box;
  /** Label size in px (measured by the caller). */
  readonly width: number;
  readonly height: number;
}

export interface PlacedLabel {
  readonly id: string;
  /** Where the label goes, or null when every candidate place was taken. */
  readonly box: Box | null;
}

/**
 * Greedy label placement, in the order given (put the most important first): for each label the candidates are
 * below, above, right and left of its anchor (centred, `gap` px away), then below and above flush with either edge,
 * then all of these one and two label heights further; the first one
 * that lies inside `within` (the visible map, when given), overlaps no obstacle (markers) and no label already
 * placed wins. Every placed label overlaps nothing.
 */
export function placeLabels(requests: readonly LabelRequest[], obstacles: readonly Box[], gap = 2, within?: Box): PlacedLabel[] {
  const taken: Box[] = [...obstacles];
  return requests.map((r) => {
    const { anchor: a, width: w, height: h } = r;
    const cx = a.x + a.width / 2 - w / 2;
    const cy = a.y + a.height / 2 - h / 2;
    const candidates: Box[] = [];
    for (const step of [gap, gap + h + 2, gap + 2 * (h + 2)]) {
      candidates.push(
        { x: cx, y: a.y + a.height + step, width: w, height: h },
        { x: cx, y: a.y - h - step, width: w, height: h },
        { x: a.x + a.width + step, y: cy, width: w, height: h },
        { x: a.x - w - step, y: cy, width: w, height: h },
        // the corners: below/above, flush with the anchor's left or right edge
        { x: a.x, y: a.y + a.height + step, width: w, height: h },
        { x: a.x + a.width - w, y: a.y + a.height + step, width: w, height: h },
        { x: a.x, y: a.y - h - step, width: w, height: h },
        { x: a.x + a.width - w, y: a.y - h - step, width: w, height: h },
      );
    }
    const inside = (c: Box) =>
      !within || (c.x >= within.x && c.y >= within.y && c.x + c.width <= within.x + within.width && c.y + c.height <= within.y + within.height);
    const box = candidates.find((c) => inside(c) && !taken.some((t) => boxesOverlap(c, t))) ?? null;
    if (box) taken.push(box);
    return { id: r.id, box };
  });
}
