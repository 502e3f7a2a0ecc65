// The options page: the global default (on everywhere, or only where the user
// switches Ditto on) and whether same-story lists collapse. Changes are saved
// at once; open pages follow through storage.onChanged.

import { localize, t } from '../shared/i18n.js';
import { getSettings, setCollapseLists, setDefaultMode } from '../shared/settings.js';

localize();
const form = document.getElementById('options');
const settings = await getSettings();
form.elements.defaultMode.value = settings.defaultMode;
form.elements.collapseLists.checked = settings.collapseLists;

form.addEventListener('change', async (event) => {
  const field = event.target;
  if (field.name === 'defaultMode') await setDefaultMode(field.value);
  if (field.name === 'collapseLists') await setCollapseLists(field.checked);
  document.getElementById('saved').textContent = t('optionsSaved');
});
