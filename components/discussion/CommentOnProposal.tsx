'use client';

import { openDiscussion } from './useDiscussion';

/** A proposal card's "Comment": the Discussion dialog, ready to start a thread on it. */
export function CommentOnProposal({
  amendmentId,
  describedAs,
}: {
  amendmentId: string;
  /** "FRA’s replacement in OP5". */
  describedAs: string;
}) {
  return (
    <button
      type="button"
      aria-label={`Comment on ${describedAs}`}
      onClick={() => openDiscussion({ amendmentId })}
    >
      Comment
    </button>
  );
}
