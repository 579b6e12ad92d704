import { CUBA, FRANCE } from './accounts';
import { expect, test } from './fixtures';

const paragraph = (text: string) => ({ kind: 'paragraph' as const, content: [{ text }] });
const body = {
  preamble: [
    [{ text: 'Recalling its resolution 76/159 of 16 December 2021,' }],
    [{ text: 'Noting with concern the report of the Secretary-General,' }],
    [{ text: 'Reaffirming the Charter of the United Nations,' }],
  ],
  operative: [
    paragraph('Decides to remain seized of the matter;'),
    paragraph('Requests the Secretary-General to report at its next session;'),
    paragraph('Invites all Member States to contribute;'),
    paragraph('Encourages '),
  ],
};

// Without `lib/collab/keep-local-selection.ts`, 6 to 10 of these 24 clicks left France's caret
// in the paragraph clicked before (y-prosemirror issue #146), where her typing would have gone.
test('a click moves the caret while another delegation is typing', async ({
  delegate,
  concord,
}) => {
  test.setTimeout(120_000);
  const draftId = await concord.createDraft('Clicks while typing', body);
  await concord.grant(draftId, CUBA, 'facilitator');
  await concord.grant(draftId, FRANCE, 'facilitator');
  const cuba = await delegate(CUBA);
  await cuba.draft.open(draftId);
  const france = await delegate(FRANCE);
  await france.draft.open(draftId);

  // Cuba types in the last paragraph, a keystroke every 10 ms, for as long as France clicks.
  let clicking = true;
  await cuba.draft.typeAtEnd(cuba.draft.operative(3), 'a');
  const typing = (async () => {
    while (clicking) await cuba.page.keyboard.type('bcdefghij', { delay: 10 });
  })();
  await expect.poll(() => france.draft.textOf(france.draft.operative(3))).toMatch(/Encourages ab/);

  const targets = [
    france.draft.preambular(0),
    france.draft.operative(1),
    france.draft.preambular(2),
    france.draft.operative(0),
    france.draft.preambular(1),
    france.draft.operative(2),
  ];
  const missed: string[] = [];
  try {
    for (let i = 0; i < 24; i++) {
      const target = targets[i % targets.length]!;
      const clicked = await target.getAttribute('data-ref');
      await target.click();
      // Long enough for the browser's selectionchange, and for more of Cuba's keystrokes.
      await france.page.waitForTimeout(40);
      const caretIn = await france.page.evaluate(() => {
        const node = window.getSelection()?.anchorNode;
        const element = node instanceof Element ? node : node?.parentElement;
        return element?.closest('[data-ref]')?.getAttribute('data-ref') ?? null;
      });
      if (caretIn !== clicked) missed.push(`click ${i + 1} on ${clicked}: caret in ${caretIn}`);
    }
  } finally {
    clicking = false;
    await typing;
  }
  expect(missed).toEqual([]);

  // And what France types after a click goes where she clicked.
  await france.draft.operative(1).click();
  await france.page.keyboard.press('End');
  await france.page.keyboard.type(' and to the Council');
  await expect
    .poll(() => cuba.draft.textOf(cuba.draft.operative(1)))
    .toBe('Requests the Secretary-General to report at its next session; and to the Council');
});
