// Ditto's highlight styles inside open shadow roots. A document's stylesheet
// does not reach into shadow trees, and ::highlight() rules apply per tree:
// a web component's text painted by Ditto needs the rules in its own tree.
// They are the ::highlight() rules of extension/styles/highlights.css
// (tests/unit/styles.test.mjs keeps the two the same).

export const HIGHLIGHT_RULES = `
::highlight(ditto-repeat) {
  background-color: rgba(255, 179, 0, 0.42);
  text-decoration: underline dotted rgba(200, 90, 0, 0.9);
}
::highlight(ditto-related) {
  text-decoration: underline dotted rgba(200, 90, 0, 0.9);
  text-decoration-thickness: 2px;
}
::highlight(ditto-changed) {
  background-color: rgba(236, 64, 122, 0.35);
  text-decoration: underline wavy rgba(200, 0, 90, 0.95);
}
::highlight(ditto-flash) {
  background-color: rgba(0, 150, 255, 0.45);
  text-decoration: underline solid rgba(0, 90, 200, 0.95);
}
::highlight(ditto-read) {
  background-color: rgba(70, 150, 255, 0.2);
  text-decoration: underline dashed rgba(30, 100, 210, 0.9);
}
::highlight(ditto-repeat-underline) {
  text-decoration: underline solid rgba(200, 90, 0, 0.95);
  text-decoration-thickness: 2px;
}
::highlight(ditto-related-underline) {
  text-decoration: underline dotted rgba(200, 90, 0, 0.95);
  text-decoration-thickness: 2px;
}
::highlight(ditto-changed-underline) {
  text-decoration: underline wavy rgba(200, 0, 90, 0.95);
  text-decoration-thickness: 2px;
}
::highlight(ditto-repeat-contrast) {
  background-color: #ffd400;
  color: #000;
  text-decoration: underline solid #000;
}
::highlight(ditto-related-contrast) {
  background-color: #fff2a8;
  color: #000;
  text-decoration: underline dotted #000;
}
::highlight(ditto-changed-contrast) {
  background-color: #b00020;
  color: #fff;
  text-decoration: underline wavy #fff;
}
`;

/**
 * Gives shadow roots Ditto's highlight rules, and takes them away again
 * exactly. A constructed stylesheet (adoptedStyleSheets) where the browser
 * lets a content script adopt one, else a <style> element marked as Ditto's
 * own UI (never read, never a mutation Ditto follows).
 */
export class ShadowStyles {
  constructor() {
    /** @type {Map<ShadowRoot, {sheet?: CSSStyleSheet, element?: HTMLStyleElement}>} */
    this.styled = new Map();
  }

  /** Styles the shadow root that holds `node`, if it is in one. */
  cover(node) {
    const root = node.getRootNode();
    // A shadow root is a document fragment with a host; the document is not.
    if (root.nodeType !== Node.DOCUMENT_FRAGMENT_NODE || !root.host || this.styled.has(root)) return;
    try {
      const sheet = new root.ownerDocument.defaultView.CSSStyleSheet();
      sheet.replaceSync(HIGHLIGHT_RULES);
      root.adoptedStyleSheets = [...root.adoptedStyleSheets, sheet];
      this.styled.set(root, { sheet });
    } catch {
      const element = root.ownerDocument.createElement('style');
      element.setAttribute('data-ditto-ui', '');
      element.textContent = HIGHLIGHT_RULES;
      root.append(element);
      this.styled.set(root, { element });
    }
  }

  /** Takes every rule away again. */
  clear() {
    for (const [root, { sheet, element }] of this.styled) {
      if (sheet) root.adoptedStyleSheets = root.adoptedStyleSheets.filter((s) => s !== sheet);
      element?.remove();
    }
    this.styled.clear();
  }
}
