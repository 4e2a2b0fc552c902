import type { Block } from '../article/model.ts';
import type { Summarizer } from '../ports.ts';
import { type SummaryLength, type SummaryResult, summarizeBlocks } from '../summarize/extractive.ts';

export class ExtractiveSummarizer implements Summarizer {
  readonly name = 'paragraf-extractive-1';

  summarize(blocks: readonly Block[], length: SummaryLength): SummaryResult {
    return summarizeBlocks(blocks, length);
  }
}
