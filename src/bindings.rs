//! The WebAssembly boundary (wasm32 only). (Stub: lands from the web branch.)
