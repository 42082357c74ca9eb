/** The slice of pino the app uses: a metadata object first, then a static message (STYLE.md §6.8). */
export interface Logger {
  debug(meta: object, message: string): void;
  info(meta: object, message: string): void;
  warn(meta: object, message: string): void;
  error(meta: object, message: string): void;
}
