// The worker's side of workbooks: loads the workbook module on first use (`load` is given by
// the worker's entry: a dynamic import when served, the bytes sent by the page in the
// single-file build) and turns one workbook into its sheets' table text.

let loaded = null;

/** Handles a { type: 'workbook', name, blob, wasm? } request; replies { sheets, skipped, format }. */
export async function readWorkbook(msg, load) {
  if (!load) throw new Error('this copy of the app cannot read workbooks: save the sheets as CSV and add those');
  if (!loaded) loaded = Promise.resolve(load(msg.wasm)).catch((e) => { loaded = null; throw e; });
  const wb = await loaded;
  const bytes = new Uint8Array(await msg.blob.arrayBuffer());
  let book;
  try {
    book = wb.read_workbook(msg.name, bytes);
  } catch (err) {
    if (err instanceof WebAssembly.RuntimeError) {
      // The reader itself failed on this file; start it afresh next time.
      loaded = null;
      throw new Error(`the workbook reader failed on this file (${err.message}); save the sheets as CSV and add those`);
    }
    throw err;
  }
  try {
    const sheets = [];
    for (let i = 0; i < book.count(); i++) {
      sheets.push({ name: book.name(i), notes: book.notes(i), bytes: book.take_text(i) });
    }
    return { sheets, skipped: book.skipped(), format: book.format(), transfer: sheets.map((s) => s.bytes.buffer) };
  } finally {
    book.free();
  }
}
