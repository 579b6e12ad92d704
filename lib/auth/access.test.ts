import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SchemaViolationError } from '../schema/read-yjs';
import { AccessError, errorResponse, readJson } from './access';

/** A request whose body streams `total` bytes in 64 KB chunks, counting what was pulled. */
function streamingRequest(total: number, headers: Record<string, string> = {}) {
  const pulled = { bytes: 0 };
  const chunk = new Uint8Array(64 * 1024).fill(0x20);
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (pulled.bytes >= total) return controller.close();
      pulled.bytes += chunk.byteLength;
      controller.enqueue(chunk);
    },
  });
  const req = new Request('http://concord.local/api/drafts', {
    method: 'POST',
    headers,
    body,
    duplex: 'half',
  } as RequestInit);
  return { req, pulled };
}

test('a chunked body past the limit is refused with 413 as soon as it passes, not read whole', async () => {
  const total = 30 * 1024 * 1024;
  const { req, pulled } = streamingRequest(total);
  await assert.rejects(readJson(req), (error: unknown) => {
    assert.ok(error instanceof AccessError);
    assert.equal(error.status, 413);
    assert.match(error.message, /larger than 65536 bytes/);
    return true;
  });
  assert.ok(pulled.bytes <= 256 * 1024, `read ${pulled.bytes} bytes of ${total}`);
});

test('a declared oversized body is refused before any of it is read', async () => {
  const { req, pulled } = streamingRequest(1024 * 1024, { 'content-length': String(1024 * 1024) });
  await assert.rejects(readJson(req), { status: 413 });
  // (A stream fills its queue with one chunk by itself; none is asked for after that.)
  assert.ok(pulled.bytes <= 64 * 1024, `read ${pulled.bytes} bytes`);
});

test('a body within the limit is read whole, in pieces or not; bad JSON is a 400', async () => {
  const text = JSON.stringify({ title: 'é'.repeat(40_000) });
  const bytes = new TextEncoder().encode(text);
  const halves = new ReadableStream<Uint8Array>({
    start(controller) {
      // Split inside a two-byte character: decoded once, at the end.
      controller.enqueue(bytes.slice(0, 1001));
      controller.enqueue(bytes.slice(1001));
      controller.close();
    },
  });
  const req = new Request('http://concord.local/', {
    method: 'POST',
    body: halves,
    duplex: 'half',
  } as RequestInit);
  assert.deepEqual(await readJson(req, 128 * 1024), JSON.parse(text));
  const bad = new Request('http://concord.local/', { method: 'POST', body: '{"title":' });
  await assert.rejects(readJson(bad), {
    status: 400,
    message: 'The request body is not valid JSON.',
  });
});

test('a draft holding what the schema cannot is answered 409 with what is wrong, not a crash', async () => {
  const response = errorResponse(new SchemaViolationError('a footnote cannot hold that content'));
  assert.equal(response.status, 409);
  const body = (await response.json()) as { error: string };
  assert.match(
    body.error,
    /cannot read \(a footnote cannot hold that content\); nothing was changed/,
  );
});
