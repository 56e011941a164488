"""``cablebase check``: parse a tree on all cores and report, per field, how often it was found.

Workers return a compact summary per cable (never the record itself), so memory stays flat however large
the tree is.
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from cablebase.invariants import INVARIANTS, violations
from cablebase.model import Cable
from cablebase.readers import ReadError, Skipped, iter_files, read_path

FIELDS: dict[str, Callable[[Cable], object]] = {
    "id": lambda c: c.id,
    "date": lambda c: c.date,
    "dtg": lambda c: c.transmission.dtg,
    "origin": lambda c: c.origin,
    "origin_ri": lambda c: c.origin_ri,
    "precedence": lambda c: c.precedence,
    "classification": lambda c: c.classification,
    "caveats": lambda c: c.caveats,
    "transmission_id": lambda c: c.transmission.tid,
    "de_line": lambda c: c.transmission.de,
    "sender": lambda c: c.sender,
    "to": lambda c: c.to,
    "info": lambda c: c.info,
    "declassification": lambda c: c.declassification,
    "classified_by": lambda c: c.classified_by,
    "tags": lambda c: c.tags,
    "subject": lambda c: c.subject,
    "references": lambda c: c.references,
    "paragraphs": lambda c: c.paragraphs,
    "summary": lambda c: c.summary,
    "signers": lambda c: c.signers,
}


@dataclass
class FileSummary:
    cables: int = 0
    skipped: list[tuple[str, str]] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    by_format: Counter[str] = field(default_factory=Counter)
    found: Counter[str] = field(default_factory=Counter)
    diagnostics: Counter[str] = field(default_factory=Counter)
    meta_checked: Counter[str] = field(default_factory=Counter)
    meta_disagree: Counter[str] = field(default_factory=Counter)
    meta_disagreeing: list[tuple[str, str]] = field(default_factory=list)  # (field, cable id)
    other_text: list[str] = field(default_factory=list)  # pages whose text is another cable
    clean: Counter[str] = field(default_factory=Counter)  # records that break no invariant, per format
    broken: Counter[tuple[str, str]] = field(default_factory=Counter)  # (format, invariant) -> records
    examples: list[tuple[str, str, str, str]] = field(default_factory=list)  # (invariant, id, where, excerpt)


@dataclass
class Report(FileSummary):
    """The sum of the per-file summaries of a run."""

    files: int = 0

    def add(self, summary: FileSummary) -> None:
        self.files += 1
        self.cables += summary.cables
        self.skipped.extend(summary.skipped)
        self.errors.extend(summary.errors)
        self.meta_disagreeing.extend(summary.meta_disagreeing)
        self.other_text.extend(summary.other_text)
        for example in summary.examples:
            if sum(1 for e in self.examples if e[0] == example[0]) < _EXAMPLES:
                self.examples.append(example)
        for name in ("by_format", "found", "diagnostics", "meta_checked", "meta_disagree", "clean", "broken"):
            getattr(self, name).update(getattr(summary, name))

    def clean_share(self, fmt: str | None = None) -> float:
        """The share of records that break no invariant (of one format, or of all)."""
        n = self.by_format[fmt] if fmt else self.cables
        k = self.clean[fmt] if fmt else sum(self.clean.values())
        return k / n if n else 1.0

    def broken_records(self, code: str) -> int:
        return sum(n for (_, c), n in self.broken.items() if c == code)

    def agreement(self) -> list[tuple[str, int, int]]:
        """(field, cables compared, cables that agree) for each comparison with the container's metadata."""
        return [(f, self.meta_checked[f], self.meta_checked[f] - self.meta_disagree[f]) for f in AGREEMENT_FIELDS]


_META_CODES = {"origin": "meta-origin-mismatch", "classification": "meta-classification-mismatch",
               "classification level": "meta-classification-mismatch", "date": "meta-date-mismatch"}


_DUMP_REFS = "references (dump column)"
_EXAMPLES = 3  # examples kept per invariant
AGREEMENT_FIELDS = (*_META_CODES, _DUMP_REFS)


def _level(classification: str | None) -> str:
    """``SECRET//NOFORN`` -> ``SECRET``: the level without the dissemination controls of the published form."""
    return (classification or "").upper().split("//")[0].strip()


def summarise_file(path: str) -> FileSummary:
    s = FileSummary()
    for item in read_path(path):
        if isinstance(item, Skipped):
            s.skipped.append((item.path, item.reason))
            continue
        if isinstance(item, ReadError):
            s.errors.append(str(item))
            continue
        s.cables += 1
        s.by_format[item.provenance.format] += 1
        for name, getter in FIELDS.items():
            if getter(item):
                s.found[name] += 1
        broken = violations(item)
        if not broken:
            s.clean[item.provenance.format] += 1
        for code in {v.code for v in broken}:
            s.broken[(item.provenance.format, code)] += 1
        for v in broken:
            if sum(1 for e in s.examples if e[0] == v.code) < _EXAMPLES:
                s.examples.append((v.code, item.id or item.provenance.path, v.where, v.excerpt))
        codes = {d.code for d in item.diagnostics}
        s.diagnostics.update(d.code for d in item.diagnostics)
        if item.provenance.format.startswith("wikileaks"):
            _compare_page(item, codes, s)
        if "references" in item.meta and not item.provenance.format.startswith("wikileaks"):
            listed = set(item.container.references)
            s.meta_checked[_DUMP_REFS] += 1
            if listed != {r.id for r in item.references if r.id}:
                s.meta_disagree[_DUMP_REFS] += 1
                s.meta_disagreeing.append((_DUMP_REFS, item.id or item.provenance.path))
    return s


