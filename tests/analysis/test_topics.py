"""Topics on a copy of the corpus archive: every cable with a reading text has topics, the ``topic`` facet
adds up, ``topic:N`` finds exactly the cables whose stored topics include N, cables ingested after the fit
get topics without a refit, and a refit changes every record's topics with nothing stale in the index."""

from __future__ import annotations

import shutil
import sqlite3
from collections import Counter

import numpy as np
import pytest

from cablebase.analysis.topics import store as topic_store
from cablebase.analysis.topics.model import TEXT_LIMIT, TopicModel, cable_text
from cablebase.archive import Archive
from cablebase.archive import store as records
from cablebase.archive import topics as topic_build
from cablebase.errors import CablebaseError, NotFound, QueryError
from tests.conftest import CORPUS, SAMPLES

pytestmark = pytest.mark.corpus
K = 20


@pytest.fixture(scope="module")
def topic_archive(corpus_db, tmp_path_factory):
    path = tmp_path_factory.mktemp("topics") / "db"
    shutil.copytree(corpus_db, path)
    archive = Archive(path)
    # searched before the build: the counts remembered then (no topic in any cable) must not outlive it
    assert archive.search("", limit=0).facets["topic"] == archive.search("mexico", limit=0).facets["topic"] == {}
    archive.build_topics(k=K, jobs=2)
    yield archive
    archive.close()


def _stored(archive: Archive) -> dict[str, set[int]]:
    out: dict[str, set[int]] = {}
    for ident, topic in archive.con.execute("SELECT id, topic FROM cable_topics"):
        out.setdefault(ident, set()).add(topic)
    return out


def _texts(archive: Archive) -> dict[str, str]:
    out = {}
    for (blob,) in archive.con.execute(f"SELECT versions.record FROM {records.CURRENT}"):
        d = records.unpack_json(blob)
        out[d["id"]] = cable_text(d.get("subject"), d.get("body"))
    return out


def _index_agrees(archive: Archive, k: int) -> None:
    """Each topic's search finds exactly the cables whose stored topics include it, and no number outside
    the model finds any."""
    stored = _stored(archive)
    for n in range(1, k + 1):
        expected = {i for i, ts in stored.items() if n in ts}
        assert set(archive.result_ids(f"topic:{n}")) == expected, n
    for n in (0, k + 1, k + 7):
        assert archive.search(f"topic:{n}", limit=0).total == 0


def test_every_cable_with_a_reading_text_has_topics(topic_archive):
    stored, texts = _stored(topic_archive), _texts(topic_archive)
    with_text = {i for i, t in texts.items() if t}
    assert len(with_text) > 1200
    assert set(stored) == with_text  # every cable with a text, and none without
    assert all(1 <= len(ts) <= 3 and ts <= set(range(1, K + 1)) for ts in stored.values())


def test_topic_query_finds_exactly_the_stored_topics(topic_archive):
    _index_agrees(topic_archive, K)


def test_the_topic_facet_adds_up(topic_archive):
    facet = topic_archive.search("", limit=0).facets["topic"]
    rows = Counter(t for (t,) in topic_archive.con.execute("SELECT topic FROM cable_topics"))
    assert {int(v): n for v, n in facet.items()} == dict(rows)
    assert sum(facet.values()) == sum(rows.values())
    listed = topic_archive.topics()
    assert [t["id"] for t in listed] == list(range(1, K + 1))
    assert {t["id"]: t["size"] for t in listed if t["size"]} == dict(rows)
    # narrowed by a query, the facet counts the query's cables' topics
    result = topic_archive.search("iran", limit=0)
    ids = set(topic_archive.result_ids("iran"))
    stored = _stored(topic_archive)
    expected = Counter(str(t) for i in ids for t in stored.get(i, ()))
    assert result.facets["topic"] == dict(expected)


def test_topic_words_are_the_topics_whose_label_or_words_hold_them(topic_archive):
    listed = topic_archive.topics()
    first = listed[0]
    word = first["words"][0][0]
    holding = {t["id"] for t in listed if word in {w for w, _ in t["words"]} or word in t["label"].split()}
    expected = set().union(*(set(topic_archive.result_ids(f"topic:{n}")) for n in holding))
    assert set(topic_archive.result_ids(f'topic:"{word.upper()}"')) == expected
    assert topic_archive.search('topic:"zzzzqqq"', limit=0).total == 0  # no topic: no cable, no error
    assert topic_archive.search("topic:007", limit=0).total == topic_archive.search("topic:7", limit=0).total
    assert topic_archive.search("", filters=[("topic", " 07")], limit=0).total == size_of(topic_archive, 7)
    with pytest.raises(QueryError, match="no wildcard"):
        topic_archive.search("topic:1*", limit=0)
    assert topic_archive.search(f"NOT topic:{first['id']}", limit=0).total == (
        topic_archive.search("", limit=0).total - first["size"])


