/** The longest file name an export gets, before its extension. */
const MAX_NAME_LENGTH = 80;

/**
 * An export's file name from the draft's symbol or title: letters, digits,
 * dots and dashes. A long title is shortened, never the variant's suffix
 * ("-compilation", "-markup"), which says what the file is.
 */
export function exportFileName(base: string, suffix: string, extension: string): string {
  const safe = (text: string) =>
    text
      .normalize('NFKD')
      // The accents NFKD took apart ("é" → "e" + accent) go, not the letter with them.
      .replace(/\p{M}+/gu, '')
      .replace(/[^\w.-]+/g, '-')
      .replace(/^-+|-+$/g, '');
  const tail = safe(suffix);
  const room = MAX_NAME_LENGTH - (tail ? tail.length + 1 : 0);
  const head = safe(base).slice(0, room).replace(/-+$/, '') || 'draft';
  return `${tail ? `${head}-${tail}` : head}.${extension}`;
}
