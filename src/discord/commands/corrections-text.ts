// The sentences of /report-missed, /watchlist suggestions and /watchlist accept, as raw text: the one message
// builder (discord/messages.ts) escapes them, and what a person typed arrives already shortened (options.ts).

export const SUGGESTION_DAYS = 180;

export const notStoredForReport = (reference: string) =>
  `Tender Nudge has not stored "${reference}", so it cannot learn from it yet. Check the link or id (a ` +
  'Find a Tender or Contracts Finder notice), or try again after the next poll.';

/** What today's rules say about a notice someone reported as missed. */
function verdictSentence(matchedLabels: string[], why: string | null): string {
  if (matchedLabels.length > 0) return `Today the rules give it: ${matchedLabels.join(', ')}.`;
  return why
    ? `Today the rules give it no service area (${why}).`
    : 'Today the rules give it no service area.';
}

export function reportedMissed(
  title: string,
  areaLabel: string | null,
  matchedLabels: string[],
  why: string | null,
  fresh: boolean,
): string {
  const what = areaLabel ? `as missed for ${areaLabel}` : 'as missed';
  const first = fresh ? `Recorded ${what}: ${title}.` : `You had already reported this ${what}: ${title}.`;
  return (
    `${first} ${verdictSentence(matchedLabels, why)} Thank you: coordinators see what this server's ` +
    'corrections suggest with /watchlist suggestions.'
  );
}

export const alreadyMatches = (title: string, areaLabel: string) =>
  `${title} already matches ${areaLabel}, so the rules did not miss it. If a channel did not get it, ` +
  '/explain says why (its areas, regions, value or stages). Recorded anyway, as a confirmation.';

export const NO_CORRECTIONS =
  'This server has no corrections yet. Press "Not relevant" on an alert that should not have come, or ' +
  'report one that never came with /report-missed; then suggestions appear here.';

export function suggestionsHeading(notRelevant: number, missed: number, kept: number, days: number): string {
  return (
    `Suggestions from this server's corrections in the last ${days} days (${notRelevant} marked not ` +
    `relevant, ${missed} reported missed, ${kept} alerts kept):`
  );
}

export const NO_SUGGESTIONS =
  'Nothing to suggest yet: no words are common to the notices marked not relevant and absent from the ' +
  'ones kept, and the reported misses have no words of their own. More corrections will help.';

/** One numbered suggestion with the notices it would change (titles already escaped). */
export function suggestionLine(
  number: number,
  kind: 'exclusion' | 'phrase',
  phrase: string,
  titles: string[],
) {
  const effect =
    kind === 'exclusion'
      ? `would stop ${titles.length} marked not relevant (and no alert kept)`
      : `would bring ${titles.length} reported missed`;
  const what = kind === 'exclusion' ? 'Exclude' : 'Add the phrase';
  return `${number}. ${what} "${phrase}": ${effect}: ${titles.join('; ')}`;
}

export const suggestionsFooter = () =>
  'Accept one into a watchlist with /watchlist accept id:<watchlist> suggestion:<number>. A channel uses ' +
  'a watchlist when it follows it (/subscribe watchlists:<id>).';

export const noSuchSuggestion = (number: number) =>
  `There is no suggestion ${number}. Run /watchlist suggestions to see the current ones.`;

export function accepted(kind: 'exclusion' | 'phrase', phrase: string, id: string, titles: string[]): string {
  const what = kind === 'exclusion' ? 'exclusion' : 'phrase';
  const change = kind === 'exclusion' ? 'no longer match it' : 'now match it';
  return `Added the ${what} "${phrase}" to watchlist "${id}". These notices ${change}: ${titles.join('; ')}.`;
}
