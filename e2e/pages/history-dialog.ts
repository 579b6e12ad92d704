import type { Locator, Page } from '@playwright/test';

/** The History dialog of the draft page: the draft's audit record. */
export class HistoryDialog {
  readonly button: Locator;
  readonly dialog: Locator;
  readonly heading: Locator;
  /** The entries shown (the table's body rows). */
  readonly rows: Locator;
  readonly download: Locator;

  constructor(readonly page: Page) {
    this.button = page.getByRole('button', { name: 'History', exact: true });
    this.dialog = page.getByRole('dialog', { name: 'History of this draft' });
    this.heading = this.dialog.getByRole('heading', { name: 'History of this draft' });
    this.rows = this.dialog.locator('tbody').getByRole('row');
    this.download = this.dialog.getByRole('link', { name: 'Download CSV' });
  }

  async open(): Promise<void> {
    await this.button.click();
    await this.dialog.waitFor();
  }

  /** The row of an action, e.g. "Amendment accepted", that mentions `text`. */
  row(action: string, text: string): Locator {
    return this.rows.filter({ hasText: action }).filter({ hasText: text });
  }

  /** Chooses an option of a filter ("Delegation", "Paragraph", "Action"); '' is All. */
  async filter(name: 'Delegation' | 'Paragraph' | 'Action', option: string): Promise<void> {
    const select = this.dialog.getByLabel(name);
    await (option === '' ? select.selectOption('') : select.selectOption({ label: option }));
  }
}
