import { boundMessage, deferredMessage, refusedMessage, type Bound } from './source-text.js';

/** The service answered with an error status (after any retries the policy allows). */
export class SourceHttpError extends Error {
  override name = 'SourceHttpError';
  constructor(
    readonly status: number,
    readonly url: string,
  ) {
    super(`HTTP ${status} from ${new URL(url).host}`);
  }
}

/** The host could not be reached at all (no network, DNS failure, connection refused). */
export class SourceUnreachableError extends Error {
  override name = 'SourceUnreachableError';
  constructor(
    readonly host: string,
    readonly code: string,
  ) {
    super(`Cannot reach ${host} (${code})`);
  }
}

/** The body could not be read as the expected format, even after repair. */
export class SourceParseError extends Error {
  override name = 'SourceParseError';
  constructor(
    readonly url: string,
    readonly reason: string,
  ) {
    super(`Unreadable response from ${new URL(url).host}: ${reason}`);
  }
}

/**
 * A response or a window hit one of the configured bounds. Not retried in this cycle: the window stays
 * unfinished and is read again on a later one.
 */
export class SourceBoundError extends Error {
  override name = 'SourceBoundError';
  constructor(
    readonly bound: Bound,
    readonly limit: number,
    readonly host: string,
  ) {
    super(boundMessage(bound, limit, host));
  }
}

/** A redirect or a `links.next` that leaves the configured host (or its scheme): never followed. */
export class SourceRefusedError extends Error {
  override name = 'SourceRefusedError';
  constructor(
    readonly what: 'redirect' | 'link',
    readonly target: string,
    readonly allowed: string,
  ) {
    super(refusedMessage(what, target, allowed));
  }
}

/**
 * The service asked to wait longer than this source's cycle has left (a long Retry-After): the cycle stops
 * here and the source is read again once `until` has passed.
 */
export class SourceDeferredError extends Error {
  override name = 'SourceDeferredError';
  constructor(
    readonly host: string,
    readonly until: number,
  ) {
    super(deferredMessage(host, until));
  }
}
