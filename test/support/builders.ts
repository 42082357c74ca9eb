import type { Notice } from '../../src/notices/notice.js';

/** A plain tender notice with every field present; override what a test is about. */
export function buildNotice(overrides: Partial<Notice> = {}): Notice {
  return {
    source: 'fts',
    ocid: 'ocds-h6vhtk-000001',
    releaseId: '000001-2026',
    noticeType: 'UK4',
    tags: ['tender'],
    stage: 'tender',
    status: 'active',
    title: 'A notice',
    description: null,
    lots: [],
    cpv: [],
    value: null,
    dates: {
      published: '2026-09-01T09:00:00Z',
      tenderDeadline: '2026-10-01T11:00:00Z',
      expressionOfInterestDeadline: null,
      enquiryDeadline: null,
      awardExpected: null,
      contractStart: null,
      contractEnd: null,
      contractMaxExtent: null,
      engagementDeadline: null,
      expectedTender: null,
    },
    buyer: {
      id: 'GB-PPON-TEST',
      name: 'Leeds City Council',
      type: 'publicAuthoritySubCentralGovernment',
      regionCode: 'UKE42',
      regionName: 'Yorkshire and the Humber',
      postcode: 'LS1 1UR',
      contact: null,
    },
    deliveryRegions: ['Yorkshire and the Humber'],
    regime: 'PA2023',
    nation: 'England',
    aboveThreshold: true,
    specialRegime: [],
    suitability: { sme: null, vcse: null },
    reservedParticipation: [],
    reservedParticipationLocation: null,
    reservedExecution: false,
    procurementMethod: 'open',
    procurementMethodDetails: 'Open procedure',
    url: 'https://www.find-tender.service.gov.uk/Notice/000001-2026',
    portalUrl: null,
    awards: [],
    contracts: [],
    engagement: null,
    textCut: [],
    bidCount: null,
    ...overrides,
  };
}

/** A lot with the given title (and optional description), other fields empty. */
export function buildLot(
  id: string,
  title: string,
  description: string | null = null,
): Notice['lots'][number] {
  return {
    id,
    title,
    description,
    value: null,
    status: 'active',
    suitability: { sme: null, vcse: null },
    reservedParticipation: [],
    contractStart: null,
    contractEnd: null,
    cpv: [],
  };
}
