import { expect, type Locator, type Page } from '@playwright/test';

/** The draft editor page, as a delegate uses it. */
export class DraftPage {
  readonly editor: Locator;
  readonly connection: Locator;
  readonly presence: Locator;

  constructor(readonly page: Page) {
    this.editor = page.getByRole('textbox', { name: 'Text of the draft resolution' });
    this.connection = page.getByRole('status');
    this.presence = page.getByRole('region', { name: 'Delegates in this draft' });
  }

  async open(draftId: string): Promise<void> {
    await this.page.goto(`/drafts/${draftId}`);
    await this.waitUntilEditable();
  }

  /** Opens a draft the delegate may only follow (an observer). */
  async openReadOnly(draftId: string): Promise<void> {
    await this.page.goto(`/drafts/${draftId}`);
    await expect(this.connection).toHaveText('Connected');
    await expect(this.page.locator('article.resolution')).toHaveAttribute('aria-busy', 'false');
    await expect(this.editor).toHaveAttribute('contenteditable', 'false');
  }

  async waitUntilEditable(): Promise<void> {
    await expect(this.connection).toHaveText('Connected');
    await expect(this.editor).toHaveAttribute('contenteditable', 'true');
  }

  /** The margin references of every paragraph, in order: "PP1", "OP2 (a)", "Section I"… */
  async references(): Promise<string[]> {
    return this.editor
      .locator('[data-ref]')
      .evaluateAll((elements) => elements.map((e) => e.getAttribute('data-ref') ?? ''));
  }

  /** The labels printed before the text: "1.", "(a)", "" for PPs… */
  async labels(): Promise<string[]> {
    return this.editor
      .locator('[data-ref]')
      .evaluateAll((elements) => elements.map((e) => e.getAttribute('data-label') ?? ''));
  }

  preambular(index: number): Locator {
    return this.editor.locator('.preambular-paragraph').nth(index);
  }

  operative(index: number): Locator {
    return this.editor.locator('.operative-paragraph').nth(index);
  }

  /** Puts the caret at the end of `paragraph` and types `text` as keystrokes. */
  async typeAtEnd(paragraph: Locator, text: string): Promise<void> {
    await this.select(paragraph, null);
    await this.page.keyboard.type(text);
  }

  /** How many updates the browser's IndexedDB copy of the draft holds (y-indexeddb). */
  async localCacheUpdates(draftId: string): Promise<number> {
    return this.page.evaluate(
      (name) =>
        new Promise<number>((resolve, reject) => {
          const open = indexedDB.open(name);
          open.onupgradeneeded = () => reject(new Error(`no local copy ${name}`));
          open.onerror = () => reject(open.error);
          open.onsuccess = () => {
            const db = open.result;
            const count = db.transaction('updates').objectStore('updates').count();
            count.onsuccess = () => {
              resolve(count.result);
              db.close();
            };
            count.onerror = () => reject(count.error);
          };
        }),
      await this.localCacheName(draftId),
    );
  }

  /** The name of this user's local copy of the draft (it includes the user's id). */
  private async localCacheName(draftId: string): Promise<string> {
    const names = await this.page.evaluate(async () =>
      (await indexedDB.databases()).map((db) => db.name ?? ''),
    );
    const name = names.find((n) => n.startsWith('concord-draft-') && n.endsWith(`-${draftId}`));
    if (!name) throw new Error(`no local copy of draft ${draftId} among ${names.join(', ')}`);
    return name;
  }

  /** Selects the first occurrence of `text` inside `paragraph` (in one text node). */
  async selectText(paragraph: Locator, text: string): Promise<void> {
    await this.select(paragraph, text);
  }

  /**
   * Selects `wanted` in `paragraph`, or puts the caret at its end (null), through the
   * editor, not the DOM: ProseMirror reads a DOM selection only on the next
   * selectionchange, and keys pressed before that went to the clicked caret (typing "S"
   * over "Secretary-General" struck only "ecretary-General"; Enter "at the end" of OP1
   * split it where the click had landed).
   */
  private async select(paragraph: Locator, wanted: string | null): Promise<void> {
    await paragraph.click();
    await paragraph.evaluate((element, wanted) => {
      type View = { posAtDOM(node: Node, offset: number): number; focus(): void };
      type Editor = { view: View; commands: { setTextSelection(r: object): boolean } };
      const editor = (element.closest('.ProseMirror') as (Element & { editor?: Editor }) | null)
        ?.editor;
      if (!editor) throw new Error('the paragraph is not in an editor');
      // The paragraph's own text: not the carets, labels and markers drawn into it.
      const texts: Text[] = [];
      const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        if (!node.parentElement?.closest('[contenteditable="false"]')) texts.push(node as Text);
      }
      const select = (from: number, to: number) => {
        editor.commands.setTextSelection({ from, to });
        editor.view.focus();
      };
      if (wanted === null) {
        const last = texts.at(-1);
        const end = last
          ? editor.view.posAtDOM(last, last.length)
          : editor.view.posAtDOM(element, 0);
        return select(end, end);
      }
      for (const node of texts) {
        const at = node.data.indexOf(wanted);
        if (at < 0) continue;
        return select(
          editor.view.posAtDOM(node, at),
          editor.view.posAtDOM(node, at + wanted.length),
        );
      }
      throw new Error(`"${wanted}" is not in the paragraph`);
    }, wanted);
  }

  /** The amendments panel beside the text. */
  get amendments(): Locator {
    return this.page.getByRole('complementary', { name: /Amendments/ });
  }

  /** The pending amendments listed in the panel. */
  get amendmentItems(): Locator {
    return this.amendments.getByRole('list', { name: 'Pending amendments' }).getByRole('listitem');
  }

  /** A paragraph's text without the carets and name labels of other delegates. */
  textOf(paragraph: Locator): Promise<string> {
    return paragraph.evaluate((element) => {
      const copy = element.cloneNode(true) as HTMLElement;
      copy.querySelectorAll('.collaboration-carets__caret').forEach((caret) => caret.remove());
      return copy.textContent ?? '';
    });
  }
}
