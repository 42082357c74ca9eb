import nock from 'nock';
import { afterEach, beforeAll, expect } from 'vitest';

// No test may touch the network: every exchange is mocked from recorded data or served on 127.0.0.1.
beforeAll(() => {
  nock.disableNetConnect();
  nock.enableNetConnect(/^(127\.0\.0\.1|localhost)(:\d+)?$/);
});

afterEach(() => {
  const unused = nock.pendingMocks();
  nock.cleanAll();
  expect(unused, 'every HTTP mock set up by a test must be used').toEqual([]);
});
