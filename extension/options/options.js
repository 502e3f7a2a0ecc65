// The options page: the global default (on everywhere / only where switched
// on) and whether same-story lists collapse. Each change is saved at once;
// open pages apply it live (they listen to storage changes).

import { getSettings, setCollapseLists, setDefaultMode } from '../shared/settings.js';
import { localize, message } from '../popup/i18n.js';

const form = document.getElementById('options');
const saved = document.getElementById('saved');

function confirmSaved() {
  saved.textContent = message('optionsSaved', undefined, 'Saved.');
}

async function main() {
  localize();
  const settings = await getSettings();
  form.elements.defaultMode.value = settings.defaultMode;
  form.elements.collapseLists.checked = settings.collapseLists;
  form.addEventListener('change', async (event) => {
    const input = event.target;
    if (input.name === 'defaultMode') await setDefaultMode(input.value);
    else if (input.name === 'collapseLists') await setCollapseLists(input.checked);
    confirmSaved();
  });
  document.body.dataset.ready = 'true';
}

main();
