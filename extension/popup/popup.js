import { ext } from '../shared/browser.js';

const [tab] = await ext.tabs.query({ active: true, currentWindow: true });
const stats = await ext.tabs.sendMessage(tab.id, { type: 'ditto:stats' }).catch(() => null);
if (stats?.totals) {
  document.getElementById('blocks').textContent = stats.totals.blocks;
  document.getElementById('repeated').textContent = stats.totals.repeatedBlocks;
}
