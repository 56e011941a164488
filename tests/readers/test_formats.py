"""Every container format in samples/ is recognised by content and decoded."""

import shutil
from datetime import UTC, datetime

import pytest

from cablebase.readers import ReadError, Skipped, read_path
from cablebase.readers.detect import detect
from tests.conftest import SAMPLES


def cables(path):
    return [c for c in read_path(str(path)) if not isinstance(c, ReadError | Skipped)]


def test_format_is_chosen_by_content_not_name(tmp_path):
    src = SAMPLES / "wikileaks" / "2009" / "01" / "09ASTANA95.html"
    renamed = tmp_path / "mystery.bin"
    shutil.copyfile(src, renamed)
    (c,) = cables(renamed)
    assert c.id == "09ASTANA95" and c.provenance.format == "wikileaks"


def test_wikileaks_page_metadata_and_text():
    (c,) = cables(SAMPLES / "wikileaks" / "2009" / "01" / "09ASTANA95.html")
    assert c.meta["origin"] == "Embassy Astana"
    assert c.origin == "Embassy Astana" and c.classification == "SECRET"
    assert c.date.isoformat() == "2009-01-20T05:56:00+00:00"
    assert any(d.code == "meta-created-minutes" for d in c.diagnostics)  # page says 05:05
    assert c.classified_by.reasons == ("1.4 (b)", "1.4 (d)")
    assert c.to[0].mcn == "4366"


def test_partial_extract():
    (c,) = cables(SAMPLES / "wikileaks" / "2000" / "11" / "00HARARE6677.html")
    assert c.partial and c.id == "00HARARE6677"
    assert any(m.kind == "page" for m in c.page_marks)
    assert c.subject and "ZIMBABWE" in c.subject and "PAGE" not in c.subject


def test_final_release_layout():
    (c,) = cables(SAMPLES / "wikileaks-final-release" / "1966" / "12" / "66BUENOSAIRES2481.html")
    assert c.provenance.format == "wikileaks-2011"
    assert c.precedence == "PRIORITY" and c.info_precedence == "ROUTINE"
    assert c.references[0].id == "66STATE106206"


def test_pdf_print_export():
    (c,) = cables(SAMPLES / "plusd-print" / "cablegate-pdf-2015" / "00HANOI686.pdf")
    assert c.id == "00HANOI686" and c.published_id == "2000HANOI00686"
    assert c.provenance.format == "pdf"


def test_plusd_nara_fields_kept():
    (c,) = cables(SAMPLES / "plusd-nara-html" / "1974ATHENS02959_b.html")
    assert c.id == "74ATHENS2959"
    assert c.meta["archive_status"] == "Electronic Telegrams"
    assert c.meta["classification"] == "LIMITED OFFICIAL USE"
    assert c.classification == "LIMITED OFFICIAL USE"
    assert c.signers == ("TASCA",)


def test_cables_csv_rows():
    cs = cables(SAMPLES / "cables-csv" / "GavinMendelGleason_mapper" / "cables_sample.csv")
    assert [c.id for c in cs] == ["66BUENOSAIRES2481", "72TEHRAN1164"]
    assert cs[0].provenance.locator.startswith("row 1")


def test_windows_1252_crlf_text():
    (c,) = cables(SAMPLES / "raw-telegram" / "09USEUBRUSSELS1177.txt")
    assert c.origin == "USEU Brussels"
    assert [t.code for t in c.tags][:2] == ["OTRA", "AORC"]


def test_versions_index_labels():
    folder = SAMPLES / "versions" / "05SOFIA1207"
    labels = sorted(cables(p)[0].provenance.version_label for p in folder.iterdir())
    assert labels == ["v1-seen-2010-12-08", "v2-seen-2011-04-25"]


def test_detect_skips_documentation():
    assert detect(b"# Title\n\nSome notes about TAGS: and cables", "README.md").startswith("skip:")


def test_wikileaks_metadata_read_by_column_heading():
    """The first pages (early December 2010) had a Date column and no Released column."""
    from cablebase.readers.wikileaks import parse_page

    page = ("<table class='cable'><tr><th>Reference ID</th><th>Date</th><th>Classification</th><th>Origin</th></tr>"
            "<tr><td><a href='/cable/2010/02/10STATE17263.html'>10STATE17263</a></td><td>2010-02-24 22:10</td>"
            "<td>SECRET</td><td>Secretary of State</td></tr></table>"
            "<code><pre>S E C R E T STATE 017263</pre></code>")
    doc = parse_page(page)
    assert doc.container.fields == (("id", "10STATE17263"), ("created", "2010-02-24 22:10"),
                                    ("classification", "SECRET"), ("origin", "Secretary of State"))
    assert doc.container.created == datetime(2010, 2, 24, 22, 10, tzinfo=UTC)
    assert (doc.container.id, doc.container.classification, doc.container.origin, doc.container.released) == \
        ("10STATE17263", "SECRET", "Secretary of State", None)


