import type { Transaction } from '@tiptap/pm/state';
import { ySyncPluginKey } from '@tiptap/y-tiptap';

/**
 * Whether a transaction applies another client's changes (y-sync marks
 * them): plugins that fix up local edits must leave those alone, or every
 * client would rewrite every other client's work.
 */
export function isRemoteTransaction(tr: Transaction): boolean {
  const meta: unknown = tr.getMeta(ySyncPluginKey);
  return (
    typeof meta === 'object' && meta !== null && 'isChangeOrigin' in meta && !!meta.isChangeOrigin
  );
}
