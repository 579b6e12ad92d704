import { BODY_FIELD } from '@/lib/collab/protocol';

/** A caret as y-tiptap sets it in presence (anchor = head, a relative position), told apart by `mark`. */
export interface TestCaret {
  anchor: { tname: string; item: { client: number; clock: number }; assoc: number };
  head: { tname: string; item: { client: number; clock: number }; assoc: number };
}

/**
 * A valid caret for presence tests (the server relays only those), at the
 * item `mark` of a made-up client: which caret it is, not where it is, matters.
 */
export function testCaret(mark: number): TestCaret {
  const position = () => ({ tname: BODY_FIELD, item: { client: 1, clock: mark }, assoc: 0 });
  return { anchor: position(), head: position() };
}

/** The `mark` of a caret made by `testCaret`, undefined for anything else. */
export function caretMark(cursor: unknown): number | undefined {
  const clock = (cursor as Partial<TestCaret> | null | undefined)?.head?.item?.clock;
  return typeof clock === 'number' ? clock : undefined;
}
