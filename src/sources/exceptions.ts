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
