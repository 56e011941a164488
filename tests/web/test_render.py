"""The template environment: records are dicts, read key first, with dict methods left alone."""

from cablebase.web.render import templates


def test_templates_read_dict_keys_escaped_and_keep_dict_methods():
    t = templates.env.from_string("{{ d.subject }}|{% for k, v in d.items() %}{{ k }} {% endfor %}|{{ d.missing }}|"
                                  "{{ s.upper() }}")
    assert t.render(d={"subject": "<b>", "items": 1}, s="x") == "&lt;b&gt;|subject items ||X"
