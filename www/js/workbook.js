// Workbooks on the page's side: a dropped .xlsx/.xls/.ods file is sent to the worker, which
// reads it with the workbook module (a second wasm module, fetched only then) and returns
// one tab-separated table per visible sheet. Each sheet then joins the file list as its own
// file, "book.xlsx › Sheet name", with the notes the conversion wrote for its report.

export const WORKBOOK_EXTENSIONS = ['.xlsx', '.xlsm', '.xlsb', '.xls', '.ods'];
const WORKBOOK_RE = /\.(xlsx|xlsm|xlsb|xls|ods)$/i;

/** Notes of the sheet files made here (kept beside the File, which cannot carry them). */
const sheetNotes = new WeakMap();

export function isWorkbook(file) {
  return Boolean(file && WORKBOOK_RE.test(file.name || ''));
}

/** The conversion notes of a sheet file made by `expandWorkbooks` (empty for other files). */
export function notesOf(file) {
  return sheetNotes.get(file) || [];
}

/** The single-file build carries the workbook module inside the page; null when served. */
function embeddedModule() {
  const block = document.getElementById('workbook-wasm-base64');
  if (!block) return null;
  const bin = atob(block.textContent.trim());
  const bytes = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
  return bytes;
}

/**
 * Replaces each workbook in `list` by its sheets. Returns { files, failed }, `failed` listing
 * { name, error } for workbooks that could not be read (encrypted, damaged…).
 */
export async function expandWorkbooks(list, engine, onReading) {
  const files = [];
  const failed = [];
  for (const f of list) {
    if (!isWorkbook(f) || !f.size) {
      files.push(f);
      continue;
    }
    onReading?.(f.name);
    try {
      const wasm = embeddedModule();
      const reply = await engine.request('workbook', { name: f.name, blob: f, wasm });
      for (const sheet of reply.sheets) {
        const file = new File([sheet.bytes], sheet.name, { type: 'text/tab-separated-values' });
        sheetNotes.set(file, sheet.notes);
        files.push(file);
      }
    } catch (err) {
      failed.push({ name: f.name, error: String(err?.message || err) });
    }
  }
  return { files, failed };
}
