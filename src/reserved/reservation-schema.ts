import { z } from 'zod';

/** A stored Reservation read back from SQLite (rows come back untyped). */
export const StoredReservation = z.object({
  kind: z.enum(['explicit', 'candidate']),
  regime: z.enum(['PA2023', 'PCR2015', 'PCSR2015']),
  routes: z.array(
    z.object({
      route: z.enum([
        'supported-employment',
        'supported-employment-programme',
        'public-service-mutual',
        'sme-vcse',
        'location',
      ]),
      legalBasis: z.string(),
      why: z.string(),
      conditions: z.array(z.string()),
      open: z.boolean(),
    }),
  ),
  lots: z.array(z.string()),
  summary: z.string(),
});