_HEADER = "R 250930Z FEB 72\nFM AMEMBASSY TEHRAN\nTO SECSTATE WASHDC 7561"
_BODY = "UNCLASSIFIED TEHRAN {n}\n\nE.O. 11652: N/A\nTAGS: MASS, IR\nSUBJECT: CABLE {n}\n\n1. IRAN'S TEXT.\n\nHECK\n"


def test_column_export_reads_the_plain_records_after_the_marked_one(tmp_path):
    """final.txt marks the fields of its first record with ``,->N``; the records after it close each
    field with a comma (the header's on its last line or on a line of its own)."""
    marked = "".join(f"{v},->{i}\n" for i, v in enumerate(
        ["1", "2/25/1972 9:30", "72TEHRAN1001", "Embassy Tehran", "UNCLASSIFIED", "", _HEADER], 1))
    plain = [f"{row},\n2/25/1972 9:30,\n72TEHRAN100{row},\nEmbassy Tehran,\nUNCLASSIFIED,\n72TEHRAN1001,\n"
             + (_HEADER + ",\n" if row == 2 else _HEADER + "\n,\n") + _BODY.format(n=1000 + row)
             for row in (2, 3)]
    text = marked + _BODY.format(n=1001) + ",\n\n,\n" + ",\n\n,\n".join(plain) + ","
    (tmp_path / "final.txt").write_text(text, encoding="utf-8")
    got = cables(tmp_path / "final.txt")
    assert [c.id for c in got] == ["72TEHRAN1001", "72TEHRAN1002", "72TEHRAN1003"]
    assert [c.subject for c in got] == ["CABLE 1001", "CABLE 1002", "CABLE 1003"]
    assert all(c.provenance.format == "column-export" and c.signers == ("HECK",) for c in got)
    assert got[1].meta["references"] == "72TEHRAN1001"


def test_column_export_with_a_broken_record_keeps_the_ones_before(tmp_path):
    marked = "".join(f"{v},->{i}\n" for i, v in enumerate(
        ["1", "2/25/1972 9:30", "72TEHRAN1001", "Embassy Tehran", "UNCLASSIFIED", "", _HEADER], 1))
    (tmp_path / "final.txt").write_text(marked + _BODY.format(n=1001) + ",\n\n,\n2,\nnot a record\n",
                                        encoding="utf-8")
    items = list(read_path(str(tmp_path / "final.txt")))
    assert [type(i).__name__ for i in items] == ["Cable", "ReadError"]
    assert items[1].locator.startswith("record 2, line ") and "(record 2, line " in str(items[1])


def test_separator_export_undoes_the_dump_escapes(tmp_path):
    row = ["2/25/1972 9:30", "72TEHRAN1001", "Embassy Tehran", "UNCLASSIFIED", "", _HEADER,
           _BODY.format(n=1001).replace("'", "\\'")]
    (tmp_path / "news.txt").write_text("lineseparator1  %colseparator% " + " %colseparator% ".join(row),
                                       encoding="utf-8")
    (c,) = cables(tmp_path / "news.txt")
    assert c.provenance.format == "separator-export"
    assert "IRAN'S TEXT" in c.body and "\\" not in c.body
    assert any(d.code == "escape-residue" for d in c.diagnostics)


@pytest.mark.corpus
def test_a_page_read_from_its_bytes_is_the_page_read_from_its_text() -> None:
    """parse_page_bytes decodes only the cable's part of a page: the same document as the whole page decoded."""
    import glob

    from cablebase.decode.text import decode_bytes
    from cablebase.readers.wikileaks import parse_page, parse_page_bytes
    from tests.conftest import CORPUS

    pages = sorted(glob.glob(str(CORPUS / "wikileaks" / "*" / "*" / "*.html")))
    assert len(pages) > 1000
    for path in pages:
        with open(path, "rb") as fh:
            data = fh.read()
        text, diags = decode_bytes(data)
        a, b = parse_page(text), parse_page_bytes(data)
        assert (a.text, a.format, a.published_id, a.container, diags) == \
            (b.text, b.format, b.published_id, b.container, b.diagnostics), path
