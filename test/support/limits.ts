import { expect } from 'vitest';

// Discord's documented limits for one message (discord-api-docs, Message and Embed objects), checked on
// every body the bot sent, independently of the builder's own constants.

type Body = Record<string, any>;

export function assertWithinLimits(body: Body): void {
  expect((body.content ?? '').length).toBeLessThanOrEqual(2000);
  expect(body.allowed_mentions?.parse).toEqual([]);
  const embeds: Body[] = body.embeds ?? [];
  expect(embeds.length).toBeLessThanOrEqual(10);
  let total = 0;
  for (const e of embeds) {
    expect((e.title ?? '').length).toBeLessThanOrEqual(256);
    expect((e.description ?? '').length).toBeLessThanOrEqual(4096);
    expect((e.footer?.text ?? '').length).toBeLessThanOrEqual(2048);
    const fields: Body[] = e.fields ?? [];
    expect(fields.length).toBeLessThanOrEqual(25);
    for (const f of fields) {
      expect(f.name.length).toBeLessThanOrEqual(256);
      expect(f.value.length).toBeLessThanOrEqual(1024);
      expect(f.value.length).toBeGreaterThan(0);
      total += f.name.length + f.value.length;
    }
    total += (e.title ?? '').length + (e.description ?? '').length + (e.footer?.text ?? '').length;
  }
  expect(total).toBeLessThanOrEqual(6000);
  const rows: Body[] = body.components ?? [];
  expect(rows.length).toBeLessThanOrEqual(5);
  for (const row of rows) {
    expect(row.components.length).toBeLessThanOrEqual(5);
    for (const c of row.components) if (c.custom_id) expect(c.custom_id.length).toBeLessThanOrEqual(100);
  }
}
