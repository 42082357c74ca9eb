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

/**
 * The law the reservation routes come from: the Procurement Act 2023 (PA2023W: in Wales, with the Procurement
 * (Wales) Regulations 2024), the Public Contracts Regulations 2015, or the Public Contracts (Scotland)
 * Regulations 2015 with the Procurement Reform (Scotland) Act 2014.
 */
export const ReservationRegime = z.enum(['PA2023', 'PA2023W', 'PCR2015', 'PCSR2015']);
export type ReservationRegime = z.infer<typeof ReservationRegime>;

/** Procurement Act 2023 rules (England, Wales, Northern Ireland): reservations need the competitive flexible
 * procedure, mutual contracts may last 5 years. */
export const underProcurementAct = (regime: ReservationRegime) => regime === 'PA2023' || regime === 'PA2023W';

export const ReservationRoute = z.object({
  route: RouteId,
  legalBasis: z.string(),
  why: z.string(),
  conditions: z.array(z.string()),
  /**
   * False when the notice's own facts rule this route out (e.g. a term too long for a mutual reservation).
   */
  open: z.boolean(),
  /**
   * Below threshold: whether the buyer could reserve the competition for SMEs and VCSEs (or only choose whom
   * to invite) on the day it published. Absent on other routes, and on routes stored before it was read.
   */
  canReserve: z.boolean().optional(),
});
export type ReservationRoute = z.infer<typeof ReservationRoute>;

export const Reservation = z.object({
  kind: z.enum(['explicit', 'candidate']),
  regime: ReservationRegime,
  routes: z.array(ReservationRoute),
  /** Lots the reservation applies to; empty means the whole contract. */
  lots: z.array(z.string()),
  /** The whole paragraph: a plain sentence, then who qualifies and the law. */
  summary: z.string(),
  /** The paragraph without its first sentence, for a place that already said it (an alert's lead). */
  detail: z.string().default(''),
});
export type Reservation = z.infer<typeof Reservation>;
