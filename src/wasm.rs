//! The wasm-bindgen facade: the only wasm-specific code. It moves batches and
//! reports across the boundary in the packed format of [`crate::packed`] (the
//! texts encoded by JS straight into a buffer in wasm memory, and two typed
//! arrays per batch) and owns the clock. `js/ditto.js` wraps it into the
//! `Engine` JavaScript callers use.
//!
//! Strings from JS may hold lone surrogates; `TextEncoder` encodes them as
//! U+FFFD, which is one UTF-16 unit like the surrogate, so offsets still match
//! the JS string.

use std::cell::RefCell;

use wasm_bindgen::prelude::*;

use crate::packed;

/// One page's engine, as the JS wrapper sees it.
#[wasm_bindgen(js_name = EngineCore)]
pub struct JsEngine {
    inner: crate::Engine,
}

thread_local! {
    /// Where the JS side encodes a batch's texts (UTF-8, one after the
    /// other). One for all engines of this module: a batch is written and
    /// analysed in one synchronous call pair, so engines never share it at
    /// the same time, and a new page's engine starts with a warm buffer.
    static INPUT: RefCell<Vec<u8>> = const { RefCell::new(Vec::new()) };
}

/// A batch buffer larger than this is released after its batch, so one huge
/// batch does not keep its memory for the page's lifetime. The content
/// script's engine calls carry at most 60,000 characters (session.js
/// MAX_CALL_CHARS), about 180 KiB of UTF-8 at worst: their buffer is kept
/// for the next call, anything larger (one huge block) goes back to the
/// allocator at once, where the page's index can reuse it.
const KEEP_INPUT_BYTES: usize = 256 << 10;

#[wasm_bindgen(js_class = EngineCore)]
impl JsEngine {
    #[wasm_bindgen(constructor)]
    pub fn new() -> JsEngine {
        console_error_panic_hook::set_once();
        JsEngine {
            inner: crate::Engine::new(),
        }
    }

    /// Makes room for `bytes` bytes of batch text and returns its address in
    /// wasm memory. The JS side writes there (`TextEncoder.encodeInto`) and
    /// then calls `analyzeInput` before anything else calls into this module
    /// (the buffer is shared by all engines).
    #[wasm_bindgen(js_name = inputBuffer)]
    pub fn input_buffer(&mut self, bytes: usize) -> *mut u8 {
        INPUT.with_borrow_mut(|input| {
            if input.len() < bytes {
                input.resize(bytes, 0);
            }
            input.as_mut_ptr()
        })
    }

