import assert from 'node:assert/strict';
import { test } from 'node:test';
import { openingPhraseLength } from './opening-phrase';

function opener(text: string, kind: 'preambular' | 'operative' = 'preambular'): string {
  return text.slice(0, openingPhraseLength(text, kind));
}

test('the opening phrase: known openers, then the participle with the words that belong to it', () => {
  assert.equal(opener('Reaffirming its commitment to promoting'), 'Reaffirming');
  assert.equal(opener('Recalling also its adoption'), 'Recalling also');
  assert.equal(opener('Recalling further the World Conference'), 'Recalling further');
  assert.equal(opener('Bearing in mind the work'), 'Bearing in mind');
  assert.equal(opener('Calls once again upon Israel', 'operative'), 'Calls once again upon');
  assert.equal(opener('Also reaffirms the duty', 'operative'), 'Also reaffirms');
  // Not in the lists: the heuristic.
  assert.equal(opener('Profoundly troubled by the report'), 'Profoundly troubled');
  assert.equal(opener('Having scrutinized the report'), 'Having scrutinized');
  assert.equal(opener('Ruminating also on the matter'), 'Ruminating also');
  assert.equal(opener('Ruminating, on the matter'), 'Ruminating');
});
