//! The wasm-bindgen facade: the only wasm-specific code. It converts JS
//! values to engine types and back, and owns the clock.

use wasm_bindgen::prelude::*;

use crate::block::Block;

/// One page's engine, as JavaScript sees it.
#[wasm_bindgen(js_name = Engine)]
pub struct JsEngine {
    inner: crate::Engine,
}

#[wasm_bindgen(js_class = Engine)]
impl JsEngine {
    #[wasm_bindgen(constructor)]
    pub fn new() -> JsEngine {
        console_error_panic_hook::set_once();
        JsEngine {
            inner: crate::Engine::new(),
        }
    }

    /// Analyse a batch: an array of `{text, kind?, list?, item?}`. Returns the
    /// batch report as a plain object (camelCase fields).
    pub fn analyze(&mut self, batch: JsValue) -> Result<JsValue, JsError> {
        let blocks: Vec<Block> = serde_wasm_bindgen::from_value(batch)
            .map_err(|e| JsError::new(&format!("Ditto engine: bad batch: {e}")))?;
        let started = now_ms();
        let mut report = self.inner.analyze(&blocks);
        let elapsed = now_ms() - started;
        self.inner.add_time_ms(elapsed);
        report.totals.engine_ms = self.inner.totals().engine_ms;
        to_js(&report)
    }

    /// Page totals so far.
    pub fn totals(&self) -> Result<JsValue, JsError> {
        to_js(self.inner.totals())
    }
}

impl Default for JsEngine {
    fn default() -> Self {
        Self::new()
    }
}

fn to_js<T: serde::Serialize>(value: &T) -> Result<JsValue, JsError> {
    // Plain objects (not Maps), and None as null, so JSON and structured
    // clone (background messaging) carry the report unchanged.
    let serializer = serde_wasm_bindgen::Serializer::json_compatible();
    value
        .serialize(&serializer)
        .map_err(|e| JsError::new(&format!("Ditto engine: {e}")))
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
