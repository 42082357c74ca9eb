import { toCpv } from './cpv.js';
import type { OcdsClassification, OcdsItem, OcdsRelease } from './ocds-release.js';
import { NATIONWIDE, toRegionName } from './regions.js';

// CPV codes and places of delivery, read from OCDS items (a tender's, or an award's).

/** Drops the supplementary CPVS scheme ("85000000-AA01 Metal"); accepts CPV and an absent scheme. */
function isCpvScheme(scheme: string | undefined): boolean {
  return scheme === undefined || scheme.toUpperCase() === 'CPV';
}

function codesOf(classifications: (OcdsClassification | undefined)[]): string[] {
  const codes = classifications.flatMap((c) => (c && isCpvScheme(c.scheme) ? [toCpv(c.id)] : []));
  return [...new Set(codes.filter((c): c is string => c !== null))];
}

/** The CPV codes of items, from their classification and additional classifications. */
export function itemCpv(items: OcdsItem[]): string[] {
  return codesOf(items.flatMap((item) => [item.classification, ...(item.additionalClassifications ?? [])]));
}

/** The tender's CPV codes: its own classification, additional classifications and items. */
export function collectCpv(release: OcdsRelease): string[] {
  const tender = release.tender;
  const own = codesOf([tender?.classification, ...(tender?.additionalClassifications ?? [])]);
  return [...new Set([...own, ...itemCpv(tender?.items ?? [])])];
}

/** CPV codes per lot, from items that name their lot. */
export function lotCpvs(items: OcdsItem[]): Map<string, string[]> {
  const byLot = new Map<string, string[]>();
  for (const item of items) {
    if (!item.relatedLot) continue;
    byLot.set(item.relatedLot, [...new Set([...(byLot.get(item.relatedLot) ?? []), ...itemCpv([item])])]);
  }
  return byLot;
}

/** The English regions (or the whole UK) where the items are delivered. */
export function deliveryRegions(items: OcdsItem[]): string[] {
  const names = items.flatMap((item) =>
    (item.deliveryAddresses ?? []).map((a) => {
      const name = toRegionName(a.region);
      if (name) return name;
      return a.countryName === 'United Kingdom' && !a.region ? NATIONWIDE : null;
    }),
  );
  return [...new Set(names.filter((n): n is string => n !== null))];
}
