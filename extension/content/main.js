// The content script proper: extract the page's blocks, ask the engine,
// paint the answer, and answer the popup.

import { ext } from '../shared/browser.js';
import { DittoSession } from '../shared/session.js';
import { connectEngine } from './engine-client.js';

export async function start() {
  const engine = await connectEngine();
  const session = new DittoSession({ root: document.body, engine });
  ext.runtime.onMessage.addListener((message, _sender, sendResponse) => {
    if (message?.type !== 'ditto:stats') return false;
    sendResponse(session.stats());
    return false;
  });
  await session.run();
  await ext.runtime
    .sendMessage({ type: 'ditto:report', where: engine.where, totals: session.totals })
    .catch(() => {});
}
