import { expect, test } from './fixtures';
import { CUBA, KENYA, SECRETARIAT } from './accounts';

// Refused requests (401, 403, 400) are logged by Chromium when a page makes them.
test.use({ allowedConsoleErrors: [/status of 40[0-4]/] });

test('the draft routes check the session, the role and the origin, and explain refusals', async ({
  delegate,
  concord,
  playwright,
  baseURL,
}) => {
  const origin = { origin: baseURL! };
  const draftId = await concord.createDraft('Routes');
  await concord.grant(draftId, CUBA, 'sponsor');
  await concord.ensureAccount(KENYA);

  // Without a session.
  const anonymous = await playwright.request.newContext({ baseURL });
  const unsigned = await anonymous.get('/api/drafts');
  expect(unsigned.status()).toBe(401);
  expect((await unsigned.json()).error).toMatch(/Sign in/);
  await anonymous.dispose();

  const cuba = (await delegate(CUBA)).page.request;
  const listed = await cuba.get('/api/drafts');
  expect(listed.status()).toBe(200);
  const { drafts } = (await listed.json()) as { drafts: { id: string; role: string }[] };
  expect(drafts).toContainEqual(expect.objectContaining({ id: draftId, role: 'sponsor' }));
  expect((await cuba.get(`/api/drafts/${draftId}/access`)).status()).toBe(200);

  // Creating: CSRF (no Origin), bad JSON, bad title, then a good one held by Cuba.
  expect((await cuba.post('/api/drafts', { data: { title: 'No origin' } })).status()).toBe(403);
  const notJson = await cuba.post('/api/drafts', {
    headers: { ...origin, 'content-type': 'application/json' },
    data: Buffer.from('{"title":'),
  });
  expect(notJson.status()).toBe(400);
  expect((await notJson.json()).error).toMatch(/not valid JSON/);
  const empty = await cuba.post('/api/drafts', { headers: origin, data: { title: '  ' } });
  expect(empty.status()).toBe(400);
  expect((await empty.json()).error).toMatch(/Give the draft a title/);
  const forOthers = await cuba.post('/api/drafts', {
    headers: origin,
    data: { title: 'For Kenya', facilitator: 'KEN' },
  });
  expect(forOthers.status()).toBe(403);
  const created = await cuba.post('/api/drafts', { headers: origin, data: { title: 'Via API' } });
  expect(created.status()).toBe(201);
  const newId = ((await created.json()) as { draft: { id: string } }).draft.id;
  expect((await cuba.get(`/api/drafts/${newId}/access`)).status()).toBe(200);

  // Kenya has no role: the draft looks absent.
  const kenya = (await delegate(KENYA)).page.request;
  expect((await kenya.get(`/api/drafts/${draftId}/access`)).status()).toBe(404);
  // (Other specs on this worker's server may have given Kenya roles on their own drafts.)
  const kenyaDrafts = (await (await kenya.get('/api/drafts')).json()) as { drafts: unknown[] };
  expect(kenyaDrafts.drafts).not.toContainEqual(expect.objectContaining({ id: draftId }));

  // Roles: only the Secretariat gives them, and bad input says what is wrong.
  const grantPath = `/api/drafts/${draftId}/roles/KEN`;
  expect(
    (await cuba.put(grantPath, { headers: origin, data: { role: 'observer' } })).status(),
  ).toBe(403);
  const secretariat = (await delegate(SECRETARIAT)).page.request;
  const badRole = await secretariat.put(grantPath, { headers: origin, data: { role: 'king' } });
  expect(badRole.status()).toBe(400);
  expect((await badRole.json()).error).toMatch(/facilitator, sponsor, observer/);
  const unknownDelegation = await secretariat.put(`/api/drafts/${draftId}/roles/XYZ`, {
    headers: origin,
    data: { role: 'observer' },
  });
  expect(unknownDelegation.status()).toBe(400);
  expect(
    (await secretariat.put(grantPath, { data: { role: 'observer' } })).status(),
    'no Origin: refused as cross-site',
  ).toBe(403);
  const granted = await secretariat.put(grantPath, { headers: origin, data: { role: 'observer' } });
  expect(granted.status()).toBe(200);
  expect(await granted.json()).toEqual({
    delegation: { code: 'KEN', name: 'Kenya' },
    role: 'observer',
  });
  expect((await kenya.get(`/api/drafts/${draftId}/access`)).status()).toBe(200);
  expect((await secretariat.delete(grantPath, { headers: origin })).status()).toBe(204);
  expect((await kenya.get(`/api/drafts/${draftId}/access`)).status()).toBe(404);
  expect((await secretariat.delete(grantPath, { headers: origin })).status()).toBe(400);
});
