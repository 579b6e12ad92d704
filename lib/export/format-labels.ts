/**
 * The export formats as the Export menu lists them: ids and names only, so
 * that the page does not load the converters (`index.ts` has them).
 */
export const EXPORT_FORMAT_LABELS = {
  docx: 'Word (DOCX)',
  pdf: 'PDF',
  md: 'Markdown',
  txt: 'Plain text',
  akn: 'Akoma Ntoso (AKN4UN XML)',
  html: 'HTML (print)',
} as const;

export type ExportFormatId = keyof typeof EXPORT_FORMAT_LABELS;

export const EXPORT_FORMAT_IDS = Object.keys(EXPORT_FORMAT_LABELS) as ExportFormatId[];
