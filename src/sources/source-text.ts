// The sentences of the bounds' errors: logged, and shown by /status among a feed's failures.

/** Which bound a response or a window ran into. */
export type Bound = 'body' | 'inflated' | 'deadline' | 'redirects' | 'pages';

const SETTING: Record<Bound, string> = {
  body: 'HTTP_MAX_BODY_BYTES',
  inflated: 'HTTP_MAX_INFLATED_BYTES',
  deadline: 'HTTP_DEADLINE_MS',
  redirects: 'at most 5 redirects',
  pages: 'POLL_MAX_PAGES_PER_WINDOW',
};

const mib = (bytes: number) => `${(bytes / 1048576).toFixed(bytes % 1048576 === 0 ? 0 : 1)} MiB`;

export function boundMessage(bound: Bound, limit: number, host: string): string {
  const later = 'this window is read again on a later cycle';
  switch (bound) {
    case 'body':
      return `The response from ${host} is larger than ${mib(limit)} (${SETTING.body}); ${later}`;
    case 'inflated':
      return `The response from ${host} inflates to more than ${mib(limit)} (${SETTING.inflated}); ${later}`;
    case 'deadline':
      return `The response from ${host} took longer than ${limit} ms in all (${SETTING.deadline}); ${later}`;
    case 'redirects':
      return `${host} redirected more than ${limit} times; ${later}`;
    case 'pages':
      return `The window needed more than ${limit} pages from ${host} (${SETTING.pages}); ${later}`;
  }
}

/** The target is shown by its origin only: a refused URL may carry anything. */
export function refusedMessage(what: 'redirect' | 'link', target: string, allowed: string): string {
  const kind = what === 'redirect' ? 'a redirect' : 'a links.next';
  return `Refused ${kind} to ${target}: only ${allowed} is read; this window is read again on a later cycle`;
}

export function deferredMessage(host: string, until: number): string {
  return `${host} asked to wait until ${new Date(until).toISOString()}; this source resumes after that`;
}
