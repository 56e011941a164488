"""The template environment: records are dicts, read key first, with dict methods left alone."""

from cablebase.web import cable_sections
from cablebase.web.render import templates


def test_templates_read_dict_keys_escaped_and_keep_dict_methods():
    t = templates.env.from_string("{{ d.subject }}|{% for k, v in d.items() %}{{ k }} {% endfor %}|{{ d.missing }}|"
                                  "{{ s.upper() }}")
    assert t.render(d={"subject": "<b>", "items": 1}, s="x") == "&lt;b&gt;|subject items ||X"


def test_cable_sections_escape_every_value():
    attack = '<script>alert(1)</script>"onload='
    addressee = {"ri": attack, "address": attack, "office": attack, "collective": True, "post": attack,
                 "precedence": attack, "mcn": attack}
    html = str(cable_sections.text({"paragraphs": [{"number": 1, "marking": attack, "heading": attack,
                                                    "text": attack + " XXXXXXXX"}]})
               + cable_sections.transmission([(attack, [(attack, attack)])])
               + cable_sections.addressees({"to": [addressee], "sender": {"address": "AMEMBASSY MEXICO"},
                                            "origin_ri": "RUEHME"}))
    assert "<script>" not in html and '"onload=' not in html
    assert html.count("&lt;script&gt;") == 12  # each value shown once as text
    assert '<span class="redacted" title="redacted in the release">XXXXXXXX</span>' in html
    assert 'class="from-de"' in html and ">RUEHME</code>" in html  # the FM line's station, from the DE line


def test_every_section_of_a_cable_escapes_what_the_record_says():
    attack = '<script>x</script>"onload=javascript:'
    rec = {"id": "07MEXICO1102", "origin": attack, "subject": attack, "classification": attack, "caveats": [attack],
           "precedence": attack, "origin_ri": attack, "origin_country": attack, "classification_line": attack,
           "classified_by": {"person": attack, "title": attack, "reasons": [attack]},
           "declassification": {"order": attack, "date": attack, "text": attack},
           "tag_details": [{"code": attack, "kind": attack, "meaning": attack}], "signers": [attack],
           "metadata": {attack: attack}, "source": {"path": attack, "format": attack, "sha256": attack},
           "diagnostics": [{"code": attack, "message": attack}], "raw": attack, "body": attack}
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
