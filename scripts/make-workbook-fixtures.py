#!/usr/bin/env python3
"""Writes the workbook fixtures under tests/fixtures/workbooks/ (committed; rerun to rebuild).

Needs openpyxl, xlwt and msoffcrypto-tool from PyPI, e.g.
    python3 -m venv /tmp/wb && /tmp/wb/bin/pip install openpyxl xlwt msoffcrypto-tool
    /tmp/wb/bin/python scripts/make-workbook-fixtures.py            # the fixtures
    /tmp/wb/bin/python scripts/make-workbook-fixtures.py --large N  # target/workbooks/large.xlsx, N usage rows

Fixtures (all from the first 30 accounts of the synthetic demo set, www/demo/):
  tables/*.csv       the tables as CSV, exactly as in the demo files (rows of those accounts)
  book.xlsx          the same tables, one sheet each, with typed cells (numbers, dates, times)
  book.ods           the same but usage_events, OpenDocument (written here: content.xml in a ZIP)
  book.xls           the same but usage_events, Excel 97-2003 (xlwt; uncompressed, so kept small)
  messy.xlsx         accounts under a merged title, a note line and a two-row merged header,
                     plus a hidden sheet that must not be read, plus the other tables
  formulas.xlsx      accounts whose ARR is a formula with no saved result (openpyxl saves none)
  encrypted.xlsx     book.xlsx's accounts, password-protected ("secret"), by msoffcrypto-tool
  truncated.xlsx     book.xlsx cut in half: a damaged ZIP
Byte-for-byte reproducible: fixed document dates and ZIP entry times (the encrypted file's
salt is random, so that file changes each run; its meaning does not).
"""
import csv
import datetime as dt
import io
import os
import random
import sys
import zipfile
from xml.sax.saxutils import escape

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DEMO = os.path.join(ROOT, "www", "demo")
OUT = os.path.join(ROOT, "tests", "fixtures", "workbooks")
TABLES = ["accounts", "usage_events", "surveys", "support_tickets", "goals", "touchpoints", "releases"]
ACCOUNTS = 30
FIXED = dt.datetime(2026, 1, 1)


def read_tables():
    """The demo tables, keeping only rows of the first ACCOUNTS accounts (releases whole)."""
    tables = {}
    with open(os.path.join(DEMO, "accounts.csv"), newline="", encoding="utf-8") as f:
        ids = {row["account_id"] for _, row in zip(range(ACCOUNTS), csv.DictReader(f))}
    for name in TABLES:
        with open(os.path.join(DEMO, name + ".csv"), newline="", encoding="utf-8") as f:
            rows = list(csv.reader(f))
        header, body = rows[0], rows[1:]
        if "account_id" in header:
            k = header.index("account_id")
            body = [r for r in body if r[k] in ids]
        tables[name] = (header, body)
    return tables


def typed(text):
    """A CSV cell as the value a spreadsheet would hold: number, date, date-time or text."""
    if text == "":
        return None
    try:
        if len(text) == 10 and text[4] == "-" and text[7] == "-":
            return dt.date.fromisoformat(text)
        if len(text) == 19 and text[4] == "-" and text[10] in " T":
            return dt.datetime.fromisoformat(text)
    except ValueError:
        return text
    try:
        if str(int(text)) == text:
            return int(text)
    except ValueError:
        pass
    try:
        value = float(text)
        if repr(value) == text:
            return value
    except ValueError:
        pass
    return text


def write_csvs(tables):
    os.makedirs(os.path.join(OUT, "tables"), exist_ok=True)
    for name, (header, body) in tables.items():
        with open(os.path.join(OUT, "tables", name + ".csv"), "w", newline="", encoding="utf-8") as f:
            w = csv.writer(f, lineterminator="\n")
            w.writerow(header)
            w.writerows(body)


def fill_sheet(ws, header, body, start_row=1):
    from openpyxl.utils import get_column_letter  # noqa: F401
    for j, h in enumerate(header, 1):
        ws.cell(row=start_row, column=j, value=h)
    for i, row in enumerate(body, start_row + 1):
        for j, text in enumerate(row, 1):
            value = typed(text)
            if value is None:
                continue
            c = ws.cell(row=i, column=j, value=value)
            if isinstance(value, dt.datetime):
                c.number_format = "yyyy-mm-dd hh:mm:ss"
            elif isinstance(value, dt.date):
                c.number_format = "yyyy-mm-dd"


