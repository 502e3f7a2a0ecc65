// One page's analysis, from DOM to paint: extract blocks, ask the engine,
// paint the answer, and undo it all on request. Shared by the extension's
// content script and the playground (www/), so both paint the same way.

import { extractBlocks, toEngineBatch } from './extract.js';
import { Painter } from './paint.js';

/**
 * @typedef {{where: 'page'|'background', fallbackReason?: string,
 *   analyze: (batch: object[]) => Promise<object>}} EngineClient
 */

export class DittoSession {
  /**
   * @param {{root: Element, engine: EngineClient, registry?: HighlightRegistry}} options
   */
  constructor({ root, engine, registry }) {
    this.root = root;
    this.engine = engine;
    this.painter = new Painter(registry);
    /** Every block analysed so far, indexed by the engine's page-wide id. */
    this.blocks = [];
    this.totals = null;
    this.analysisMs = 0;
  }

  /** Analyses everything under the root (first run). */
  async run() {
    return this.analyze(extractBlocks(this.root));
  }

  /** Analyses a batch of freshly extracted blocks against the page so far. */
  async analyze(blocks) {
    const started = performance.now();
    if (blocks.length === 0) return null;
    const report = await this.engine.analyze(toEngineBatch(blocks));
    for (const [i, blockReport] of report.blocks.entries()) this.blocks[blockReport.id] = blocks[i];
    this.painter.paint(blocks, report);
    this.totals = report.totals;
    this.analysisMs += performance.now() - started;
    return report;
  }

  /** Removes every highlight; the DOM is as it was before. */
  clear() {
    this.painter.clear();
  }

  /** Figures for the popup. */
  stats() {
    return {
      where: this.engine.where,
      fallbackReason: this.engine.fallbackReason ?? null,
      totals: this.totals,
      analysisMs: this.analysisMs,
    };
  }
}
