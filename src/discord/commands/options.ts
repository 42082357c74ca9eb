import { ITL1_REGIONS, NATIONWIDE, toRegionName } from '../../notices/regions.js';
import { notAnArea, notARegion } from './replies.js';
import { InputError } from './types.js';
import { sliceWhole } from '../../notices/text.js';

export const REGION_NAMES = [...Object.values(ITL1_REGIONS), NATIONWIDE];

/** Splits a comma-separated option ("advocacy, peer-support") into trimmed, distinct items. */
export function splitList(value: string | null): string[] {
  if (!value) return [];
  return [
    ...new Set(
      value
        .split(',')
        .map((v) => v.trim())
        .filter((v) => v.length > 0),
    ),
  ];
}

/** Area ids from what someone typed: ids or labels, any case; an unknown one is a clear error. */
export function parseAreas(value: string | null, areas: { id: string; label: string }[]): string[] {
  const wanted = splitList(value);
  const only = wanted.length === 1 ? wanted[0]?.toLowerCase() : undefined;
  if (only === 'all') return areas.map((a) => a.id);
  // "none": follow no area (a channel that follows only its server's watchlists).
  if (only === 'none') return [];
  return wanted.map((w) => areaId(w, areas));
}

/** One area id from its id or label, any case; an unknown one is a clear error. */
function areaId(typed: string, areas: { id: string; label: string }[]): string {
  const wanted = typed.trim().toLowerCase();
  const found = areas.find((a) => a.id === wanted || a.label.toLowerCase() === wanted);
  if (!found)
    throw new InputError(
      notAnArea(
        short(typed),
        areas.map((a) => a.id),
      ),
    );
  return found.id;
}

/** An optional single area (`/recent`, `/radar`, `/report-missed`): null when none was typed. */
export function parseArea(typed: string | null, areas: { id: string; label: string }[]): string | null {
  return typed ? areaId(typed, areas) : null;
}

/** Region names from names or ITL codes (UKE, TLI3…); an unknown one is a clear error. */
export function parseRegions(value: string | null): string[] {
  return splitList(value).map((w) => {
    const name = toRegionName(w);
    if (!name) throw new InputError(notARegion(short(w)));
    return name;
  });
}

/** Discord's limit on an autocomplete choice's name and value. */
const CHOICE_MAX = 100;

/**
 * Offers up to 25 completions for the last item of a comma list, keeping what was already typed. A
 * completion longer than a choice may be (100 characters) is not offered: cut, it would submit a broken
 * list; the person types the rest, which the option accepts.
 */
export function completeList(typed: string, choices: string[]): { name: string; value: string }[] {
  const parts = typed.split(',');
  const last = (parts.pop() ?? '').trim().toLowerCase();
  const done = parts.map((p) => p.trim()).filter((p) => p.length > 0);
  const prefix = done.length > 0 ? `${done.join(', ')}, ` : '';
  return choices
    .filter((c) => !done.includes(c) && c.toLowerCase().includes(last))
    .map((c) => `${prefix}${c}`.replace(/\s+/g, ' '))
    .filter((value) => value.length <= CHOICE_MAX)
    .slice(0, 25)
    .map((value) => ({ name: value, value }));
}

/** Shortens text quoted back to a person so a 5,000-character input never floods the reply. */
export function short(text: string, max = 60): string {
  const flat = text.replace(/\s+/g, ' ');
  return flat.length <= max ? flat : `${sliceWhole(flat, max - 1)}…`;
}

export { formatPounds as pounds } from '../../notices/money.js';
