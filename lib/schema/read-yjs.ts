import type { Mark, MarkType, Node as ProseMirrorNode, NodeType } from '@tiptap/pm/model';
import * as Y from 'yjs';
import { isDelegationCode } from '../accounts/delegation-code';
import { isParagraphSuggestion } from '../amendments/model';
import { resolutionSchema } from './document-extensions';
import { isId } from './new-id';
import { isParagraphStatus } from './paragraph-status';
import { MAX_SUBPARAGRAPH_LEVEL } from './resolution-document';

/** Content of the shared draft that the resolution schema cannot hold, with what is wrong. */
export class SchemaViolationError extends Error {
  override readonly name = 'SchemaViolationError';
}

/** The longest run of text one paragraph may hold (a whole resolution is about 40 000). */
export const MAX_PARAGRAPH_CHARACTERS = 20_000;

const SUGGESTION_KEYS = ['delegation', 'kind', 'suggestionId'];

/**
 * What each attribute may hold, by name (the same name means the same thing on
 * every node and mark). `null` is the default of every node attribute, which
 * the Yjs binding stores by leaving the attribute out.
 */
const ATTRIBUTE_RULES: Readonly<Record<string, (value: unknown) => boolean>> = {
  paragraphId: (value) => value === null || isId(value),
  status: (value) => value === null || isParagraphStatus(value),
  suggestion: (value) =>
    value === null ||
    (isParagraphSuggestion(value) &&
      isDelegationCode(value.delegation) &&
      JSON.stringify(Object.keys(value).sort()) === JSON.stringify(SUGGESTION_KEYS)),
  level: (value) =>
    typeof value === 'number' &&
    Number.isInteger(value) &&
    value >= 1 &&
    value <= MAX_SUBPARAGRAPH_LEVEL,
  numbered: (value) => typeof value === 'boolean',
  suggestionId: isId,
  delegation: isDelegationCode,
};

function checkAttributes(
  owner: string,
  known: Readonly<Record<string, unknown>>,
  values: Record<string, unknown>,
): void {
  for (const [name, value] of Object.entries(values)) {
    if (!(name in known)) throw new SchemaViolationError(`${owner} has no attribute "${name}"`);
    const rule = ATTRIBUTE_RULES[name];
    if (!rule || !rule(value)) {
      throw new SchemaViolationError(
        `${owner}: "${name}" cannot be ${JSON.stringify(value)?.slice(0, 80)}`,
      );
    }
  }
}

/** The Yjs binding's name for a mark that may appear twice on a run: `deletion--<hash>`. */
function markName(attribute: string): string {
  return /^(.*)--[a-zA-Z0-9+/=]{8}$/.exec(attribute)?.[1] ?? attribute;
}

function readMarks(
  attributes: Record<string, unknown> | undefined,
  schema: typeof resolutionSchema,
): Mark[] {
  const marks: Mark[] = [];
  for (const [attribute, value] of Object.entries(attributes ?? {})) {
    const type: MarkType | undefined = schema.marks[markName(attribute)];
    if (!type) throw new SchemaViolationError(`unknown formatting "${attribute}"`);
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      throw new SchemaViolationError(`the formatting "${type.name}" must have attributes`);
    }
    const values = value as Record<string, unknown>;
    checkAttributes(`the formatting "${type.name}"`, type.spec.attrs ?? {}, values);
    marks.push(type.create(values));
  }
  return marks;
}

function readText(text: Y.XmlText, schema: typeof resolutionSchema): ProseMirrorNode[] {
  if (Object.keys(text.getAttributes()).length > 0) {
    throw new SchemaViolationError('text cannot have attributes');
  }
  const nodes: ProseMirrorNode[] = [];
  for (const op of text.toDelta() as { insert: unknown; attributes?: Record<string, unknown> }[]) {
    if (typeof op.insert !== 'string') {
      throw new SchemaViolationError('text cannot hold embedded objects');
    }
    if (op.insert.length === 0) continue;
    nodes.push(schema.text(op.insert, readMarks(op.attributes, schema)));
  }
  return nodes;
}

/**
 * Builds the ProseMirror node of a Yjs element of the draft (a paragraph, a
 * part, a footnote), checked against the resolution schema: known node types,
 * known attributes with valid values, the content and marks each node allows,
 * plain text only. Throws `SchemaViolationError` saying what is wrong.
 *
 * Unlike the editor binding's reader (y-tiptap), which deletes from the Yjs
 * document whatever it cannot build, this never writes: it is safe on the live,
 * shared draft.
 */
export function readYElement(
  element: Y.XmlElement,
  schema: typeof resolutionSchema = resolutionSchema,
): ProseMirrorNode {
  const node = buildElement(element, schema);
  try {
    node.check();
  } catch (error) {
    throw new SchemaViolationError(error instanceof Error ? error.message : String(error));
  }
  return node;
}

/** The node type a Yjs element of the body may name (not text, not the document); null if none. */
export function elementType(
  name: string,
  schema: typeof resolutionSchema = resolutionSchema,
): NodeType | null {
  const type: NodeType | undefined = schema.nodes[name];
  return type && !type.isText && type !== schema.topNodeType ? type : null;
}

function buildElement(element: Y.XmlElement, schema: typeof resolutionSchema): ProseMirrorNode {
  const type = elementType(element.nodeName, schema);
  if (!type) {
    throw new SchemaViolationError(`unknown element "${element.nodeName.slice(0, 40)}"`);
  }
  const attributes = element.getAttributes() as Record<string, unknown>;
  checkAttributes(`a ${type.name}`, type.spec.attrs ?? {}, attributes);
  const children: ProseMirrorNode[] = [];
  let characters = 0;
  for (const child of element.toArray()) {
    if (child instanceof Y.XmlElement) {
      children.push(buildElement(child, schema));
    } else if (child instanceof Y.XmlText) {
      for (const text of readText(child, schema)) {
        characters += text.nodeSize;
        children.push(text);
      }
    } else {
      throw new SchemaViolationError(`a ${type.name} cannot hold this kind of content`);
    }
  }
  if (characters > MAX_PARAGRAPH_CHARACTERS) {
    throw new SchemaViolationError(
      `a ${type.name} is limited to ${MAX_PARAGRAPH_CHARACTERS} characters`,
    );
  }
  try {
    return type.createChecked(attributes, children);
  } catch (error) {
    throw new SchemaViolationError(
      `a ${type.name} cannot hold that content (${error instanceof Error ? error.message : String(error)})`,
    );
  }
}

/**
 * The whole body (the doc node) of a draft's Y.XmlFragment, checked as
 * `readYElement` does; never writes to the document.
 */
export function readYBody(
  fragment: Y.XmlFragment,
  schema: typeof resolutionSchema = resolutionSchema,
): ProseMirrorNode {
  const parts: ProseMirrorNode[] = [];
  for (const child of fragment.toArray()) {
    if (!(child instanceof Y.XmlElement)) {
      throw new SchemaViolationError('the draft holds text outside its parts');
    }
    parts.push(buildElement(child, schema));
  }
  try {
    const doc = schema.topNodeType.createChecked(null, parts);
    doc.check();
    return doc;
  } catch (error) {
    throw new SchemaViolationError(error instanceof Error ? error.message : String(error));
  }
}
