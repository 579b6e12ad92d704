import assert from 'node:assert/strict';
import { inflateRawSync } from 'node:zlib';

/** Reading back the DOCX files the exporters write, for tests: no library, only node:zlib. */

/** The files of a zip archive (a DOCX), read from its central directory (stored or deflated entries). */
export function docxParts(bytes: Uint8Array): Map<string, string> {
  const data = Buffer.from(bytes);
  const end = data.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  assert.ok(end >= 0, 'a zip archive');
  const count = data.readUInt16LE(end + 10);
  let at = data.readUInt32LE(end + 16);
  const files = new Map<string, string>();
  for (let i = 0; i < count; i++) {
    assert.equal(data.readUInt32LE(at), 0x02014b50, 'a central directory entry');
    const method = data.readUInt16LE(at + 10);
    const size = data.readUInt32LE(at + 20);
    const nameLength = data.readUInt16LE(at + 28);
    const extraLength = data.readUInt16LE(at + 30);
    const commentLength = data.readUInt16LE(at + 32);
    const local = data.readUInt32LE(at + 42);
    const name = data.toString('utf8', at + 46, at + 46 + nameLength);
    const start = local + 30 + data.readUInt16LE(local + 26) + data.readUInt16LE(local + 28);
    const raw = data.subarray(start, start + size);
    files.set(name, (method === 8 ? inflateRawSync(raw) : raw).toString('utf8'));
    at += 46 + nameLength + extraLength + commentLength;
  }
  return files;
}

/** XML text with its entities decoded. */
export function decodeXml(xml: string): string {
  return xml
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');
}

/** The text of a piece of WordprocessingML (`w:t` and `w:delText`), tabs as "\t". */
export function wordText(xml: string): string {
  return decodeXml(
    [...xml.matchAll(/<w:(?:t|delText)(?: [^>]*)?>([^<]*)<\/w:(?:t|delText)>|<w:tab\/>/g)]
      .map((match) => match[1] ?? '\t')
      .join(''),
  );
}

/** The text of each paragraph of a part, deleted text included, tabs as "\t". */
export function paragraphTexts(xml: string): string[] {
  return [...xml.matchAll(/<w:p[ >][\s\S]*?<\/w:p>/g)].map(([paragraph]) => wordText(paragraph));
}

/** The footnotes of a DOCX (`word/footnotes.xml`), separators left out, as XML by id. */
export function footnoteParts(files: Map<string, string>): Map<number, string> {
  const xml = files.get('word/footnotes.xml') ?? '';
  return new Map(
    [...xml.matchAll(/<w:footnote w:id="(\d+)">([\s\S]*?)<\/w:footnote>/g)]
      .filter(([, id]) => Number(id) > 0)
      .map(([, id, part]) => [Number(id), part ?? '']),
  );
}

/** The paragraphs of a part, as XML. */
export function bodyParagraphs(xml: string): string[] {
  return [...xml.matchAll(/<w:p[ >][\s\S]*?<\/w:p>/g)].map(([paragraph]) => paragraph);
}

/**
 * The body's paragraphs as Word shows them once every revision is accepted
 * (deletions, deleted paragraphs and move sources gone) or rejected
 * (insertions, inserted paragraphs and move destinations gone).
 */
export function resolved(xml: string, decision: 'accept' | 'reject'): string[] {
  const gone = decision === 'accept' ? '(?:del|moveFrom)' : '(?:ins|moveTo)';
  return bodyParagraphs(xml)
    .filter(
      (paragraph) => !new RegExp(`<w:pPr>(?:(?!</w:pPr>)[\\s\\S])*<w:${gone} `).test(paragraph),
    )
    .map((paragraph) => {
      const kept = paragraph.replace(new RegExp(`<w:(${gone}) [^>]*>[\\s\\S]*?</w:\\1>`, 'g'), '');
      return paragraphTexts(kept)[0] ?? '';
    });
}
