"""A real archive of the sample cables plus one hostile cable, and the app over it."""

from __future__ import annotations

import os
import shutil
import socket
import threading
import time
from pathlib import Path

import pytest

from tests.conftest import ROOT, SAMPLES

# A cable whose text tries every way into a page: tags, attributes, URLs. It must be shown as text.
HOSTILE = """VZCZCXRO0001
OO RUEHC
DE RUEHMD #9999/01 0641924
ZNY CCCCC ZZH
O 051924Z MAR 07
FM AMEMBASSY MADRID
TO RUEHC/SECSTATE WASHDC IMMEDIATE 0001
BT
C O N F I D E N T I A L MADRID 009999

SIPDIS

E.O. 12958: DECL: 03/05/2017
TAGS: PREL SP
SUBJECT: <script>alert('subject')</script> "onload=alert(1) javascript:alert(2)

REF: 06MADRID1914

Classified By: Political Counselor Jane Doe for reasons 1.4 (b) and (d).

1. (C) The minister said <script>alert('body')</script> guantanamo and "onload=alert(3) guantanamo
and javascript:alert(4) <img src=x onerror=alert(5)> about guantanamo detainees.

2. (C) XXXXXXXXXXXX told us about guantanamo.

AGUIRRE
"""
HOSTILE_ID = "07MADRID9999"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"  # Debian's, driven by Playwright (no browser download)
# The marks of a test module that drives chromium, and where its screenshots go
BROWSER = [pytest.mark.browser,
           pytest.mark.skipif(not Path(CHROMIUM).exists(), reason=f"no chromium at {CHROMIUM} "
                              "(.ci/run installs Debian's chromium)")]
SHOTS = Path(os.environ.get("CABLEBASE_TEST_OUTPUT", ROOT / "test-output")) / "screenshots"
ATTACKS = ("<script>alert", "<img src=x", '"onload=alert', "href=\"javascript:")


@pytest.fixture(scope="session")
def web_db(tmp_path_factory) -> Path:
    from cablebase.archive import Archive

    extra = tmp_path_factory.mktemp("hostile")
    (extra / "hostile.txt").write_text(HOSTILE, encoding="utf-8")
    db = tmp_path_factory.mktemp("web") / "db"
    summary = Archive(db).ingest([SAMPLES, extra], jobs=1)
    assert not summary.failed
    return db


@pytest.fixture(scope="session")
def app(web_db):  # type: ignore[no-untyped-def]
    from cablebase.web import create_app

    return create_app(web_db)


@pytest.fixture(scope="session")
def client(app):  # type: ignore[no-untyped-def]
    from fastapi.testclient import TestClient

    with TestClient(app, raise_server_exceptions=False) as c:
        yield c


def free_port() -> int:
    """A loopback port nothing listens on."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def serve(app):  # type: ignore[no-untyped-def]
    """Serve ``app`` with uvicorn on a free loopback port (a generator for fixtures: yields its address)."""
    import uvicorn

    port = free_port()
    srv = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    for _ in range(200):
        if srv.started:
            break
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    srv.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="session")
def server(app):  # type: ignore[no-untyped-def]
    """The app served by uvicorn on a free loopback port, for the browser."""
    yield from serve(app)


@pytest.fixture(scope="module")
def axe() -> str:
    """axe-core's script (the accessibility audit), or the test skipped saying why it is missing."""
    from tests.web.axe import axe_script

    script, why = axe_script()
    if script is None:
        pytest.skip(why)
    return script.read_text(encoding="utf-8")


@pytest.fixture
def audited(browser):  # type: ignore[no-untyped-def]
    """A page that lets the test add axe: the pages forbid inline scripts (bypass_csp lifts that for the
    test's own script, not for anything a cable holds: the page's markup is the same)."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, bypass_csp=True)
    yield context.new_page()
    context.close()


TOPICS_K = 20  # topics of the topic tests' model


@pytest.fixture(scope="session")
def topics_db(corpus_db, tmp_path_factory):  # type: ignore[no-untyped-def]
    """A copy of the corpus archive with a topic model of TOPICS_K topics."""
    from cablebase.archive import Archive

    db = tmp_path_factory.mktemp("topics") / "db"
    shutil.copytree(corpus_db, db, ignore=shutil.ignore_patterns("*.lock"))
    Archive(db).build_topics(k=TOPICS_K, jobs=2)
    return db


@pytest.fixture(scope="module")
def browser():  # type: ignore[no-untyped-def]
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=[
            "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
            "--disable-background-networking", "--no-first-run"])
        yield b
        b.close()


@pytest.fixture
def page(browser):  # type: ignore[no-untyped-def]
    """A fresh 1280x900 page; any dialog a cable manages to open fails the test."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    pg = context.new_page()
    dialogs: list[str] = []
    pg.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    yield pg
    context.close()
    assert dialogs == [], f"a cable ran script in the page: {dialogs}"
