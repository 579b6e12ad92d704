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

/**
 * What is exported: the final draft (pending amendments left out), the
 * marked-up text (Word tracked changes by delegation; CriticMarkup in
 * Markdown), or the compilation of amendments for negotiators.
 */
export const EXPORT_VARIANT_LABELS = {
  final: 'Final draft',
  markup: 'Marked-up text (tracked changes)',
  compilation: 'Compilation of amendments',
} as const;

export type ExportVariant = keyof typeof EXPORT_VARIANT_LABELS;

export const EXPORT_VARIANTS = Object.keys(EXPORT_VARIANT_LABELS) as ExportVariant[];

/** The formats each variant is written in, in the order the Export menu lists them. */
export const VARIANT_FORMAT_IDS: Readonly<Record<ExportVariant, readonly ExportFormatId[]>> = {
  final: EXPORT_FORMAT_IDS,
  markup: ['docx', 'md'],
  compilation: ['docx', 'md'],
};

export function isExportVariant(value: string): value is ExportVariant {
  return Object.hasOwn(EXPORT_VARIANT_LABELS, value);
}
