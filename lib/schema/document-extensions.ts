import { getSchema, type AnyExtension } from '@tiptap/core';
import Bold from '@tiptap/extension-bold';
import Italic from '@tiptap/extension-italic';
import Text from '@tiptap/extension-text';
import { OperativeParagraph } from './nodes/operative-paragraph';
import { OperativePart } from './nodes/operative-part';
import { Preamble } from './nodes/preamble';
import { PreambularParagraph } from './nodes/preambular-paragraph';
import { ResolutionDocument } from './nodes/resolution-document';
import { ParagraphIds } from './paragraph-ids';

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
  Text,
  Italic,
  Bold,
  ParagraphIds,
];

/** The ProseMirror schema built from `documentExtensions`. */
export const resolutionSchema = getSchema(documentExtensions);
