"""A row or page too broken to be a cable is a ReadError naming the file and the place in it, never an empty
cable; the rows around it are read as before. One broken fragment per reader."""

import orjson

from cablebase.readers import Document, ReadError, Skipped, detect, read_documents, read_path

_HEADER = "R 250930Z FEB 72\nFM AMEMBASSY TEHRAN\nTO SECSTATE WASHDC 7561"
_BODY = "UNCLASSIFIED TEHRAN {n}\n\nE.O. 11652: N/A\nTAGS: MASS, IR\nSUBJECT: CABLE {n}\n\n1. IRAN'S TEXT.\n\nHECK\n"


def _items(path):
    items = list(read_path(str(path)))
    assert not any(isinstance(i, Skipped) for i in items)
    return items


def _kinds(items):
    return [type(i).__name__ for i in items]


def _error(items, path):
    (err,) = [i for i in items if isinstance(i, ReadError)]
    assert err.path == str(path) and str(path) in str(err)
    return err


def test_wikileaks_page_whose_text_blocks_are_empty(tmp_path):
    p = tmp_path / "07X1.html"
    p.write_text("<html><table class='cable'><tr><th>Reference ID</th></tr><tr><td>07PARIS1</td></tr></table>"
                 "<code><pre>\n\n</pre></code><code><pre>  </pre></code></html>", encoding="utf-8")
    err = _error(_items(p), p)
    assert "<pre> block(s) hold no cable text" in err.message


def test_plusd_page_whose_raw_content_is_empty(tmp_path):
    p = tmp_path / "1974ATHENS02959_b.html"
    p.write_text("<html><table id='synopsis'><tr><td><div class='s_key'>Canonical ID:</div>"
                 "<div class='s_val'>1974ATHENS02959_b</div></td></tr></table>"
                 "<div class='pane-tab'><div class='pane-header'>Raw content</div>"
                 "<div class='text-content'>  \n </div></div></html>", encoding="utf-8")
    assert detect.detect(p.read_bytes()) == "plusd-nara"
    err = _error(_items(p), p)
    assert "text block is empty" in err.message


def test_history_lab_short_row(tmp_path):
    p = tmp_path / "cables.md"
    good = "1973ABIDJA00073|PARAKOU ROAD|UNCLASSIFIED ABIDJAN 73 TAGS: EAID SUBJECT: PARAKOU ROAD 1. TEXT.|"
    p.write_text("# docs\n\ndoc_nbr|subject|body|raw_body|classification\n---|---|---|---|---\n"
                 f"{good}\n1973ABIDJA00074\n{good.replace('00073', '00075')}\n", encoding="utf-8")
    items = _items(p)
    assert _kinds(items) == ["Cable", "ReadError", "Cable"]
    err = _error(items, p)
    assert err.locator == "line 6" and "short row: 1 cells" in err.message


def test_history_lab_row_without_text(tmp_path):
    p = tmp_path / "cables.md"
    p.write_text("doc_nbr|subject|body|raw_body|classification\n---|---|---|---|---\n"
                 "1973ABIDJA00073|||  |UNCLASSIFIED\n", encoding="utf-8")
    err = _error(_items(p), p)
    assert err.locator == "line 3" and "no cable text" in err.message


def test_mongo_line_that_is_not_json_or_has_no_body(tmp_path):
    p = tmp_path / "export.json"
    good = {"_id": "72TEHRAN1001", "origin": "Embassy Tehran", "date_time": "1972-02-25 09:30",
            "classification": "UNCLASSIFIED", "body": _HEADER + "\n\n" + _BODY.format(n=1001)}
    p.write_bytes(b"\n".join([orjson.dumps(good), b'{"_id": "72TEHRAN1002", "body": "cut', b"[1, 2]",
                              orjson.dumps({**good, "body": "  "}), orjson.dumps(good)]) + b"\n")
    items = _items(p)
    assert _kinds(items) == ["Cable", "ReadError", "ReadError", "ReadError", "Cable"]
    errors = [i for i in items if isinstance(i, ReadError)]
    assert [e.locator for e in errors] == ["line 2", "line 3", "line 4"]
    assert errors[0].message.startswith("not JSON") and "not an object" in errors[1].message
    assert "without a body" in errors[2].message


def test_cables_csv_row_with_too_few_columns(tmp_path):
    p = tmp_path / "cables.csv"

    def row(n, *cols):
        return ",".join('"' + c.replace('"', '\\"') + '"' for c in (str(n), *cols)) + "\n"

    full = ("2/25/1972 9:30", "72TEHRAN1001", "Embassy Tehran", "UNCLASSIFIED", "", _HEADER, _BODY.format(n=1001))
    p.write_text(row(1, *full) + row(2, "2/25/1972 9:31", "72TEHRAN1002") + row(3, *full), encoding="utf-8")
    items = _items(p)
    assert _kinds(items) == ["Cable", "ReadError", "Cable"]
    err = _error(items, p)
    assert err.locator.startswith("row 2, line ") and "3 column(s) and no cable text" in err.message


def test_separator_export_record_without_text(tmp_path):
    good = ["2/25/1972 9:30", "72TEHRAN1001", "Embassy Tehran", "UNCLASSIFIED", "", _HEADER, _BODY.format(n=1001)]
    p = tmp_path / "news.txt"
    p.write_text("lineseparator1  %colseparator% " + " %colseparator% ".join(good) + "\n"
                 "lineseparator2  %colseparator% 2/25/1972 9:31 %colseparator% 72TEHRAN1002\n"
                 "lineseparator3  %colseparator% " + " %colseparator% ".join(good), encoding="utf-8")
    items = _items(p)
    assert _kinds(items) == ["Cable", "ReadError", "Cable"]
    err = _error(items, p)
    assert err.locator == "record 2" and "no cable text" in err.message


def test_column_export_record_without_text(tmp_path):
    p = tmp_path / "final.txt"
    p.write_text("".join(f"{v},->{i}\n" for i, v in enumerate(
        ["1", "2/25/1972 9:30", "72TEHRAN1001", "Embassy Tehran", "UNCLASSIFIED", "", "", ""], 1)),
        encoding="utf-8")
    err = _error(_items(p), p)
    assert err.locator == "record 1" and "no cable text" in err.message


def test_pdf_that_is_not_one(tmp_path):
    p = tmp_path / "00HANOI686.pdf"
    p.write_bytes(b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n")
    err = _error(_items(p), p)
    assert "PDF" in err.message


def test_raw_file_of_blank_lines(tmp_path):
    p = tmp_path / "cable.txt"
    p.write_text("\n  \n\t\n", encoding="utf-8")
    assert isinstance(_error(_items(p), p), ReadError)


def test_a_reader_that_yields_no_text_gives_a_read_error(tmp_path, monkeypatch):
    """The last guard: whatever a reader yields, a document without text becomes a ReadError at its place."""
    p = tmp_path / "cable.txt"
    p.write_text("UNCLASSIFIED\nTAGS: PREL\nSUBJECT: X\n", encoding="utf-8")
    monkeypatch.setitem(detect.READERS, "raw", lambda path: iter([Document(" \n", "raw", locator="line 9")]))
    (err,) = list(read_documents(p))
    assert isinstance(err, ReadError) and err.locator == "line 9" and "no cable text" in err.message
