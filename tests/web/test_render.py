"""The template environment: records are dicts, read key first, with dict methods left alone."""

from cablebase.web import fragments
from cablebase.web.render import templates


def test_templates_read_dict_keys_escaped_and_keep_dict_methods():
    t = templates.env.from_string("{{ d.subject }}|{% for k, v in d.items() %}{{ k }} {% endfor %}|{{ d.missing }}|"
                                  "{{ s.upper() }}")
    assert t.render(d={"subject": "<b>", "items": 1}, s="x") == "&lt;b&gt;|subject items ||X"


def test_cable_fragments_escape_every_value():
    attack = '<script>alert(1)</script>"onload='
    html = str(fragments.paragraphs([{"number": 1, "marking": attack, "heading": attack, "text": attack + " XXXXXXXX"}])
               + fragments.header_rows([(attack, [(attack, attack)])])
               + fragments.addressee_rows([{"ri": attack, "address": attack, "office": attack, "collective": True,
                                            "post": attack, "precedence": attack, "mcn": attack}], "TO", None)
               + fragments.addressee_rows([{"address": "AMEMBASSY MEXICO"}], "FM", "RUEHME"))
    assert "<script>" not in html and '"onload=' not in html
    assert html.count("&lt;script&gt;") == 12  # each value shown once as text
    assert '<span class="redacted" title="redacted in the release">XXXXXXXX</span>' in html
    assert 'class="from-de"' in html and ">RUEHME</code>" in html  # the FM line's station, from the DE line