def new_book():
    from openpyxl import Workbook
    wb = Workbook()
    wb.properties.created = FIXED
    wb.properties.modified = FIXED
    wb.remove(wb.active)
    return wb


def save_reproducibly(wb, path):
    buf = io.BytesIO()
    wb.save(buf)
    normalise_zip(buf.getvalue(), path)


def normalise_zip(data, path):
    """Rewrites a ZIP with fixed entry times (and core.xml's save time) so reruns match."""
    src = zipfile.ZipFile(io.BytesIO(data))
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for info in src.infolist():
            body = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                import re
                body = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*", rb"\g<1>2026-01-01T00:00:00Z", body)
            entry = zipfile.ZipInfo(info.filename, date_time=(2026, 1, 1, 0, 0, 0))
            entry.compress_type = zipfile.ZIP_STORED if info.filename == "mimetype" else zipfile.ZIP_DEFLATED
            out.writestr(entry, body)


def book_xlsx(tables):
    wb = new_book()
    for name, (header, body) in tables.items():
        fill_sheet(wb.create_sheet(name), header, body)
    save_reproducibly(wb, os.path.join(OUT, "book.xlsx"))


def messy_xlsx(tables):
    from openpyxl.styles import Font
    wb = new_book()
    ws = wb.create_sheet("Customer accounts")
    header, body = tables["accounts"]
    width = len(header)
    ws.cell(row=1, column=1, value="Customer accounts — Q3 review").font = Font(bold=True, size=14)
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=width)
    ws.cell(row=2, column=1, value="Exported from the CRM on 2026-10-01")
    # Two header rows: "Account" over id and name; every other header merged down both rows.
    ws.cell(row=3, column=1, value="Account")
    ws.merge_cells(start_row=3, start_column=1, end_row=3, end_column=2)
    ws.cell(row=4, column=1, value="ID")
    ws.cell(row=4, column=2, value="Name")
    for j, h in enumerate(header[2:], 3):
        ws.cell(row=3, column=j, value=h)
        ws.merge_cells(start_row=3, start_column=j, end_row=4, end_column=j)
    for i, row in enumerate(body, 5):
        for j, text in enumerate(row, 1):
            value = typed(text)
            if value is not None:
                c = ws.cell(row=i, column=j, value=value)
                if isinstance(value, dt.date):
                    c.number_format = "d mmm yyyy"
    # A hidden sheet with the same accounts at ten times the ARR: read, it would change scores.
    hidden = wb.create_sheet("Old accounts")
    k = header.index("arr")
    fill_sheet(hidden, header, [r[:k] + [str(int(r[k]) * 10)] + r[k + 1:] for r in body])
    hidden.sheet_state = "hidden"
    for name, (h, b) in tables.items():
        if name != "accounts":
            fill_sheet(wb.create_sheet(name), h, b)
    save_reproducibly(wb, os.path.join(OUT, "messy.xlsx"))


def formulas_xlsx(tables):
    wb = new_book()
    ws = wb.create_sheet("accounts")
    header, body = tables["accounts"]
    k = header.index("arr")
    ws.append(header[:k] + ["mrr"] + header[k:])
    for i, row in enumerate(body, 2):
        mrr = round(int(row[k]) / 12, 2)
        values = [typed(t) for t in row[:k]] + [mrr, f"=ROUND({chr(ord('A') + k)}{i}*12,0)"] + [typed(t) for t in row[k + 1:]]
        ws.append(values)
    save_reproducibly(wb, os.path.join(OUT, "formulas.xlsx"))


def encrypted_xlsx(tables):
    from msoffcrypto.format.ooxml import OOXMLFile
    wb = new_book()
    header, body = tables["accounts"]
    fill_sheet(wb.create_sheet("accounts"), header, body[:5])
    plain = io.BytesIO()
    wb.save(plain)
    plain.seek(0)
    office = OOXMLFile(plain)
    with open(os.path.join(OUT, "encrypted.xlsx"), "wb") as out:
        office.encrypt("secret", out)


