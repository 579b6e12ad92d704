import type { SubParagraphLevel } from '../schema/resolution-document';
import { positionAtLevel, possibleLevels, type SubParagraphLabel } from './sub-paragraph-label';

/** Where a sub-paragraph goes, as decided from its label and what came before. */
export interface PlacedSubParagraph {
  level: SubParagraphLevel;
  /** The label's position is not the next one at that level ((c) after (a), or (iv) first). */
  outOfSequence: boolean;
}

/** What is known about a sub-paragraph besides its label. */
export interface SubParagraphContext {
  /** Level given by the source's indentation, when it has any. */
  indentLevel?: number;
  /** The paragraph before ends with ":", so it introduces a list. */
  previousIntroducesList?: boolean;
}

/**
 * Follows the sub-paragraphs of one operative paragraph and places each new
 * label at a level. "(i)" is the ninth letter after "(h)" at the same level
 * but the first roman numeral under "(a)"; "i." likewise at levels 3 and 4.
 * Indentation, where present, decides between levels the sequence allows;
 * otherwise a preceding ":" makes the deeper reading win.
 */
export class SubParagraphSequence {
  /** Last position used at each level 1..4 (index 0 unused), -1 when none yet. */
  private positions = [-1, -1, -1, -1, -1];
  private depth = 0;

  /** Starts over, for a new operative paragraph. */
  reset(): void {
    this.positions = [-1, -1, -1, -1, -1];
    this.depth = 0;
  }

  /** The position the next sub-paragraph at `level` would take. */
  expected(level: SubParagraphLevel): number {
    return level > this.depth ? 0 : (this.positions[level] ?? -1) + 1;
  }

  /** Records a sub-paragraph at `level` and `position`; deeper counters restart. */
  record(level: SubParagraphLevel, position: number): void {
    this.positions[level] = position;
    for (let deeper = level + 1; deeper <= 4; deeper++) this.positions[deeper] = -1;
    this.depth = level;
  }

  /** Decides the level of `label`, records it and says whether it was in sequence. */
  place(label: SubParagraphLabel, context: SubParagraphContext = {}): PlacedSubParagraph {
    const allowed = possibleLevels(label).filter((level) => level <= this.depth + 1);
    const inSequence = allowed.filter(
      (level) => positionAtLevel(label, level) === this.expected(level),
    );
    const indent = allowed.find((level) => level === context.indentLevel);
    let level: SubParagraphLevel;
    if (indent && inSequence.includes(indent)) level = indent;
    else if (inSequence.length === 1 && inSequence[0]) level = inSequence[0];
    else if (inSequence.length > 1) {
      level = (
        context.previousIntroducesList ? inSequence.at(-1) : inSequence[0]
      ) as SubParagraphLevel;
    } else if (indent) level = indent;
    else if (allowed.length > 0) level = this.closest(label, allowed);
    else level = Math.min(this.depth + 1, possibleLevels(label)[0] ?? 1) as SubParagraphLevel;
    const expected = this.expected(level);
    const position = positionAtLevel(label, level);
    this.record(level, position ?? expected);
    return { level, outOfSequence: position !== expected };
  }

  private closest(label: SubParagraphLabel, levels: SubParagraphLevel[]): SubParagraphLevel {
    const distance = (level: SubParagraphLevel) =>
      Math.abs((positionAtLevel(label, level) ?? Infinity) - this.expected(level));
    return levels.reduce((best, level) => (distance(level) < distance(best) ? level : best));
  }
}
