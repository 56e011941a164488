"""`cablebase serve`: mistakes are one clear line and exit status 2, before any server starts."""

from __future__ import annotations

import socket

from cablebase.cli import main


def test_missing_archive(tmp_path, capsys):
    assert main(["serve", "--db", str(tmp_path / "nothing")]) == 2
    err = capsys.readouterr().err
    assert "no archive at" in err and "cablebase ingest" in err


def test_port_in_use(web_db, capsys):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        s.listen()
        port = s.getsockname()[1]
        assert main(["serve", "--db", str(web_db), "--port", str(port)]) == 2
    assert "cannot listen on 127.0.0.1" in capsys.readouterr().err


def test_help_teaches(capsys):
    try:
        main(["serve", "--help"])
    except SystemExit:
        pass
    out = capsys.readouterr().out
    assert "127.0.0.1" in out and "--workers" in out and "/openapi.json" in out
