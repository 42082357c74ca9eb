import type { OutboxItem } from './alerts/delivery.js';
import type { StoredNoticeView } from './alerts/stored-notice.js';
import type { Subscription } from './alerts/subscription.js';
import type { RadarQueries } from './discord/commands/context.js';
import type { RadarMessageInput } from './discord/messages.js';
import type { RadarDeliveryStore, RadarReminderStore } from './pipeline/ports.js';
import { queueRadarReminders, replacementFor, runRadar } from './pipeline/radar.js';
import { buyerProfile } from './radar/buyer.js';
import { addMonths, radarFrom } from './radar/contract.js';
import { incumbentParagraph, replacesSentence } from './radar/radar-text.js';
import type { Clock } from './shared/clock.js';
import { pageIn } from './shared/pages.js';
import type { Logger } from './shared/logger.js';
import type { Db } from './store/db.js';
import { createSqliteRadarDelivery } from './store/radar-delivery-store.js';
import { createSqliteRadarStore } from './store/radar-store.js';

// The radar wired over the database: its run after each poll, the reminders job, the sinks' two hooks (what
// a radar announcement says, and the "may be the re-procurement of" sentence on alerts), the guide's
// incumbent paragraph, and the port /radar, /buyer and "Remind me" use. Shared by main.ts, the tests and the
// CLIs, so each wires the radar the same way.

export interface RadarWiringDeps {
  db: Db;
  subscriptions: { list(): Subscription[] };
  /** Reads a stored notice back (the title of a notice linked as what comes next). */
  notices: { byKey(source: string, ocid: string): StoredNoticeView | null };
  /** The first-time bidders' direct-message queue, where radar reminders go. */
  dms: Pick<RadarReminderStore, 'enqueueDm'>;
  clock: Clock;
  log: Logger;
  leadMonths: number;
  dailyLimit: number;
  areaLabel: (id: string) => string;
}

export function createRadar(deps: RadarWiringDeps) {
  const now = () => deps.clock.now();
  const store = createSqliteRadarStore(deps.db, now);
  const delivery = createSqliteRadarDelivery(deps.db, now);
  const deliveryPort: RadarDeliveryStore = {
    ...delivery,
    contractsEnding: (from, to) => store.contractsEnding(from, to).map((c) => c.contract),
  };
  const reminderPort: RadarReminderStore = {
    ...delivery,
    contract: (source, ocid) => store.contract(source, ocid)?.contract ?? null,
    enqueueDm: (userId, kind, dedupe, content) => deps.dms.enqueueDm(userId, kind, dedupe, content),
  };

  const snapshot =
    <A extends unknown[], R>(read: (...args: A) => R) =>
    (...args: A): R =>
      deps.db.transaction(() => read(...args))();
  const queries: RadarQueries = {
    defaultMonths: deps.leadMonths,
    // Each command's reads in one read transaction: one snapshot, so a radar index committing in another
    // process (a backfill) between them never gives a heading that disagrees with its page.
    upcoming: snapshot((filter, page, pageSize) => {
      const now = deps.clock.now();
      // Counted and paged on the index (store/radar-page.ts); only the page shown is read whole.
      const [from, to] = [radarFrom(now), addMonths(now, filter.months)];
      const total = store.page.count(filter, from, to);
      const at = pageIn(total, page, pageSize);
      const items = store.page.rows(filter, from, to, at * pageSize, pageSize).flatMap((rowId) => {
        const stored = store.contractByRow(rowId);
        return stored ? [{ contract: stored.contract, noticeRowId: stored.noticeRowId }] : [];
      });
      return { total, page: at, items };
    }),
    findBuyers: (text, limit) => store.findBuyers(text, limit),
    isBuyer: (key) => store.buyer(key) !== null,
    buyerProfile: snapshot((key, page, pageSize) => {
      const buyer = store.buyer(key);
      if (!buyer) return null;
      const contracts = store.buyerContracts(key, page, pageSize);
      return buyerProfile(buyer.name, contracts, store.buyerFacts(key, deps.clock.now()));
    }),
    contractByNoticeRow: (rowId) => store.contractByNoticeRow(rowId)?.contract ?? null,
    scheduleRadarReminders: (userId, source, ocid, reminders) =>
      delivery.scheduleRadarReminders(userId, source, ocid, reminders),
    incumbentOf: (view) => {
      const found = replacementFor(view.notice, view.match, store);
      return found ? incumbentParagraph(found.contract) : null;
    },
  };

  return {
    store,
    delivery,
    queries,
    /** Index what is new, then queue the announcements that are due (until `signal` aborts). */
    run: (signal?: AbortSignal) =>
      runRadar({
        signal,
        index: store,
        delivery: deliveryPort,
        subscriptions: deps.subscriptions,
        clock: deps.clock,
        log: deps.log,
        leadMonths: deps.leadMonths,
        dailyLimit: deps.dailyLimit,
      }),
    /** Turn the radar reminders that have come due into direct messages. */
    queueReminders: () => queueRadarReminders({ reminders: reminderPort, clock: deps.clock }),
    /** For the weekly new-bidder digest: contracts in the areas ending within the lead time. */
    comingUp: {
      months: deps.leadMonths,
      entries: () => {
        const at = deps.clock.now();
        return store
          .contractsEnding(radarFrom(at), addMonths(at, deps.leadMonths))
          .map((s) => ({ contract: s.contract, indexedAt: s.indexedAt }));
      },
    },
    /** The sinks' hook for outbox rows of kind 'radar': what to announce (messages.ts builds the body). */
    radarInput: (item: OutboxItem, now: number): RadarMessageInput | null => {
      const stored = store.contract(item.notice.source, item.notice.ocid);
      if (!stored) return null;
      const next = store.successorsOf(stored.contract.source, stored.contract.ocid)[0];
      const successor = next ? (deps.notices.byKey(next.source, next.ocid)?.notice.title ?? null) : null;
      return {
        contract: stored.contract,
        successor,
        now,
        areaLabel: deps.areaLabel,
        noticeRef: item.noticeRowId,
      };
    },
    /** The sinks' hook for a new alert: "This may be the re-procurement of …" when the radar knows it. */
    alertNote: (item: OutboxItem): string | null => {
      if (item.kind !== 'new') return null;
      const found = replacementFor(item.notice, item.match, store);
      return found ? replacesSentence(found.contract, found.areas, found.others, deps.areaLabel) : null;
    },
  };
}

export type Radar = ReturnType<typeof createRadar>;
