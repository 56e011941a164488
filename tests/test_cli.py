"""What `cablebase parse` prints as text (cli.py's cable_text): one block per cable, the lines a reader
scans, on sample cables of three formats. (Exit codes and the summary line: test_cli_exit_codes.py.)"""

from __future__ import annotations

from pathlib import Path

from cablebase import parse_file
from cablebase.cli import cable_text, main
from cablebase.model import Cable, Provenance, Reference
from tests.conftest import SAMPLES, SEED


def blocks(capsys, *paths) -> list[list[str]]:  # type: ignore[no-untyped-def]
    """Each cable's lines, as `parse` prints them (each block starts with an unindented id line)."""
    assert main(["parse", *map(str, paths)]) == 0
    out: list[list[str]] = []
    for line in capsys.readouterr().out.splitlines():
        if not line.startswith(" "):
            out.append([])
        out[-1].append(line)
    return out


def paragraphs(path: Path) -> int:
    return len(next(parse_file(str(path))).paragraphs)


def without_diagnostics(block: list[str]) -> list[str]:
    return [line for line in block if not line.startswith("  ! ")]


def test_parse_prints_a_block_per_cable_in_the_order_given(capsys):
    nara = SAMPLES / "plusd-nara-html" / "1974ATHENS02959_b.html"
    brussels = SAMPLES / "raw-telegram" / "09USEUBRUSSELS1177.txt"
    athens, useu = blocks(capsys, nara, brussels)
    assert without_diagnostics(athens) == [
        "74ATHENS2959  1974-05-17 16:00Z",
        "  origin: Embassy Athens (RUEHTH)   classification: LIMITED OFFICIAL USE",
        "  precedence: ROUTINE",
        "  to: Secretary of State",
        "  info: Embassy London; Embassy Canberra; Consulate Thessaloniki",
        "  tags: PINS GR",
        "  subject: ARRESTS OF KALOUDIS AND AMBATIELOS",
        "  refs: 74STATE97844",
        f"  paragraphs: {paragraphs(nara)}   signers: TASCA",
        f"  source: {nara} [plusd-nara]"]
    assert "  ! id-corrected: id 1974ATHENS02959_b read as 74ATHENS2959" in athens  # the page's id, mended
    assert without_diagnostics(useu)[:3] == [
        "09USEUBRUSSELS1177  2009-08-25 15:50Z",
        "  origin: USEU Brussels   classification: UNCLASSIFIED",  # (no routing indicator: the name alone)
        "  precedence: ROUTINE"]
    assert "  subject: World Customs Organization (WCO) Establishment of Counterfeiting and Piracy (CAP) Group" in useu
    # (how many paragraphs the decoder finds is the decoder's business: the count is the record's)
    assert f"  paragraphs: {paragraphs(brussels)}   signers: Murray" in useu
    assert useu[-1] == f"  source: {brussels} [raw]"
    assert "  ! unknown-tag: TAGS code SCCC is not in the table" in useu


def test_parse_names_caveats_and_collective_addressees(capsys):
    [mexico] = blocks(capsys, SEED)
    assert mexico[:7] == [
        "07MEXICO1102  2007-03-05 19:24Z",
        "  origin: Embassy Mexico (RUEHME)   classification: UNCLASSIFIED//FOR OFFICIAL USE ONLY   "
        "caveats: SIPDIS, SENSITIVE",
        "  precedence: IMMEDIATE",
        "  to: Secretary of State; WHITE HOUSE COMMUNICATIONS CENTER WASHINGTON DC",
        "  info: ALL US CONSULATES IN MEXICO COLLECTIVE; WHITE HOUSE NATIONAL SECURITY COUNCIL WASHINGTON DC",
        "  tags: PGOV PREL PINR ECON OVIP MX",
        "  subject: SCENESETTER FOR PRESIDENT'S TRIP TO MEXICO, MARCH 12-14, 2007"]
    assert f"  paragraphs: {paragraphs(SEED)}   signers: GARZA" in mexico
    assert "  ! id-from-text: no id in the container; built 07MEXICO1102 from the text" in mexico


def test_a_record_without_id_date_or_cable_refs():
    c = Cable(id=None, published_id=None, raw="", provenance=Provenance("x.txt", "raw", "row 3"),
              references=(Reference("PARIS POINTS OF 3/6", "memcon", "B"),))
    lines = cable_text(c).splitlines()
    assert lines[0] == "(no id)  (no date)"
    assert lines[2:] == ["  refs: [memcon] PARIS POINTS OF 3/6",  # a reference that is not a cable: its kind
                         "  paragraphs: 0   signers: -",
                         "  source: x.txt [raw] row 3"]


def test_a_record_without_origin_or_classification_says_so_in_words():
    from cablebase.cli import cable_text
    from cablebase.model import Cable, Provenance

    text = cable_text(Cable(id="X1", published_id=None, raw="", provenance=Provenance(path="x.txt", format="raw")))
    assert "origin: unknown   classification: none found" in text and "None" not in text
