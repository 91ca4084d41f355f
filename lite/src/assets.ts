// Files the bundler copies beside the extension (see webpack.config.js);
// scripts/lite puts the wasm-bindgen output and the logos in static/.
export const workerUrl = new URL('../worker/netbook.worker.js', import.meta.url).href;
export const glueUrl = new URL('../static/netbook_wasm.js', import.meta.url).href;
export const wasmUrl = new URL('../static/netbook_wasm_bg.wasm', import.meta.url).href;
export const logo32Url = new URL('../static/logo-32x32.png', import.meta.url).href;
export const logo64Url = new URL('../static/logo-64x64.png', import.meta.url).href;
