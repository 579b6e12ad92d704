const REPORT_LINE =
  /^\[(?:on the report of the (.+?)(?: \(([^()]*\/[^()]*)\))?|without reference to a Main Committee.*)\]$/;

/**
 * The committee named in "[on the report of the Third Committee (A/77/463/Add.2, para. 87)]";
 * '' for "[without reference to a Main Committee (…)]"; null for any other text.
 */
export function committeeFromReportLine(text: string): string | null {
  const match = REPORT_LINE.exec(text.replace(/\s+/g, ' ').trim());
  if (!match) return null;
  return match[1]?.trim() ?? '';
}
