import { DOMParser, type Document, type Element, type Node } from '@xmldom/xmldom';
import { ImportError } from './import-result';

const ELEMENT_NODE = 1;
/** DOM node types that carry text. */
export const TEXT_NODE = 3;
/** DOM node type of a CDATA section. */
export const CDATA_SECTION_NODE = 4;

/** An element with the path that names it in messages: "akomaNtoso/statement/mainBody/paragraph[3]". */
export interface Located {
  element: Element;
  path: string;
}

/** The node is an element (not text, a comment …). */
export function isElement(node: Node): node is Element {
  return node.nodeType === ELEMENT_NODE;
}

/** The element children, each with its path. */
export function childElements(parent: Located): Located[] {
  const elements: Element[] = [];
  for (const node of Array.from(parent.element.childNodes))
    if (isElement(node)) elements.push(node);
  const counts = new Map<string, number>();
  for (const element of elements)
    counts.set(element.localName ?? '', (counts.get(element.localName ?? '') ?? 0) + 1);
  const seen = new Map<string, number>();
  return elements.map((element) => {
    const name = element.localName ?? element.nodeName;
    const index = (seen.get(name) ?? 0) + 1;
    seen.set(name, index);
    const suffix = (counts.get(name) ?? 0) > 1 ? `[${index}]` : '';
    return { element, path: `${parent.path}/${name}${suffix}` };
  });
}

/** The first child element named `name`. */
export function child(parent: Located | undefined, name: string): Located | undefined {
  return parent ? childElements(parent).find((c) => c.element.localName === name) : undefined;
}

/** The first descendant (depth first) that matches. */
export function descendant(
  parent: Located | undefined,
  matches: (element: Element) => boolean,
): Located | undefined {
  if (!parent) return undefined;
  for (const c of childElements(parent)) {
    if (matches(c.element)) return c;
    const found = descendant(c, matches);
    if (found) return found;
  }
  return undefined;
}

/** The text of an element, whitespace collapsed, or '' when there is none. */
export function textOf(located: Located | undefined): string {
  return (located?.element.textContent ?? '').replace(/\s+/g, ' ').trim();
}

/** An attribute's value, trimmed, or ''. */
export function attribute(located: Located | undefined, name: string): string {
  return located?.element.getAttribute(name)?.trim() ?? '';
}

/**
 * Parses XML with @xmldom/xmldom, refusing it at the first error.
 * @throws ImportError "Malformed XML at line L, column C: …".
 */
export function parseXml(xml: string): Document {
  let problem = '';
  const parser = new DOMParser({
    onError: (level, message) => {
      if (level === 'warning') return;
      problem ||= message;
      throw new Error(message);
    },
  });
  try {
    return parser.parseFromString(xml.replace(/^\uFEFF/, ''), 'text/xml');
  } catch (error) {
    const locator: unknown =
      error && typeof error === 'object' && 'locator' in error ? error.locator : undefined;
    const line =
      locator && typeof locator === 'object' && 'lineNumber' in locator
        ? Number(locator.lineNumber)
        : 0;
    const column =
      locator && typeof locator === 'object' && 'columnNumber' in locator
        ? Number(locator.columnNumber)
        : 0;
    const where = line > 0 ? ` at line ${line}${column > 0 ? `, column ${column}` : ''}` : '';
    const reason = problem || (error instanceof Error ? error.message : String(error));
    throw new ImportError(`Malformed XML${where}: ${reason.replace(/\.$/, '')}.`);
  }
}
