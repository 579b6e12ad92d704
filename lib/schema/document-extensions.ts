import { getSchema, type AnyExtension } from '@tiptap/core';
import Bold from '@tiptap/extension-bold';
import Italic from '@tiptap/extension-italic';
import Text from '@tiptap/extension-text';
import { Deletion, Insertion } from '../amendments/marks';
import { Footnote } from './nodes/footnote';
import { OperativeParagraph } from './nodes/operative-paragraph';
import { OperativePart } from './nodes/operative-part';
import { Preamble } from './nodes/preamble';
import { PreambularParagraph } from './nodes/preambular-paragraph';
import { ResolutionDocument } from './nodes/resolution-document';
import { SectionHeading } from './nodes/section-heading';
import { SubParagraph } from './nodes/sub-paragraph';
import { ParagraphCommands } from './paragraph-commands';
import { ParagraphIds } from './paragraph-ids';
import { StructureRules } from './structure-rules';
import { StyleLint } from './style-lint';

/**
 * The one list of extensions that defines a resolution. The editor, the
 * collaboration server, the importers, exporters and the CLI all use it.
 */
export const documentExtensions: AnyExtension[] = [
  ResolutionDocument,
  Preamble,
  OperativePart,
  PreambularParagraph,
  OperativeParagraph,
  SubParagraph,
  SectionHeading,
  Footnote,
  Text,
  // Amendment marks first: they wrap the formatting, so one run shows one delegation tag.
  Insertion,
  Deletion,
  Italic,
  Bold,
  ParagraphIds,
  StructureRules,
  ParagraphCommands,
  StyleLint,
];

/** The ProseMirror schema built from `documentExtensions`. */
export const resolutionSchema = getSchema(documentExtensions);
