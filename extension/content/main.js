// The content script proper: follows the settings for this site, runs a
// DittoSession while Ditto is on, undoes everything when it is switched off,
// and answers the popup.

/* global DITTO_STAGE */
import { ext } from '../shared/browser.js';
import { englishMessages, fillMessage, languageTag } from '../shared/labels.js';
import { DittoSession } from '../shared/session.js';
import { englishWhere, ReadTracker, siteOf, timeAgo } from '../shared/read-elsewhere.js';
import { enabledFor, getSettings, onSettingsChanged, remembersOn, settingsFrom } from '../shared/settings.js';
import { answerPopup, emptyStats, reportFailure, toggleSite } from './answers.js';
import { connectEngine } from './engine-client.js';

export { reportFailure };

// The strings shown in the page, from _locales, and the language's digits:
// the background sends them with Ditto's styles (ditto:show), before
// anything is shown, since working them out in the page costs its main
// thread (background.js, pageMessages). English where a key is missing.
let pageMessages = {};
function messages(key, substitutions) {
  const template = pageMessages[key];
  return template ? fillMessage(template, substitutions) : englishMessages(key, substitutions);
}

export async function start() {
  const host = location.hostname;
  // The background's engine (engine-client.js): it began loading when the
  // starter asked for this script (else it does with the first batch).
  const engine = connectEngine();
  let session = null;
  let enabled = false;
  let stopClicks = null;
  /** Why the analysis failed (the engine would not load, say), for the popup; null when it did not. */
  let failed = null;
  /** The paragraphs read elsewhere and here (never in a private window). */
  let tracker = null;
  let latestSettings = null;
  /** Whether this is a private window's page: from the starter's answer, else asked on first use. */
  let privateWindow = null;
  const inPrivateWindow = () => (privateWindow ??= Boolean(ext.extension?.inIncognitoContext));
  // Ditto's styles and strings, asked for once there is something to show
  // (background/content-scripts.js, CONTENT_STYLES); a refusal fails the
  // analysis that needed them, which says so.
  let styles = null;
  const showStyles = () => {
    styles ??= ext.runtime.sendMessage({ type: 'ditto:show' }).then((answer) => {
      if (!answer?.ok) throw new Error(`Ditto's styles could not be added to the page: ${answer?.error ?? 'no answer'}`);
      pageMessages = answer.messages ?? {};
    });
    styles.catch(() => (styles = null)); // asked again next time
    return styles;
  };
  const analysed = (s) => {
    report();
    tracker?.add(s.blocks, (block) => s.repeated.has(block.element)).catch(() => {});
  };

  const report = () => {
    if (enabled && session) markAnalysis(session.stats());
    return ext.runtime
      .sendMessage({
        type: 'ditto:report',
        enabled,
        where: session?.engine?.where ?? null,
        totals: enabled ? session?.totals ?? null : null,
      })
      .catch(() => {});
  };

  const fail = (error) => {
    failed = reportFailure(error);
  };

  // The popup's figures and stepping through repeats are about the whole
  // page: the part beyond the reader's reach is analysed first.
  const whole = async () => {
    if (enabled && session && !session.complete) await session.analyzeRest().catch(() => {});
  };
  answerPopup(async () => {
    await whole();
    return {
      ...(session && enabled ? { host, enabled, ...session.stats() } : emptyStats(host, enabled)),
      failed,
      alreadyRead: tracker?.summary() ?? { paragraphs: 0, pages: [] },
    };
  }, {
    jump: (id) => Boolean(enabled && session?.jumpTo(id)),
    step: async (step) => {
      await whole();
      return Boolean(enabled && session?.stepRepeat(step));
    },
    toggleSite: () => toggleSite(host),
  });

  async function apply(settings) {
    const wanted = enabledFor(settings, host);
    latestSettings = settings;
    failed = null;
    // The memory of pages read follows its option live.
    if (tracker && !(wanted && settings.rememberRead)) {
      tracker.clear();
      tracker = null;
    }
    if (wanted && settings.rememberRead && !tracker && !inPrivateWindow()) {
      tracker = new ReadTracker({
        send: (message) => ext.runtime.sendMessage(message),
        showStyles,
        url: () => location.href,
        remember: () => Boolean(latestSettings && remembersOn(latestSettings, host)),
        where: (page) => {
          const template = pageMessages.readWhere;
          if (!template) return englishWhere(page);
          return fillMessage(template, [timeAgo(page.timeMs, languageTag(pageMessages['@@ui_locale'])), siteOf(page.url)]);
        },
      });
      if (session && enabled) tracker.add(session.blocks, (block) => session.repeated.has(block.element)).catch(() => {});
    }
    if (!wanted) {
      if (enabled) {
        enabled = false;
        session.clear();
        stopClicks?.();
        stopClicks = null;
      }
      enabled = false;
      report();
      return;
    }
    if (enabled) {
      // Still on: only the list option or the highlight style may have changed.
      session.setHighlightStyle(settings.highlightStyle);
      if (settings.collapseLists !== session.collapseLists) {
        session.setCollapseLists(settings.collapseLists);
        if (settings.collapseLists) await session.restart();
        report();
      }
      return;
    }
    enabled = true;
    if (!session) {
      // A page load reads as far as the reader's reach; the rest waits
      // until the reader scrolls near it (reach.js).
      session = new DittoSession({
        root: document.body, engine, messages, showStyles, collapseLists: settings.collapseLists,
        highlightStyle: settings.highlightStyle, onAnalyzed: analysed, withinReach: true,
      });
    } else {
      session.collapseLists = settings.collapseLists;
      session.setHighlightStyle(settings.highlightStyle);
      engine.reset(); // the old index holds the page already: start afresh
    }
    if (DITTO_STAGE === 'started') return; // benches/pageload-stages.mjs only (entry.js)
    stopClicks = session.listenForClicks();
    session.watch();
    await session.run();
  }

  // Settings changes apply one after another, in the order they came.
  let applying = Promise.resolve();
  const applyInTurn = (settings) => {
    applying = applying.then(() => apply(settings)).catch(fail);
    return applying;
  };
  // Listening first: a change from now on is never missed. The settings as
  // the page started are stale once one came.
  let changed = false;
  onSettingsChanged((settings) => {
    changed = true;
    return applyInTurn(settings);
  });
  // Chrome's starter had the background inject this script, and its answer
  // brings the settings, read after this script started, and whether the
  // window is private (content/start.js); elsewhere (Firefox, an open tab
  // switched on) they are read here.
  const started = await globalThis.__dittoStarting?.catch(() => null);
  delete globalThis.__dittoStarting;
  if (started?.settings) privateWindow ??= Boolean(started.privateWindow);
  const initial = started?.settings ? settingsFrom(started.settings) : await getSettings();
  if (!changed) await applyInTurn(initial);
}

/** Name of the User Timing entry Ditto adds after each analysis. */
export const ANALYSIS_MEASURE = 'ditto:analysis';

// Leaves a User Timing measure on the page's performance timeline after each
// analysis: it shows in the browser's performance tools, and the sweep and
// tests read the figures there in both browsers (the detail is a JSON string
// so that it crosses from the content script's world to the page's). It says
// no more than the page can already see: Ditto's highlights are in
// CSS.highlights.
function markAnalysis(stats) {
  const figures = {
    blocks: stats.totals?.blocks ?? 0,
    repeatedBlocks: stats.totals?.repeatedBlocks ?? 0,
    itemsCollapsed: stats.lists.itemsCollapsed,
    analysisMs: stats.analysisMs,
    longestTaskMs: stats.longestTaskMs,
    phaseMs: stats.phaseMs,
    batches: stats.batches,
  };
  try {
    performance.measure(ANALYSIS_MEASURE, { start: performance.now() - stats.analysisMs, duration: stats.analysisMs, detail: JSON.stringify(figures) });
  } catch {
    // A page that replaced `performance` gets no measure; nothing breaks.
  }
}

