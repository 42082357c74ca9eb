/** ITL1 regions; FTS publishes ITL/NUTS codes (UKI33, TLI3), Contracts Finder the English names. */
export const ITL1_REGIONS = {
  UKC: 'North East',
  UKD: 'North West',
  UKE: 'Yorkshire and the Humber',
  UKF: 'East Midlands',
  UKG: 'West Midlands',
  UKH: 'East of England',
  UKI: 'London',
  UKJ: 'South East',
  UKK: 'South West',
  UKL: 'Wales',
  UKM: 'Scotland',
  UKN: 'Northern Ireland',
} as const;

export const NATIONWIDE = 'United Kingdom';
const NAMES = new Map<string, string>(Object.values(ITL1_REGIONS).map((name) => [name.toLowerCase(), name]));
NAMES.set('yorkshire and humber', 'Yorkshire and the Humber');
NAMES.set('eastern', 'East of England');
NAMES.set('uk', NATIONWIDE);
NAMES.set('united kingdom', NATIONWIDE);

/** Turns an ITL/NUTS code or a region name into an ITL1 region name; null when it names no UK region. */
export function toRegionName(value: string | null | undefined): string | null {
  if (!value) return null;
  const text = value.trim();
  const code = text.toUpperCase();
  if (code === 'UK' || code === 'GB') return NATIONWIDE;
  const match = /^(UK|TL)([C-N])/.exec(code);
  if (match) return ITL1_REGIONS[`UK${match[2]}` as keyof typeof ITL1_REGIONS] ?? null;
  return NAMES.get(text.toLowerCase()) ?? null;
}

/**
 * The ITL1 letters of the three nations with their own procurement rules; every other UK region is England.
 */
export const NATION_OF_REGION: Record<string, 'Wales' | 'Scotland' | 'Northern Ireland'> = {
  L: 'Wales',
  M: 'Scotland',
  N: 'Northern Ireland',
};
