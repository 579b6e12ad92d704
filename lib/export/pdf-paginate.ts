/**
 * What `paginate` needs to know, in CSS px (96 to the inch; 1 pt = 4/3 px).
 */
export interface PaginateOptions {
  /** The document symbol, for the running head of pages 2 and after ('' for none). */
  symbol: string;
  /** Height of a page's text area (body and footnotes). */
  textHeight: number;
  /** Word's default tab stops: every `defaultTab` from the page margin. */
  defaultTab: number;
  /** Lines kept together at the foot and the head of a page when a paragraph is split. */
  orphans: number;
  widows: number;
}

/**
 * Runs in the page that Chromium prints (pdf-layout.ts writes it), before the
 * print: lays the blocks of `#flow` out on A4 pages as Word lays out the DOCX,
 *
 * - a paragraph split across pages at a line (never leaving fewer than
 *   `orphans` lines at the foot of a page or `widows` at the head of the next;
 *   headings and the title are never split, and stay with what follows them);
 * - each footnote (`#notes > .note`, `data-fn`) at the foot of the page of its
 *   reference (`sup.fnref`, same `data-fn`), under a short rule: a line whose
 *   footnotes do not fit goes to the next page with them; a footnote too long
 *   for any page starts under its reference and runs on at the foot of the
 *   next page, under a rule the width of the text;
 * - the labels of OPs, sub-paragraphs and headings end at their tab stop
 *   (`data-stop`), or at the next default tab stop when longer;
 * - the running head (the symbol) and foot ("2/3") on pages 2 and after, on
 *   the right on odd pages and on the left on even ones, as the DOCX has them.
 *
 * It is serialized into the page with `Function.prototype.toString`, so it
 * must use nothing from outside its own body.
 */
