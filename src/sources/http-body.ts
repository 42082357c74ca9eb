import type { Readable, Transform } from 'node:stream';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';
import { SourceBoundError, SourceParseError } from './exceptions.js';

// A response body read under bounds: bytes on the wire, bytes after decompression, silence between chunks
// and the whole request's deadline. The body is never held past a bound: the stream is destroyed at once.

/** The bounds every response is read under (config `http`, defaults measured on the real pages). */
export interface BodyLimits {
  /** Most bytes read from the wire for one response. */
  maxBodyBytes: number;
  /** Most bytes after decompression (a 1 MB gzip bomb inflates to 1 GiB). */
  maxInflatedBytes: number;
  /** Longest silence between two chunks (the idle timeout, HTTP_TIMEOUT_MS). */
  idleTimeoutMs: number;
}

/** Thrown for a body that stopped arriving (idle) or broke off: worth another attempt after back-off. */
export class BodyInterruptedError extends Error {
  override name = 'BodyInterruptedError';
}

function decoderFor(encoding: string, url: string): Transform | null {
  switch (encoding) {
    case '':
    case 'identity':
      return null;
    case 'gzip':
    case 'x-gzip':
      return createGunzip();
    case 'deflate':
      return createInflate();
    case 'br':
      return createBrotliDecompress();
    default:
      throw new SourceParseError(url, `unknown Content-Encoding "${encoding.slice(0, 40)}"`);
  }
}

/**
 * Reads `stream` to the end within the limits and returns the decoded bytes. `signal` (the request's
 * deadline, the source's cycle deadline, shutdown) ends the read at once. Throws SourceBoundError when a
 * bound is hit, BodyInterruptedError when the body stops arriving or breaks off, the signal's reason when it
 * aborts.
 */
export function readBoundedBody(
  stream: Readable,
  headers: { contentEncoding: string; contentLength: number | null },
  limits: BodyLimits,
  context: { url: string; host: string; signal: AbortSignal; abortReason: () => Error },
): Promise<Uint8Array> {
  const { url, host, signal } = context;
  if (headers.contentLength !== null && headers.contentLength > limits.maxBodyBytes) {
    stream.destroy();
    return Promise.reject(new SourceBoundError('body', limits.maxBodyBytes, host));
  }
  let decoder: Transform | null;
  try {
    decoder = decoderFor(headers.contentEncoding.trim().toLowerCase(), url);
  } catch (err) {
    stream.destroy();
    return Promise.reject(err instanceof Error ? err : new Error(String(err)));
  }
  return new Promise<Uint8Array>((resolve, reject) => {
    const chunks: Buffer[] = [];
    let wire = 0;
    let inflated = 0;
    let settled = false;
    let idle: NodeJS.Timeout | undefined;
    const finish = (err: Error | null) => {
      if (settled) return;
      settled = true;
      clearTimeout(idle);
      signal.removeEventListener('abort', onAbort);
      if (err) {
        chunks.length = 0;
        stream.destroy();
        decoder?.destroy();
        reject(err);
      } else resolve(Buffer.concat(chunks, inflated));
    };
    const touch = () => {
      clearTimeout(idle);
      idle = setTimeout(
        () => finish(new BodyInterruptedError(`no data from ${host} for ${limits.idleTimeoutMs} ms`)),
        limits.idleTimeoutMs,
      );
    };
    const onAbort = () => finish(context.abortReason());
    if (signal.aborted) return onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    touch();
    const keep = (chunk: Buffer) => {
      inflated += chunk.length;
      if (inflated > limits.maxInflatedBytes)
        return finish(new SourceBoundError('inflated', limits.maxInflatedBytes, host));
      chunks.push(chunk);
    };
    stream.on('data', (chunk: Buffer) => {
      touch();
      wire += chunk.length;
      if (wire > limits.maxBodyBytes) return finish(new SourceBoundError('body', limits.maxBodyBytes, host));
      if (decoder) decoder.write(chunk);
      else keep(chunk);
    });
    // axios destroys the stream itself when the signal aborts: that is the abort, not a broken body.
    const broken = (err: unknown) =>
      signal.aborted
        ? onAbort()
        : finish(
            new BodyInterruptedError(
              `the body from ${host} broke off: ${err instanceof Error ? err.message : String(err)}`,
            ),
          );
    stream.on('error', broken);
    stream.on('aborted', () => broken(new Error('aborted')));
    if (decoder) {
      decoder.on('data', keep);
      decoder.on('error', (err) =>
        finish(new SourceParseError(url, `the compressed body cannot be decoded (${err.message})`)),
      );
      decoder.on('end', () => finish(null));
      stream.on('end', () => decoder.end());
    } else stream.on('end', () => finish(null));
  });
}
