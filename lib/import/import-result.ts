import type { ResolutionDocument } from '../schema/resolution-document';

/**
 * The input is not a resolution Concord can read. The message says where
 * (a line of a Markdown file, an element path of an XML file) and why.
 */
export class ImportError extends Error {
  override name = 'ImportError';
}

/** A resolution read from a file, with what the import dropped or changed. */
export interface ImportedResolution {
  document: ResolutionDocument;
  /** Things the import dropped, changed or could not place, for the user to review. */
  warnings: string[];
}