export function paginate(options: PaginateOptions): void {
  const EPSILON = 0.5;
  const flow = document.getElementById('flow');
  const notesSource = document.getElementById('notes');
  const pagesRoot = document.getElementById('pages');
  if (!flow || !notesSource || !pagesRoot) return;

  // Labels end at their tab stop, or at the next default stop when longer than that.
  const margin = flow.getBoundingClientRect().left;
  for (const label of Array.from(flow.querySelectorAll<HTMLElement>('.label[data-stop]'))) {
    const stop = Number(label.dataset.stop);
    label.style.width = 'auto';
    const rect = label.getBoundingClientRect();
    const end = rect.right - margin;
    const tab =
      end < stop - EPSILON
        ? stop
        : (Math.floor((end + EPSILON) / options.defaultTab) + 1) * options.defaultTab;
    label.style.width = `${tab - (rect.left - margin)}px`;
  }

  const notes = new Map<string, HTMLElement>();
  for (const note of Array.from(notesSource.querySelectorAll<HTMLElement>('.note'))) {
    notes.set(note.dataset.fn ?? '', note);
  }

  interface Page {
    element: HTMLElement;
    body: HTMLElement;
    notes: HTMLElement;
  }

  const pages: Page[] = [];
  /** Pieces of footnotes that run on at the foot of the next page. */
  let carried: HTMLElement[] = [];

  function px(value: string): number {
    return Number.parseFloat(value) || 0;
  }

  function newPage(): Page {
    const element = document.createElement('div');
    element.className = 'page';
    const body = document.createElement('div');
    body.className = 'body';
    const area = document.createElement('div');
    area.className = 'notes';
    const rule = document.createElement('div');
    rule.className = 'separator';
    area.appendChild(rule);
    element.append(body, area);
    pagesRoot!.appendChild(element);
    const page = { element, body, notes: area };
    pages.push(page);
    const pieces = carried;
    carried = [];
    if (pieces.length > 0) {
      rule.classList.add('continuation');
      for (const piece of pieces) area.appendChild(piece);
      fitNotes(page);
    }
    return page;
  }

  /** Whether `note` is a long footnote: one that may run on to the next page rather than take its line there. */
  function isLong(note: HTMLElement): boolean {
    if (note.dataset.long === undefined) {
      note.dataset.long = String(note.getBoundingClientRect().height > options.textHeight / 3);
    }
    return (
      note.dataset.long === 'true' &&
      !note.classList.contains('split') &&
      !note.classList.contains('continued')
    );
  }

  /**
   * Height of the footnotes at the foot of `page`, with their rule (0 when
   * none); with `cuts`, counting a long footnote not cut yet as its first lines.
   */
  function notesHeight(page: Page, cuts = false): number {
    if (page.notes.children.length <= 1) return 0;
    let height = page.notes.getBoundingClientRect().height;
    if (cuts) {
      for (const note of Array.from(page.notes.querySelectorAll<HTMLElement>('.note'))) {
        if (!isLong(note)) continue;
        const geometry = lines(note);
        height -= (geometry.count - Math.min(geometry.count, options.orphans)) * geometry.height;
      }
    }
    return height;
  }

  /** Where the body's text ends, from the top of the text area (space after its last paragraph left out). */
  function bodyHeight(page: Page): number {
    const last = page.body.lastElementChild;
    if (!(last instanceof HTMLElement)) return 0;
    return last.getBoundingClientRect().bottom - page.body.getBoundingClientRect().top;
  }

  /**
   * Whether the body and the footnotes fit on `page`; with `cuts`, once long
   * footnotes are cut to run on (`fitNotes`).
   */
  function fits(page: Page, bodyEnd = bodyHeight(page), cuts = true): boolean {
    return bodyEnd + notesHeight(page, cuts) <= options.textHeight + EPSILON;
  }

  /** The footnote references in `block`, in order. */
  function references(block: Element): HTMLElement[] {
    return Array.from(block.querySelectorAll<HTMLElement>('sup.fnref[data-fn]'));
  }

  /** Adds the footnotes of `refs` not yet on a page to the foot of `page`; returns them. */
  function addNotes(page: Page, refs: HTMLElement[]): HTMLElement[] {
    const added: HTMLElement[] = [];
    for (const ref of refs) {
      const note = notes.get(ref.dataset.fn ?? '');
      if (note && (!note.parentElement || note.parentElement === notesSource)) {
        page.notes.appendChild(note);
        added.push(note);
      }
    }
    return added;
  }

  function removeAll(elements: HTMLElement[]): void {
    for (const element of elements) element.remove();
  }

  interface Lines {
    /** Top of the first line, in viewport px. */
    top: number;
    /** Line height. */
    height: number;
    count: number;
  }

  /** The lines of a paragraph laid out with an exact line height. */
  function lines(block: HTMLElement): Lines {
    const style = getComputedStyle(block);
    const rect = block.getBoundingClientRect();
    const top = rect.top + px(style.paddingTop) + px(style.borderTopWidth);
    const contentHeight = rect.bottom - px(style.paddingBottom) - px(style.borderBottomWidth) - top;
    const height = px(style.lineHeight) || contentHeight;
    return { top, height, count: Math.max(1, Math.round(contentHeight / height)) };
  }

  /** The line of `block` that holds `element`. */
  function lineOf(element: HTMLElement, geometry: Lines): number {
    const rect = element.getBoundingClientRect();
    const middle = (rect.top + rect.bottom) / 2;
    return Math.min(
      geometry.count - 1,
      Math.max(0, Math.floor((middle - geometry.top) / geometry.height)),
    );
  }

  function splittable(block: HTMLElement): boolean {
    return !block.classList.contains('keep-lines') && !block.classList.contains('atomic');
  }

  /** The text nodes of `block` where a line may start: not in labels or footnote references. */
  function textNodes(block: HTMLElement): Text[] {
    const walker = document.createTreeWalker(block, NodeFilter.SHOW_TEXT, {
      acceptNode: (node) =>
        node.parentElement?.closest('.label, sup.fnref')
          ? NodeFilter.FILTER_REJECT
          : NodeFilter.FILTER_ACCEPT,
    });
    const nodes: Text[] = [];
    for (let node = walker.nextNode(); node; node = walker.nextNode()) nodes.push(node as Text);
    return nodes;
  }

  /**
   * Splits `block` after its first `keep` lines: they stay in `block`, the
   * rest moves to a new block of the same kind, which is returned (null when
   * nothing is below those lines).
   */
  function split(block: HTMLElement, keep: number): HTMLElement | null {
    const geometry = lines(block);
    const limit = geometry.top + keep * geometry.height;
    const nodes = textNodes(block);
    const starts: number[] = [];
    let total = 0;
    for (const node of nodes) {
      starts.push(total);
      total += node.data.length;
    }
    const range = document.createRange();
    /** The first visible character at or after the `index`-th character of the text, with its middle. */
    const visibleFrom = (index: number) => {
      let n = 0;
      while (n + 1 < nodes.length && starts[n + 1]! <= index) n++;
      for (let offset = index - (starts[n] ?? 0); n < nodes.length; n++, offset = 0) {
        const node = nodes[n]!;
        for (let i = offset; i < node.data.length; i++) {
          if (/\s/.test(node.data[i]!)) continue;
          range.setStart(node, i);
          range.setEnd(node, i + 1);
          const rect = range.getClientRects()[0];
          if (rect) return { node, offset: i, middle: (rect.top + rect.bottom) / 2 };
        }
      }
      return null;
    };
    // The first character below the kept lines (the lines run down in text order).
    let low = 0;
    let high = total;
    while (low < high) {
      const mid = (low + high) >> 1;
      const next = visibleFrom(mid);
      if (next === null || next.middle > limit) high = mid;
      else low = mid + 1;
    }
    const start = visibleFrom(low);
    if (!start) return null;
    range.setStart(start.node, start.offset);
    range.setEndAfter(block.lastChild!);
    const rest = range.extractContents();
    const tail = block.cloneNode(false) as HTMLElement;
    tail.classList.add('continued');
    tail.removeAttribute('id');
    tail.appendChild(rest);
    block.classList.add('split');
    return tail;
  }

  /**
   * The most lines of `block` (the last one on `page`) that fit on it with
   * their footnotes, from `least` to `most`; 0 when none.
   */
  function mostLinesThatFit(page: Page, block: HTMLElement, least: number, most: number): number {
    const geometry = lines(block);
    const refs = references(block).map((ref) => ({ ref, line: lineOf(ref, geometry) }));
    const bodyTop = page.body.getBoundingClientRect().top;
    for (let keep = most; keep >= least; keep--) {
      const added = addNotes(
        page,
        refs.filter((entry) => entry.line < keep).map((entry) => entry.ref),
      );
      const ok = fits(page, geometry.top + keep * geometry.height - bodyTop);
      removeAll(added);
      if (ok) return keep;
    }
    return 0;
  }

  /**
   * Footnotes that overflow the foot of `page`: the long one (or the last
   * one) is cut after the lines that fit, one at least, and the rest runs on
   * at the foot of the next page, with the footnotes after it.
   */
  function fitNotes(page: Page): void {
    const bodyEnd = bodyHeight(page);
    while (!fits(page, bodyEnd, false) && page.notes.children.length > 1) {
      const onPage = Array.from(page.notes.querySelectorAll<HTMLElement>('.note'));
      const last = onPage[onPage.length - 1]!;
      const cut = onPage.some(isLong) ? onPage.filter(isLong).pop()! : last;
      if (cut !== last) {
        last.remove();
        carried.unshift(last);
        continue;
      }
      const geometry = lines(cut);
      const overflow = bodyEnd + notesHeight(page) - options.textHeight;
      const keep = geometry.count - Math.ceil((overflow - EPSILON) / geometry.height);
      if (keep < 1 && onPage.length > 1) {
        cut.remove();
        carried.unshift(cut);
        continue;
      }
      const rest = split(cut, Math.max(1, keep));
      if (rest) carried.unshift(rest);
      return;
    }
  }

  const queue = Array.from(flow.children).filter(
    (child): child is HTMLElement => child instanceof HTMLElement,
  );
  let page = newPage();
  while (queue.length > 0) {
    const block = queue.shift()!;
    page.body.appendChild(block);
    // No space before a paragraph at the top of a page after a page break (as Word and LibreOffice).
    block.classList.toggle('page-top', pages.length > 1 && page.body.children.length === 1);
    const added = addNotes(page, references(block));
    if (fits(page)) {
      fitNotes(page);
      continue;
    }
    removeAll(added);
    const geometry = lines(block);
    const canSplit = splittable(block) && geometry.count >= options.orphans + options.widows;
    const keep = canSplit
      ? mostLinesThatFit(page, block, options.orphans, geometry.count - options.widows)
      : 0;
    if (keep > 0) {
      const tail = split(block, keep);
      addNotes(page, references(block));
      fitNotes(page);
      if (tail) queue.unshift(tail);
      page = newPage();
      continue;
    }
    if (page.body.children.length === 1) {
      // Alone on its page and still too long: as many lines as fit, or the
      // first lines with the footnotes cut to run on at the foot of the next page.
      let tail: HTMLElement | null = null;
      if (splittable(block) && geometry.count > 1) {
        // At least the lines kept at the foot of a page, even under footnotes run on from the last.
        const least = Math.min(options.orphans, geometry.count - 1);
        tail = split(block, Math.max(least, mostLinesThatFit(page, block, 1, geometry.count - 1)));
      }
      addNotes(page, references(block));
      fitNotes(page);
      if (tail) queue.unshift(tail);
      page = newPage();
      continue;
    }
    // To the next page, with the headings before it that are kept with what follows them.
    block.remove();
    const moved = [block];
    while (page.body.children.length > 1) {
      const previous = page.body.lastElementChild as HTMLElement;
      if (!previous.classList.contains('keep-next')) break;
      for (const ref of references(previous)) notes.get(ref.dataset.fn ?? '')?.remove();
      previous.remove();
      moved.unshift(previous);
    }
    queue.unshift(...moved);
    page = newPage();
  }
  while (carried.length > 0) newPage();
  flow.remove();
  notesSource.remove();

  // Running head and foot on the pages after the first, as in the DOCX.
  pages.forEach((each, index) => {
    if (each.notes.children.length <= 1) each.notes.remove();
    if (index === 0) return;
    const side = (index + 1) % 2 === 0 ? 'even' : 'odd';
    const head = document.createElement('div');
    head.className = `running-head ${side}${options.symbol ? ' ruled' : ''}`;
    head.textContent = options.symbol;
    const foot = document.createElement('div');
    foot.className = `running-foot ${side}`;
    foot.textContent = `${index + 1}/${pages.length}`;
    each.element.append(head, foot);
  });
}
