//! The wasm-bindgen facade: the only wasm-specific code. It moves batches and
//! reports across the boundary in the packed format of [`crate::packed`] (one
//! string and two typed arrays per batch) and owns the clock. `js/ditto.js`
//! wraps it into the `Engine` JavaScript callers use.
//!
//! Strings from JS may hold lone surrogates; wasm-bindgen encodes them as
//! U+FFFD, which is one UTF-16 unit like the surrogate, so offsets still match
//! the JS string.

use wasm_bindgen::prelude::*;

use crate::packed;

/// One page's engine, as the JS wrapper sees it.
#[wasm_bindgen(js_name = EngineCore)]
pub struct JsEngine {
    inner: crate::Engine,
}

#[wasm_bindgen(js_class = EngineCore)]
impl JsEngine {
    #[wasm_bindgen(constructor)]
    pub fn new() -> JsEngine {
        console_error_panic_hook::set_once();
        JsEngine {
            inner: crate::Engine::new(),
        }
    }

    /// Analyse a packed batch (see `packed.rs`); returns the packed report.
    #[wasm_bindgen(js_name = analyzePacked)]
    pub fn analyze_packed(&mut self, text: &str, meta: &[u32]) -> Result<Vec<u32>, JsError> {
        let blocks = packed::unpack_batch(text, meta)
            .map_err(|e| JsError::new(&format!("Ditto engine: bad batch: {e}")))?;
        let started = now_ms();
        let report = self.inner.analyze_refs(&blocks);
        self.inner.add_time_ms(now_ms() - started);
        Ok(packed::pack_report(&report))
    }

    /// Page totals so far, as a plain object (camelCase fields).
    pub fn totals(&self) -> Result<JsValue, JsError> {
        // Plain objects (not Maps), so structured clone carries them unchanged.
        let serializer = serde_wasm_bindgen::Serializer::json_compatible();
        serde::Serialize::serialize(self.inner.totals(), &serializer)
            .map_err(|e| JsError::new(&format!("Ditto engine: {e}")))
    }
}

impl Default for JsEngine {
    fn default() -> Self {
        Self::new()
    }
}

/// The block kinds, in wire-format order.
#[wasm_bindgen(js_name = blockKinds)]
pub fn block_kinds() -> Vec<String> {
    packed::KINDS
        .iter()
        .map(|(_, name)| (*name).to_string())
        .collect()
}

/// The agency labels, in wire-format order.
#[wasm_bindgen(js_name = agencyLabels)]
pub fn agency_labels() -> Vec<String> {
    crate::agency::LABELS
        .iter()
        .map(|l| (*l).to_string())
        .collect()
}

/// Milliseconds from `performance.now()` where there is one (pages, workers),
/// else `Date.now()`.
fn now_ms() -> f64 {
    let global = js_sys::global();
    js_sys::Reflect::get(&global, &JsValue::from_str("performance"))
        .ok()
        .and_then(|perf| perf.dyn_into::<web_sys::Performance>().ok())
        .map(|perf| perf.now())
        .unwrap_or_else(js_sys::Date::now)
}