def _compare_page(item: Cable, codes: set[str], s: FileSummary) -> None:
    """Count where a page's metadata and its cable's text agree. A page whose text is another cable (its
    classification line names another serial: 07PARIS2725 holds MOSCOW 5154) is counted apart, since its
    metadata describes a cable the page does not show."""
    ident = item.id or item.provenance.path
    if "class-line-serial-mismatch" in codes:
        s.other_text.append(ident)
        return
    for fld, code in _META_CODES.items():
        key = {"date": "created", "classification level": "classification"}.get(fld, fld)
        if not item.meta.get(key):
            continue
        s.meta_checked[fld] += 1
        if code not in codes:
            continue
        if fld == "classification level" and _level(item.meta[key]) == _level(item.classification):
            continue
        s.meta_disagree[fld] += 1
        s.meta_disagreeing.append((fld, ident))


def check(paths: Iterable[str | os.PathLike[str]], jobs: int | None = None,
          progress: Callable[[int, int], None] | None = None) -> Report:
    files = [str(p) for p in iter_files(paths)]
    report = Report()
    jobs = jobs or os.cpu_count() or 1
    if jobs == 1:
        for i, f in enumerate(files, 1):
            report.add(summarise_file(f))
            if progress:
                progress(i, len(files))
        return report
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        for i, summary in enumerate(pool.map(summarise_file, files, chunksize=8), 1):
            report.add(summary)
            if progress:
                progress(i, len(files))
    return report


def to_markdown(report: Report, title: str = "Coverage report") -> str:
    lines = [f"# {title}", "", f"Files: {report.files}; cables: {report.cables}; "
             f"read errors: {len(report.errors)}; skipped (not cable files): {len(report.skipped)}.", ""]
    lines += ["## Cables per format", "", "| format | cables |", "|---|---:|"]
    lines += [f"| {k} | {v} |" for k, v in sorted(report.by_format.items())]
    lines += ["", "## Fields found", "", "| field | cables | share |", "|---|---:|---:|"]
    for name in FIELDS:
        n = report.found[name]
        share = n / report.cables if report.cables else 0
        lines.append(f"| {name} | {n} | {share:.1%} |")
    lines += ["", "## Precision: records clean by the invariants", "",
              "A field found is not a field right. A record is *clean* when its reading text and fields keep "
              "every invariant of `cablebase/invariants.py` (no rules, page marks, residue or banners in a "
              "paragraph's text, no heading-only paragraph, no marking left in the text, no notes in signers or "
              "addressees, a date from the DTG or marked as the container's).", "",
              f"All formats: {sum(report.clean.values())} of {report.cables} records clean "
              f"({report.clean_share():.2%}).", "", "| format | records | clean | share |", "|---|---:|---:|---:|"]
    lines += [f"| {k} | {v} | {report.clean[k]} | {report.clean_share(k):.2%} |"
              for k, v in sorted(report.by_format.items())]
    lines += ["", "| invariant | records breaking it | meaning |", "|---|---:|---|"]
    lines += [f"| {code} | {report.broken_records(code)} | {meaning} |" for code, meaning in INVARIANTS.items()]
    if report.examples:
        lines += ["", "Examples (at most three an invariant):", ""]
        lines += [f"- {code}: {ident}, {where}: `{excerpt}`" for code, ident, where, excerpt in report.examples]
    lines += ["", "## Cable text against the container's metadata", "",
              "The WikiLeaks pages' metadata table, and the references column of cables.csv and its exports. "
              f"{len(report.other_text)} pages show the text of another cable (their classification line names "
              f"another serial) and are not compared: {', '.join(sorted(set(report.other_text))) or '-'}.", "",
              "| field | cables compared | agree | share |", "|---|---:|---:|---:|"]
    for fld, n, agree in report.agreement():
        lines.append(f"| {fld} | {n} | {agree} | {agree / n if n else 0:.2%} |")
    lines += ["", "\"classification\" compares the published form (`SECRET//NOFORN`), \"classification level\" "
              "the level alone (`SECRET`); the dump's references column also lists cables cited in the text "
              "(`(BEIRUT 1013)`), which are not REF items. The cables that disagree (for the pages, each also a "
              "diagnostic on the record):", ""]
    for fld in AGREEMENT_FIELDS:
        ids = sorted({ident for f, ident in report.meta_disagreeing if f == fld})
        if ids:
            lines.append(f"- {fld}: {', '.join(ids)}")
    lines += ["", "## Diagnostics", "", "| code | count |", "|---|---:|"]
    lines += [f"| {k} | {v} |" for k, v in report.diagnostics.most_common()]
    if report.errors:
        lines += ["", "## Read errors", ""] + [f"- {e}" for e in report.errors]
    if report.skipped:
        lines += ["", "## Skipped", ""] + [f"- {Path(p).name}: {r}" for p, r in report.skipped]
    return "\n".join(lines) + "\n"
