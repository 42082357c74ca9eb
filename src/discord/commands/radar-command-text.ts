// The sentences /radar and /buyer answer with (the lines themselves are in radar/radar-text.ts and
// radar/buyer-text.ts). Whatever a person typed reaches these already shortened; replies mention no one.

/**
 * "Contracts ending within 18 months, soonest first (page 1 of 3, 12 in all), for Advocacy in North West:"
 */
export function radarHeading(
  page: number,
  pages: number,
  total: number,
  months: number,
  scope: { area: string | null; region: string | null },
): string {
  const area = scope.area ? ` for ${scope.area}` : '';
  const region = scope.region ? ` in ${scope.region}` : '';
  return (
    `Contracts ending within ${months} months${area}${region}, soonest first (page ${page} of ${pages}, ` +
    `${total} in all). Each may be bought again soon: now is the time to talk to the buyer.`
  );
}

export function noUpcoming(months: number, scope: { area: string | null; region: string | null }): string {
  const area = scope.area ? ` for ${scope.area}` : ' in the service areas';
  const region = scope.region ? ` in ${scope.region}` : '';
  return (
    `No stored contract${area}${region} ends within ${months} months. The radar only knows the contracts ` +
    `in ` +
    'the notices stored so far; a backfill (npm run backfill) fills in the history.'
  );
}

export const notMonths = 'months must be a whole number from 1 to 60.';

export const buyerNotFound = (typed: string) =>
  `No stored notice names a buyer called "${typed}". Start typing and choose a buyer from the list.`;

export const buyerPageGone = 'That buyer is no longer stored, so the button does nothing.';

/** After the summary, when the contracts run over pages. */
export const buyerMore = (pages: number) => `More contracts: use Next page (${pages} pages).`;

export const noAreaContracts = 'No contract of this buyer in the service areas is stored yet.';
