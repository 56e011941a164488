"""The template environment and the cable page's sections: typed records, every value escaped."""

import jinja2

from cablebase.model import (
    Addressee,
    Cable,
    ClassifiedBy,
    Declassification,
    Diagnostic,
    Paragraph,
    Provenance,
    Tag,
)
from cablebase.web import cable_sections
from cablebase.web.render import templates


def test_templates_read_typed_records_escaped_by_plain_jinja():
    assert type(templates.env) is jinja2.Environment  # no lookup patched in for dicts
    t = templates.env.from_string("{{ c.subject }}|{% for t in c.tags %}{{ t.code }} {% endfor %}|{{ c.missing }}")
    cable = Cable(id="X", published_id=None, raw="", provenance=Provenance("p", "raw"), subject="<b>",
                  tags=(Tag("PREL", "subject"), Tag("MX", "geographic")))
    assert t.render(c=cable) == "&lt;b&gt;|PREL MX |"


def test_cable_sections_escape_every_value():
    attack = '<script>alert(1)</script>"onload='
    addressee = Addressee(text=attack, ri=attack, address=attack, office=attack, collective=True, post=attack,
                          precedence=attack, mcn=attack)
    cable = Cable(id="X", published_id=None, raw="", provenance=Provenance("p", "raw"), origin_ri="RUEHME",
                  paragraphs=(Paragraph(1, attack, attack + " XXXXXXXX", heading=attack),),
                  to=(addressee,), sender=Addressee(text="", address="AMEMBASSY MEXICO"))
    html = str(cable_sections.text(cable) + cable_sections.transmission([(attack, [(attack, attack)])])
               + cable_sections.addressees(cable))
    assert "<script>" not in html and '"onload=' not in html
    assert html.count("&lt;script&gt;") == 12  # each value shown once as text
    assert '<span class="redacted" title="redacted in the release">XXXXXXXX</span>' in html
    assert 'class="from-de"' in html and ">RUEHME</code>" in html  # the FM line's station, from the DE line


def test_every_section_of_a_cable_escapes_what_the_record_says():
    attack = '<script>x</script>"onload=javascript:'
    rec = Cable(id="07MEXICO1102", published_id=None, origin=attack, subject=attack, classification=attack,
                caveats=(attack,), precedence=attack, origin_ri=attack, origin_country=attack,
                classification_line=attack, classified_by=ClassifiedBy(attack, person=attack, title=attack,
                                                                       reasons=(attack,)),
                declassification=Declassification(attack, order=attack, date=attack),
                tags=(Tag(attack, attack, attack),), signers=(attack,), metadata=((attack, attack),),
                provenance=Provenance(attack, attack, sha256=attack), diagnostics=(Diagnostic(attack, attack),),
                raw=attack, body=attack)
    refs = {"cites": [{"id": attack, "status": "present", "letter": attack, "text": attack}],
            "cited_by": [{"id": attack, "letter": attack, "text": attack}]}
    html = "".join(str(part) for part in (
        cable_sections.heading(rec), cable_sections.facts(rec), cable_sections.references(rec, refs),
        cable_sections.text(rec), cable_sections.provenance(rec),
        cable_sections.versions([{"version": attack, "path": attack}] * 2, attack)))
    assert "<script>" not in html and '"onload=' not in html
    assert html.count("&lt;script&gt;") >= 30


def test_search_hits_escape_every_value_but_the_snippet_markup():
    from cablebase.archive import Hit
    from cablebase.web import fragments

    attack = '<script>alert(1)</script>"onload='
    html = str(fragments.hits([Hit(id=attack, score=1.0, date=attack, subject=attack, origin=attack,
                                   classification=attack, snippet="told <mark>us</mark> &lt;b&gt;")]))
    assert "<script>" not in html and '"onload=' not in html
    assert html.count("&lt;script&gt;") == 8  # id 3 times (links, label), date, subject, origin, classification twice
    assert '<p class="snippet">told <mark>us</mark> &lt;b&gt; <a class="from"' in html  # made safe by the archive
    assert "undated" in str(fragments.hits([Hit(id="X", score=0.0, date=None, subject=None, snippet="")]))
