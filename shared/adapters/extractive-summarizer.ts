import type { Block } from '../article/model.ts';
import type { Summarizer } from '../ports.ts';
import {
  DEFAULT_WEIGHTS,
  type SummaryLength,
  type SummaryResult,
  summarizeBlocks,
} from '../summarize/extractive.ts';

export class ExtractiveSummarizer implements Summarizer {
  readonly name = 'paragraf-extractive-2';

  summarize(blocks: readonly Block[], length: SummaryLength, language: string): SummaryResult {
    return summarizeBlocks(blocks, length, DEFAULT_WEIGHTS, language);
  }
}
