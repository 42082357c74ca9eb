import { DiscordjsErrorCodes, type Client } from 'discord.js';
import { backoffDelay, type Backoff } from '../shared/backoff.js';
import type { Logger } from '../shared/logger.js';

/** A gateway that cannot be reached is tried again after 5 s, then 10, 20… at most 5 minutes apart. */
const GATEWAY_BACKOFF: Backoff = { baseMs: 5_000, maxMs: 300_000 };

/** Discord refused the token: nothing will work until it is replaced. */
export class TokenRefusedError extends Error {
  override name = 'TokenRefusedError';
}

/** Whether a login failure is Discord refusing the token (discord.js's TokenInvalid, or a 401). */
export function isTokenRefusal(err: unknown): boolean {
  if (typeof err !== 'object' || err === null) return false;
  const { code, status } = err as { code?: unknown; status?: unknown };
  return code === DiscordjsErrorCodes.TokenInvalid || status === 401;
}

/**
 * Connects to the gateway, and keeps trying with back-off while Discord is unreachable or failing (polling
 * and storing go on meanwhile). A refused token ends it with TokenRefusedError; an aborted signal (shutdown)
 * ends it quietly.
 */
export async function connectGateway(
  client: Pick<Client, 'login'>,
  token: string,
  log: Logger,
  signal: AbortSignal,
  wait: (ms: number, signal: AbortSignal) => Promise<void> = sleep,
): Promise<boolean> {
  for (let attempt = 1; !signal.aborted; attempt++) {
    try {
      await client.login(token);
      return true;
    } catch (err) {
      if (isTokenRefusal(err)) throw new TokenRefusedError('Discord refused DISCORD_TOKEN (401)');
      const waitMs = backoffDelay(attempt, GATEWAY_BACKOFF);
      log.warn(
        { attempt, waitMs, err: err instanceof Error ? err.message : String(err) },
        'Cannot connect to Discord yet; polling goes on and the connection is tried again',
      );
      await wait(waitMs, signal);
    }
  }
  return false;
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => (clearTimeout(timer), resolve()), { once: true });
  });
}