def size_of(archive: Archive, n: int) -> int:
    return archive.search(f"topic:{n}", limit=0).total


def test_a_label_names_a_topic_and_is_searchable(topic_archive):
    before = topic_archive.search('topic:"particular subject"', limit=0)
    assert before.total == 0 and before.facets["topic"] == {}
    try:
        named = topic_archive.label_topic(3, "  Quite   Particular  Subject ")
        after = topic_archive.search('topic:"particular subject"', limit=0)  # (not the counts from before)
        assert after.total == named["size"] > 0 and after.facets["topic"]["3"] == after.total
        assert named["label"] == "Quite Particular Subject" and named["named"]
        assert set(topic_archive.result_ids('topic:"particular subject"')) == set(topic_archive.result_ids("topic:3"))
        with pytest.raises(CablebaseError):
            topic_archive.label_topic(3, "x" * 81)
        with pytest.raises(NotFound):
            topic_archive.label_topic(K + 1, "nothing")
    finally:
        assert not topic_archive.label_topic(3, "")["named"]  # its top words again


def test_one_topic_page(topic_archive):
    t = topic_archive.topic(2)
    assert t["size"] == topic_archive.search("topic:2", limit=0).total
    weights = [c["weight"] for c in t["cables"]]
    assert weights == sorted(weights, reverse=True) and len(t["cables"]) == min(10, t["size"])
    stored = _stored(topic_archive)
    assert all(2 in stored[c["id"]] for c in t["cables"])
    assert sum(n for _, n in t["posts"]) <= t["size"]
    assert sum(t["trend"]["counts"].values()) <= t["size"]  # (undated cables are in no year)
    with pytest.raises(NotFound):
        topic_archive.topic(K + 1)


def test_the_stored_model_reads_back_without_pickle_and_gives_the_same_topics(topic_archive):
    con = topic_archive.con
    model = topic_store.model(con)
    assert model is not None and model.k == K
    again = TopicModel.from_bytes(model.to_bytes())
    assert np.array_equal(again.components, model.components) and list(again.vocabulary) == list(model.vocabulary)
    assert TopicModel.version_of(model.to_bytes()) == topic_store.current_version(con)
    texts = [t for t in _texts(topic_archive).values() if t][:50]
    assert again.assign(texts) == model.assign(texts)


def test_a_model_reads_the_first_text_limit_characters_of_a_text(topic_archive):
    model = topic_store.model(topic_archive.con)
    assert model is not None and model.text_limit == TEXT_LIMIT  # (kept in the settings of a model fitted now)
    text = max((t for t in _texts(topic_archive).values() if t), key=len)[:TEXT_LIMIT].ljust(TEXT_LIMIT)
    known = " ".join(str(w) for w in model.vocabulary[:300])  # words the model knows, past the limit
    assert model.assign([text + known]) == model.assign([text])
    older = TopicModel(model.vocabulary, model.idf, model.components, model.stop,
                       {k: v for k, v in model.settings.items() if k != "text_limit"})  # (fitted before the limit)
    assert older.text_limit is None
    assert older.counts([text + known]).sum() == model.counts([text]).sum() + 300


def test_cables_ingested_after_the_fit_get_topics_without_a_refit(tmp_path):
    """An archive of part of the corpus gets a model; the rest, ingested later, is given topics by the
    workers from the stored model, and the index finds them."""
    db = tmp_path / "db"
    archive = Archive(db)
    assert not archive.ingest([CORPUS / "wikileaks"], jobs=2).failed
    archive.build_topics(k=10, jobs=2)
    version = topic_store.current_version(archive.con)
    before = set(_stored(archive))
    assert not archive.ingest([CORPUS / "cables-csv", SAMPLES / "raw-telegram"], jobs=2).failed
    assert topic_store.current_version(archive.con) == version  # no refit
    stored, texts = _stored(archive), _texts(archive)
    new = {i for i, t in texts.items() if t} - before
    assert len(new) > 20 and new <= set(stored)
    model = topic_store.model(archive.con)
    ordered = sorted(new)
    assigned = model.assign([texts[i] for i in ordered])
    assert [set(t for t, _ in a) for a in assigned] == [stored[i] for i in ordered]  # as the model gives them
    _index_agrees(archive, 10)
    archive.close()


