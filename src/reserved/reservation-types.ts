import { z } from 'zod';

// The reserved-contract verdict, defined once: the type is derived from the schema that also reads it back
// from SQLite (rows come back untyped).

/** Who a reservation (or a possible one) is for. */
export const RouteId = z.enum([
  'supported-employment',
  'supported-employment-programme',
  'public-service-mutual',
  'sme-vcse',
  'location',
]);
export type RouteId = z.infer<typeof RouteId>;

/** The law the reservation routes come from. */
export const ReservationRegime = z.enum(['PA2023', 'PCR2015', 'PCSR2015']);
export type ReservationRegime = z.infer<typeof ReservationRegime>;

export const ReservationRoute = z.object({
  route: RouteId,
  legalBasis: z.string(),
  why: z.string(),
  conditions: z.array(z.string()),
  /** False when the notice's own facts rule this route out (e.g. a term too long for a mutual ' +
    'reservation). */
  open: z.boolean(),
});
export type ReservationRoute = z.infer<typeof ReservationRoute>;

export const Reservation = z.object({
  kind: z.enum(['explicit', 'candidate']),
  regime: ReservationRegime,
  routes: z.array(ReservationRoute),
  /** Lots the reservation applies to; empty means the whole contract. */
  lots: z.array(z.string()),
  summary: z.string(),
});
export type Reservation = z.infer<typeof Reservation>;