def truncated_xlsx():
    with open(os.path.join(OUT, "book.xlsx"), "rb") as f:
        data = f.read()
    with open(os.path.join(OUT, "truncated.xlsx"), "wb") as f:
        f.write(data[: len(data) // 2])


def book_xls(tables):
    import xlwt
    wb = xlwt.Workbook(encoding="utf-8")
    date_style = xlwt.easyxf(num_format_str="yyyy-mm-dd")
    time_style = xlwt.easyxf(num_format_str="yyyy-mm-dd hh:mm:ss")
    for name, (header, body) in small(tables).items():
        ws = wb.add_sheet(name)
        for j, h in enumerate(header):
            ws.write(0, j, h)
        for i, row in enumerate(body, 1):
            for j, text in enumerate(row):
                value = typed(text)
                if value is None:
                    continue
                if isinstance(value, dt.datetime):
                    ws.write(i, j, value, time_style)
                elif isinstance(value, dt.date):
                    ws.write(i, j, value, date_style)
                else:
                    ws.write(i, j, value)
    buf = io.BytesIO()
    wb.save(buf)
    with open(os.path.join(OUT, "book.xls"), "wb") as f:
        f.write(buf.getvalue())


def small(tables):
    """The tables without the large usage one."""
    return {k: v for k, v in tables.items() if k != "usage_events"}


def ods_cell(value):
    if value is None:
        return "<table:table-cell/>"
    if isinstance(value, dt.datetime):
        iso = value.isoformat()
        return f'<table:table-cell office:value-type="date" office:date-value="{iso}"><text:p>{iso}</text:p></table:table-cell>'
    if isinstance(value, dt.date):
        iso = value.isoformat()
        return f'<table:table-cell office:value-type="date" office:date-value="{iso}"><text:p>{iso}</text:p></table:table-cell>'
    if isinstance(value, (int, float)):
        return f'<table:table-cell office:value-type="float" office:value="{value!r}"><text:p>{value!r}</text:p></table:table-cell>'
    return f'<table:table-cell office:value-type="string"><text:p>{escape(value)}</text:p></table:table-cell>'


def book_ods(tables):
    ns = ('xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
          'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
          'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"')
    parts = [f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {ns} office:version="1.2"><office:body><office:spreadsheet>']
    for name, (header, body) in small(tables).items():
        parts.append(f'<table:table table:name="{escape(name)}">')
        parts.append("<table:table-row>" + "".join(ods_cell(h) for h in header) + "</table:table-row>")
        for row in body:
            parts.append("<table:table-row>" + "".join(ods_cell(typed(t)) for t in row) + "</table:table-row>")
        parts.append("</table:table>")
    parts.append("</office:spreadsheet></office:body></office:document-content>")
    manifest = ('<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
                '<manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
                '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>')
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        z.writestr("content.xml", "".join(parts))
        z.writestr("META-INF/manifest.xml", manifest)
    normalise_zip(buf.getvalue(), os.path.join(OUT, "book.ods"))


def large_xlsx(rows):
    """A usage sheet of `rows` rows (streamed by openpyxl's write-only mode), for timing."""
    from openpyxl import Workbook
    os.makedirs(os.path.join(ROOT, "target", "workbooks"), exist_ok=True)
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("usage")
    ws.append(["account_id", "user_id", "event_date", "feature", "event_count"])
    rng = random.Random(7)
    day0 = dt.date(2026, 1, 1)
    features = ["reports", "alerts", "dashboards", "exports", "api"]
    for i in range(rows):
        a = rng.randrange(1, 2001)
        ws.append([f"A{a:05}", f"u{rng.randrange(1, 20)}@a{a}.example", day0 + dt.timedelta(days=rng.randrange(0, 300)),
                   features[rng.randrange(0, 5)], rng.randrange(1, 20)])
    path = os.path.join(ROOT, "target", "workbooks", "large.xlsx")
    wb.save(path)
    print(path)


def main():
    if len(sys.argv) == 3 and sys.argv[1] == "--large":
        large_xlsx(int(sys.argv[2]))
        return
    os.makedirs(OUT, exist_ok=True)
    tables = read_tables()
    write_csvs(tables)
    book_xlsx(tables)
    messy_xlsx(tables)
    formulas_xlsx(tables)
    encrypted_xlsx(tables)
    truncated_xlsx()
    book_xls(tables)
    book_ods(tables)
    for f in sorted(os.listdir(OUT)):
        p = os.path.join(OUT, f)
        if os.path.isfile(p):
            print(f"{f}: {os.path.getsize(p)} B")


if __name__ == "__main__":
    main()
