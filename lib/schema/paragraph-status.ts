/**
 * Where a paragraph stands in the negotiation, set by the facilitator and
 * shown in the margin. `null`: nothing recorded yet.
 */
export const PARAGRAPH_STATUSES = ['agreed', 'agreedAdRef', 'pending', 'bracketed'] as const;
export type ParagraphStatus = (typeof PARAGRAPH_STATUSES)[number];

export const PARAGRAPH_STATUS_LABELS: Readonly<Record<ParagraphStatus, string>> = {
  agreed: 'Agreed',
  agreedAdRef: 'Agreed ad ref',
  pending: 'Pending',
  bracketed: 'Bracketed',
};

export function isParagraphStatus(value: unknown): value is ParagraphStatus {
  return typeof value === 'string' && (PARAGRAPH_STATUSES as readonly string[]).includes(value);
}

/** The `status` attribute spec shared by every paragraph node. */
export function paragraphStatusAttribute() {
  return {
    default: null,
    keepOnSplit: false,
    parseHTML: (element: { getAttribute(name: string): string | null }) => {
      const value = element.getAttribute('data-status');
      return isParagraphStatus(value) ? value : null;
    },
    renderHTML: (attributes: Record<string, unknown>) =>
      isParagraphStatus(attributes.status) ? { 'data-status': attributes.status } : {},
  };
}
