#!/usr/bin/env python3
"""readback.py WORKBOOK.xlsx — prints the workbook as JSON, as openpyxl reads it.

For each sheet: rows (values; dates as ISO strings), types (openpyxl data types: n, s, f, d…),
number formats, frozen pane, autofilter and conditional-format ranges; plus document and
custom properties.
"""
import json, sys, datetime, re, zipfile
import openpyxl

def cell_value(c):
    v = c.value
    if isinstance(v, (datetime.datetime, datetime.date)):
        return v.strftime("%Y-%m-%d")
    return v

def main(path):
    wb = openpyxl.load_workbook(path)
    out = {"sheets": {}, "order": wb.sheetnames}
    p = wb.properties
    out["properties"] = {"title": p.title, "subject": p.subject, "creator": p.creator,
                         "created": p.created.isoformat() if p.created else None}
    for ws in wb.worksheets:
        rows, types, formats = [], [], []
        for row in ws.iter_rows():
            rows.append([cell_value(c) for c in row])
            types.append([c.data_type for c in row])
            formats.append([c.number_format for c in row])
        conditional = [str(cf.sqref) for cf in ws.conditional_formatting]
        out["sheets"][ws.title] = {"rows": rows, "types": types, "formats": formats,
                                   "freeze": ws.freeze_panes, "autofilter": ws.auto_filter.ref,
                                   "conditional": conditional}
    try:
        out["custom"] = {prop.name: prop.value for prop in wb.custom_doc_props.props}
    except AttributeError:
        out["custom"] = {}
    pivots = []
    for ws in wb.worksheets:
        for p in getattr(ws, "_pivots", []):
            records = len(p.cache.records.r) if p.cache and p.cache.records else 0
            pivots.append({"sheet": ws.title, "name": p.name, "ref": p.location.ref,
                           "refreshOnLoad": bool(p.cache.refreshOnLoad), "records": records,
                           "source": p.cache.cacheSource.worksheetSource.sheet,
                           "rows": [f.x for f in p.rowFields], "cols": [f.x for f in p.colFields],
                           "data": [d.fld for d in p.dataFields]})
    out["pivots"] = pivots
    # openpyxl does not load charts: read their parts from the package.
    charts = []
    with zipfile.ZipFile(path) as z:
        for name in sorted(n for n in z.namelist() if re.match(r"xl/charts/chart\d+\.xml$", n)):
            xml = z.read(name).decode("utf-8")
            kinds = re.findall(r"<c:(\w+Chart)>", xml)
            title = "".join(re.findall(r"<a:t>([^<]*)</a:t>", xml.split("</c:title>")[0])) if "<c:title>" in xml else ""
            refs = re.findall(r"<c:f>([^<]*)</c:f>", xml)
            charts.append({"types": kinds, "title": title, "ranges": refs})
    out["charts"] = charts
    json.dump(out, sys.stdout, default=str)

if __name__ == "__main__":
    main(sys.argv[1])
