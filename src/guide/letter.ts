import type { Notice } from '../notices/notice.js';
import { underProcurementAct, type Reservation } from '../reserved/reservation-types.js';

/**
 * A ready-to-send message asking the commissioner to consider reserving the contract (or a lot) or inviting
 * user-led organisations, citing the regulation that applies (from the reserved-contracts verdict) and the
 * notice's own reference.
 */
const COMPETITIVE_FLEXIBLE =
  ' Under the Procurement Act 2023 this is done through the competitive flexible procedure.';

export function commissionerLetter(notice: Notice, reservation: Reservation): string {
  const open = reservation.routes.filter((r) => r.open);
  const supported = open.find((r) => r.route === 'supported-employment');
  const mutual = open.find((r) => r.route === 'public-service-mutual');
  const below = open.find((r) => r.route === 'sme-vcse');
  const reference = `${notice.releaseId}${notice.url ? `, ${notice.url}` : ''}`;
  const asks: string[] = [];
  if (supported) {
    asks.push(
      `${supported.legalBasis} allows you to reserve this contract for supported employment providers: ` +
        `organisations where at least 30% of the workforce are disabled or disadvantaged.` +
        (underProcurementAct(reservation.regime) ? COMPETITIVE_FLEXIBLE : ''),
    );
  }
  if (mutual)
    asks.push(
      `It could also be reserved for public service mutuals under ${mutual.legalBasis}, as its services ` +
        `are reservable light-touch services.`,
    );
  if (below)
    asks.push(
      'As it is below the procurement threshold, you could also invite user-led organisations to quote' +
        (below.canReserve === false ? '.' : ', or reserve the competition for SMEs and VCSEs.'),
    );
  return [
    `Subject: ${notice.title} (${notice.releaseId}): could it be reserved, or open to user-led ` +
      `organisations?`,
    '',
    `Dear ${notice.buyer.name ? `${notice.buyer.name} ` : ''}commissioning team,`,
    '',
    `We are a disabled people's user-led organisation and we have seen your notice "${notice.title}" ` +
      `(reference ${reference}).`,
    '',
    ...asks,
    '',
    'Would you consider reserving this contract, or a part of it as a separate lot, or inviting user-led ' +
      'organisations to take part? We would be glad to talk about how people with lived experience could ' +
      'help shape and deliver the service.',
    '',
    'Yours sincerely,',
    '[Your name]',
    '[Your organisation]',
  ].join('\n');
}
