import { Node } from '@tiptap/core';

/**
 * The body of a resolution: the preamble, then the operative part. The
 * enacting formula ("The General Assembly,") is derived from the organ and
 * rendered by the view, never typed.
 */
export const ResolutionDocument = Node.create({
  name: 'doc',
  topNode: true,
  content: 'preamble operativePart',
});
