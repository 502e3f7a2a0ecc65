// The content script proper: extract the page's blocks, ask the engine,
// paint the answer.

import { ext } from '../shared/browser.js';
import { extractBlocks, toEngineBatch } from '../shared/extract.js';
import { Painter } from '../shared/paint.js';
import { connectEngine } from './engine-client.js';

export async function start() {
  const engine = await connectEngine();
  const blocks = extractBlocks(document.body);
  const report = await engine.analyze(toEngineBatch(blocks));
  new Painter().paint(blocks, report);
  await ext.runtime
    .sendMessage({ type: 'ditto:report', where: engine.where, totals: report.totals })
    .catch(() => {});
}
