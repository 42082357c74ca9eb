import { loadReservationTables } from '../../src/config.js';
import type { ReservationTables } from '../../src/reserved/tables.js';

/** The real config/thresholds.json and config/reservable-cpv.json. */
export const realTables: ReservationTables = loadReservationTables({});