    /// Analyse the batch in the input buffer (see `packed.rs`; `meta` gives
    /// each block's byte length); returns the packed report.
    #[wasm_bindgen(js_name = analyzeInput)]
    pub fn analyze_input(&mut self, meta: &[u32]) -> Result<Vec<u32>, JsError> {
        INPUT.with_borrow_mut(|input| {
            let report = packed::unpack_batch(input, meta).map(|blocks| {
                let started = now_ms();
                let report = self.inner.analyze_refs(&blocks);
                self.inner.add_time_ms(now_ms() - started);
                report
            });
            if input.len() > KEEP_INPUT_BYTES {
                *input = Vec::new();
            }
            report
                .map(|report| packed::pack_report(&report))
                .map_err(|e| JsError::new(&format!("Ditto engine: bad batch: {e}")))
        })
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

/// The tokenizer's byte classes of `bytes` (see `normalize::byte_classes`),
/// three words per 64 bytes (letters and digits, beyond ASCII, stops): lets
/// the wasm tests check the SIMD code that only wasm builds run.
#[doc(hidden)]
#[wasm_bindgen(js_name = byteClassesForTest)]
pub fn byte_classes_for_test(bytes: &[u8]) -> Vec<u64> {
    crate::normalize::byte_classes(bytes)
        .iter()
        .flat_map(|c| [c.alnum, c.high, c.stop])
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

/// What the reader already read elsewhere ([`crate::memory`]), for the
/// background page that keeps it.
#[wasm_bindgen(js_name = ReadMemoryCore)]
pub struct JsReadMemory {
    inner: crate::memory::ReadMemory,
}

#[wasm_bindgen(js_class = ReadMemoryCore)]
impl JsReadMemory {
    #[wasm_bindgen(constructor)]
    pub fn new() -> JsReadMemory {
        console_error_panic_hook::set_once();
        JsReadMemory {
            inner: crate::memory::ReadMemory::new(),
        }
    }

    /// A stored memory read back; an error (never a partial memory) when it
    /// is not one or is damaged.
    #[wasm_bindgen(js_name = fromBytes)]
    pub fn from_bytes(bytes: &[u8]) -> Result<JsReadMemory, JsError> {
        console_error_panic_hook::set_once();
        crate::memory::ReadMemory::from_bytes(bytes)
            .map(|inner| JsReadMemory { inner })
            .map_err(|e| JsError::new(&format!("Ditto memory: {e}")))
    }

    #[wasm_bindgen(js_name = toBytes)]
    pub fn to_bytes(&self) -> Vec<u8> {
        self.inner.to_bytes()
    }

    /// Remembers the paragraphs among `texts` on `url`; returns how many
    /// were long enough to remember.
    pub fn record(&mut self, url: &str, title: &str, time_ms: f64, texts: Vec<String>) -> u32 {
        let keys: Vec<u64> = texts
            .iter()
            .filter_map(|t| crate::memory::paragraph_key(t))
            .collect();
        self.inner.record(url, title, time_ms, &keys);
        keys.len() as u32
    }

    /// For each of `texts`, the id of the page (another than `url`) it was
    /// read on, or 0xFFFFFFFF.
    pub fn lookup(&self, url: &str, texts: Vec<String>) -> Vec<u32> {
        let keys: Vec<Option<u64>> = texts
            .iter()
            .map(|t| crate::memory::paragraph_key(t))
            .collect();
        let known: Vec<u64> = keys.iter().flatten().copied().collect();
        let mut found = self.inner.lookup(url, &known).into_iter();
        keys.iter()
            .map(|key| match key {
                Some(_) => found.next().flatten().unwrap_or(u32::MAX),
                None => u32::MAX,
            })
            .collect()
    }

    /// Page `id` as `{url, title, timeMs}`, or undefined.
    pub fn page(&self, id: u32) -> JsValue {
        let Some(page) = self.inner.page(id) else {
            return JsValue::UNDEFINED;
        };
        let object = js_sys::Object::new();
        let set =
            |k: &str, v: JsValue| js_sys::Reflect::set(&object, &JsValue::from_str(k), &v).is_ok();
        set("url", JsValue::from_str(&page.url));
        set("title", JsValue::from_str(&page.title));
        set("timeMs", JsValue::from_f64(page.time_ms));
        object.into()
    }

    #[wasm_bindgen(js_name = forgetBefore)]
    pub fn forget_before(&mut self, time_ms: f64) {
        self.inner.forget_before(time_ms);
    }

    /// Forgets the pages of `host` (and its subdomains).
    #[wasm_bindgen(js_name = forgetSite)]
    pub fn forget_site(&mut self, host: &str) {
        self.inner
            .forget_where(|url| crate::memory::url_on_site(url, host));
    }

    #[wasm_bindgen(js_name = keepAtMost)]
    pub fn keep_at_most(&mut self, paragraphs: u32) {
        self.inner.keep_at_most(paragraphs as usize);
    }

    pub fn paragraphs(&self) -> u32 {
        self.inner.paragraphs() as u32
    }

    pub fn pages(&self) -> u32 {
        self.inner.pages() as u32
    }
}

impl Default for JsReadMemory {
    fn default() -> Self {
        Self::new()
    }
}
