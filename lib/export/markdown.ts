/**
 * The final draft as Markdown in the form of the fixtures (italics, `[^n]`
 * footnotes, sub-paragraphs indented by level). The writer lives beside the
 * Markdown importer, whose round trip it is tested against.
 */
export { resolutionToMarkdown } from '../import/resolution-to-markdown';