def test_records_decoded_again_get_their_topics_from_the_workers(topic_archive, tmp_path):
    """Records of an older decoder whose reading text changes when decoded again are given their topics
    on the workers, as the model gives them for the new text, and the index finds them."""
    from tests.archive.test_redecode import _as_if_older

    db = tmp_path / "db"
    shutil.copytree(topic_archive.path, db)
    texts = _texts(topic_archive)
    changed = sorted(i for i, t in texts.items() if t)[:5]

    def older(rec):  # (another text, and so other topics, until it is decoded again)
        rec["body"] = "ZZZ nothing of the kind " * 50
        rec["subject"] = None

    for ident in changed:
        _as_if_older(db, ident, older)
    con = records.connect(db / "cables.sqlite")
    records.in_transaction(con, lambda: con.executemany("DELETE FROM cable_topics WHERE id=?",
                                                        [(i,) for i in changed]))
    con.close()
    archive = Archive(db)
    summary = archive.ingest([], jobs=2)
    assert summary.redecoded == len(changed) and not summary.failed
    model = topic_store.model(archive.con)
    given = model.assign([texts[i] for i in changed])
    assert [set(t for t, _ in g) for g in given] == [_stored(archive).get(i, set()) for i in changed]
    assert _stored(archive) == _stored(topic_archive)
    _index_agrees(archive, K)
    archive.close()


def test_a_refit_changes_every_records_topics_and_leaves_nothing_stale(tmp_path, corpus_db):
    db = tmp_path / "db"
    shutil.copytree(corpus_db, db)
    archive = Archive(db)
    archive.build_topics(k=12, jobs=2)
    archive.label_topic(5, "kept across refits")
    first = topic_store.current_version(archive.con)
    named_during: list[int] = []

    def name_one(done: int, total: int, what: str) -> None:  # a name given while the build runs
        if what == topic_build.GIVING and not named_during:
            named_during.append(Archive(db).label_topic(6, "named during the build")["id"])

    archive.build_topics(k=12, jobs=2, progress=name_one)  # the same fit again: every topic found again
    assert named_during and topic_store.current_version(archive.con) == first
    assert topic_store.labels(archive.con, first) == {5: "kept across refits", 6: "named during the build"}
    archive.build_topics(k=8, jobs=2)
    second = topic_store.current_version(archive.con)
    assert second != first
    stored = _stored(archive)
    assert all(ts <= set(range(1, 9)) for ts in stored.values())
    _index_agrees(archive, 8)
    for n in range(9, 13):  # the first model's topics are gone from the index too
        assert archive.search(f"topic:{n}", limit=0).total == 0
    con = sqlite3.connect(db / "cables.sqlite")
    assert con.execute("SELECT COUNT(*) FROM topic_models").fetchone()[0] == 1
    assert con.execute("SELECT COUNT(*) FROM sqlite_master WHERE name='topics_staged'").fetchone()[0] == 0
    con.close()
    archive.close()


def test_building_topics_needs_an_archive_and_enough_text(tmp_path):
    with pytest.raises(CablebaseError, match="no archive"):
        Archive(tmp_path / "none").build_topics()
    small = Archive(tmp_path / "small")
    small.ingest([SAMPLES / "raw-telegram"], jobs=1)
    with pytest.raises(CablebaseError, match="too few"):
        small.build_topics(k=40)
    assert small.topics() == [] and small.search("topic:1", limit=0).total == 0
    with pytest.raises(NotFound, match="topics build"):
        small.topic(1)


def test_weights_are_what_scikit_learns_solver_converges_to(topic_archive):
    """A cable's weights are solved exactly (NNLS in k dimensions); scikit-learn's coordinate descent for
    fixed components converges to the same, so the cables' topics are the same."""
    from sklearn.decomposition import non_negative_factorization

    from cablebase.analysis.topics.model import tfidf_rows, top_topics

    model = topic_store.model(topic_archive.con)
    texts = [t for t in _texts(topic_archive).values() if t][:300]
    ours = model.weights(texts)
    theirs, _, _ = non_negative_factorization(tfidf_rows(model.counts(texts), model.idf), H=model.components,
                                              n_components=model.k, update_H=False, solver="cd", max_iter=1000,
                                              tol=1e-6)
    assert np.abs(ours - theirs).max() < 1e-3
    same = [{t for t, _ in top_topics(a)} == {t for t, _ in top_topics(b)} for a, b in zip(ours, theirs, strict=True)]
    assert sum(same) >= 0.99 * len(same)
    one_by_one = np.vstack([model.weights([t]) for t in texts[:20]])
    assert np.array_equal(one_by_one, ours[:20])  # a cable's topics do not depend on the cables beside it
