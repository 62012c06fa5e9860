"""Dedupe against a real Postgres: exact keys, near duplicates, versions, idempotence, rebuild."""
from __future__ import annotations

import hashlib
import json
from datetime import datetime, timedelta, timezone
from pathlib import Path


from scrapers.dedupe import rebuild_dedupe, run_dedupe
from scrapers.dedupe.shingles import shingle_set, similarity
from scrapers.record import normalise_for_hash

PAIRS = Path(__file__).with_name("dedupe_pairs.jsonl")
T0 = datetime(2018, 1, 30, 12, 0, tzinfo=timezone.utc)

STORY = (
    "MOSCOW (Reuters) - A group of foreign investors expressed concern on Tuesday at the U.S. "
    "Treasury's publication of a list of Russian businessmen close to the Kremlin, saying it could "
    "hurt their interests and damage the investment climate in Russia. The list, published under a "
    "law passed last year, names 114 senior Russian political figures and 96 oligarchs. Investors "
    "said the publication had created uncertainty over which companies could face sanctions later, "
    "and several asked the government for clarity about the next steps. Shares of some companies "
    "linked to people on the list fell in Moscow trading, while the rouble was little changed."
)
OTHER = (
    "AMMAN (Reuters) - At least 15 people were killed on Tuesday when suspected Russian warplanes "
    "struck a busy market in a rebel-held town in Idlib province, rescuers and residents said. The "
    "strikes hit the town of Ariha in the middle of the day, when the market was crowded with "
    "shoppers, witnesses said. Rescue workers pulled bodies from the rubble of several buildings."
)


def h(headline: str, body: str) -> str:
    return hashlib.sha256((normalise_for_hash(headline) + "\n" + normalise_for_hash(body)).encode()).hexdigest()


def feed(conn, name: str, agency: str = "Reuters", language: str = "en") -> int:
    return conn.execute(
        "INSERT INTO feeds (name, url, agency, language) VALUES (%s, %s, %s, %s) RETURNING id",
        (name, f"https://example.org/{name}", agency, language),
    ).fetchone()[0]


def article(conn, feed_id: int, guid: str, body: str, headline: str = "Headline", agency: str = "Reuters",
            canonical_url: str = "", published: datetime | None = T0) -> int:
    return conn.execute(
        "INSERT INTO articles (feed_id, guid, format, agency, headline, body, canonical_url, published_at,"
        " content_hash, first_seen_at) VALUES (%s, %s, 'rss', %s, %s, %s, %s, %s, %s, coalesce(%s, now())) RETURNING id",
        (feed_id, guid, agency, headline, body, canonical_url, published, h(headline, body), published),
    ).fetchone()[0]


def members(conn) -> dict[int, tuple[int, str]]:
    return {a: (c, k) for a, c, k in conn.execute("SELECT article_id, cluster_id, match_kind FROM cluster_members")}


def partition(conn) -> set[frozenset[int]]:
    groups: dict[int, set[int]] = {}
    for a, (c, _) in members(conn).items():
        groups.setdefault(c, set()).add(a)
    return {frozenset(g) for g in groups.values()}


def test_singletons_each_get_a_cluster(conn):
    f = feed(conn, "world")
    a, b = article(conn, f, "g1", STORY), article(conn, f, "g2", OTHER)
    counts = run_dedupe(conn)
    assert counts["processed"] == 2 and counts["clusters_new"] == 2
    assert partition(conn) == {frozenset({a}), frozenset({b})}
    reps = dict(conn.execute("SELECT representative_id, id FROM clusters").fetchall())
    assert set(reps) == {a, b}


def test_same_guid_within_agency_is_exact(conn):
    f1, f2 = feed(conn, "top"), feed(conn, "world")
    a = article(conn, f1, "tag:reuters.com:1", STORY)
    b = article(conn, f2, "tag:reuters.com:1", OTHER)  # same agency guid carried by a second feed
    run_dedupe(conn)
    m = members(conn)
    assert m[a][0] == m[b][0] and m[b][1] == "guid"


def test_same_guid_other_agency_is_not_a_duplicate(conn):
    f1, f2 = feed(conn, "r"), feed(conn, "a", agency="AFP")
    article(conn, f1, "1", STORY)
    article(conn, f2, "1", OTHER, agency="AFP")
    run_dedupe(conn)
    assert len(partition(conn)) == 2


def test_canonical_url_and_body_hash(conn):
    f1, f2 = feed(conn, "r"), feed(conn, "partner", agency="Partner")
    a = article(conn, f1, "1", STORY, canonical_url="https://reuters.com/x")
    b = article(conn, f2, "p1", OTHER, canonical_url="https://reuters.com/x")
    c = article(conn, f2, "p2", STORY.upper().replace(" ", "  "), headline="Other headline")
    run_dedupe(conn)
    m = members(conn)
    assert m[b] == (m[a][0], "canonical_url")
    assert m[c] == (m[a][0], "content_hash")


def test_near_duplicate_relede_joins_with_similarity(conn):
    f1, f2 = feed(conn, "r"), feed(conn, "partner", agency="Partner")
    a = article(conn, f1, "1", STORY)
    edited = STORY.replace("A group of foreign investors expressed concern on Tuesday",
                           "Foreign investors voiced worry on Tuesday") + " Trading volumes were thin."
    b = article(conn, f2, "p1", edited, agency="Reuters")
    run_dedupe(conn)
    row = conn.execute(
        "SELECT article_id, matched_article_id, match_kind, similarity FROM duplicate_links").fetchone()
    assert row[:3] == (b, a, "syndicated") and 0.8 <= row[3] < 1.0
    story = conn.execute("SELECT article_id, members, agencies FROM unique_stories").fetchone()
    assert story == (a, 2, ["Reuters"])


def test_different_story_same_event_stays_apart(conn):
    f = feed(conn, "r")
    article(conn, f, "1", STORY)
    article(conn, f, "2", "MOSCOW (Reuters) - Russia's Kremlin said on Tuesday that the U.S. Treasury "
            "list of Russian businessmen close to the Kremlin was an unfriendly act, and that Moscow "
            "would study it before deciding how to respond; the list names 96 oligarchs and 114 "
            "political figures, and investors fear it could be followed by sanctions.")
    run_dedupe(conn)
    assert len(partition(conn)) == 2


def test_rerun_changes_nothing(conn):
    f = feed(conn, "r")
    for i in range(5):
        article(conn, f, f"g{i}", STORY + f" Update {i}." * (i % 2))
    run_dedupe(conn)
    before = conn.execute("SELECT * FROM cluster_members ORDER BY article_id").fetchall()
    assert run_dedupe(conn)["processed"] == 0
    conn.execute("UPDATE watermarks SET position = 0 WHERE name = 'dedupe'")  # replay everything
    counts = run_dedupe(conn)
    assert counts["processed"] == 5 and counts.get("unchanged") == 5
    assert conn.execute("SELECT * FROM cluster_members ORDER BY article_id").fetchall() == before


def test_new_version_is_replaced_not_duplicated(conn):
    f = feed(conn, "r")
    a = article(conn, f, "1", STORY)
    b = article(conn, f, "2", OTHER)
    run_dedupe(conn)
    # a correction of row a that now carries the other story's text: re-signed, re-placed
    conn.execute("UPDATE articles SET body = %s, content_hash = %s WHERE id = %s", (OTHER + " Corrected.", "x", a))
    counts = run_dedupe(conn)
    assert counts["processed"] == 1 and counts["resigned"] == 1
    m = members(conn)
    assert m[a][0] == m[b][0] and conn.execute("SELECT count(*) FROM clusters").fetchone()[0] == 1
    assert conn.execute("SELECT count(*) FROM dedupe_signatures").fetchone()[0] == 2


def test_representative_is_earliest_original_from_credited_agency(conn):
    own, partner = feed(conn, "reuters"), feed(conn, "partner", agency="Partner")
    early_copy = article(conn, partner, "p", STORY, published=T0 - timedelta(hours=1))
    original = article(conn, own, "r", STORY + " More.", published=T0)
    run_dedupe(conn)
    assert conn.execute("SELECT article_id FROM unique_stories").fetchone()[0] == original
    assert early_copy != original


def test_merge_of_two_clusters_by_a_bridge(conn):
    strict = 0.8  # a and b (~0.45 apart, each keeps 60% of the other) stay apart; c bridges them
    f = feed(conn, "r")
    words = (STORY + " " + OTHER).split()
    cut = len(words) * 38 // 100
    a = article(conn, f, "a", " ".join(words[cut:]))      # lede cut
    b = article(conn, f, "b", " ".join(words[:-cut]))     # tail cut: c contains both
    run_dedupe(conn, threshold=strict)
    assert len(partition(conn)) == 2
    c = article(conn, f, "c", " ".join(words))            # the full story matches both
    counts = run_dedupe(conn, threshold=strict)
    assert counts["clusters_merged"] == 1
    assert partition(conn) == {frozenset({a, b, c})}
    assert conn.execute("SELECT count(*) FROM clusters").fetchone()[0] == 1


def test_batches_and_rebuild_give_the_same_grouping(conn):
    f = feed(conn, "r")
    ids = []
    for i in range(12):
        body = (STORY if i % 3 else OTHER) + f" Paragraph {i // 6}."
        ids.append(article(conn, f, f"g{i}", body, published=T0 + timedelta(minutes=i)))
    run_dedupe(conn, batch_size=5)
    first = partition(conn)
    assert len(first) == 2
    counts = rebuild_dedupe(conn, T0 - timedelta(days=1), T0 + timedelta(days=1))
    assert counts["processed"] == 12
    assert partition(conn) == first
    assert conn.execute("SELECT count(*) FROM clusters").fetchone()[0] == 2
    half = rebuild_dedupe(conn, T0 + timedelta(minutes=6), T0 + timedelta(days=1))
    assert half["processed"] == 6 and partition(conn) == first


def test_empty_bodies_do_not_collide(conn):
    f = feed(conn, "r")
    article(conn, f, "1", "", headline="Markets close higher")
    article(conn, f, "2", "", headline="Earthquake strikes off Japan coast")
    run_dedupe(conn)
    assert len(partition(conn)) == 2


def test_labelled_pairs_file_is_well_formed():
    pairs = [json.loads(line) for line in PAIRS.read_text(encoding="utf-8").splitlines() if line.strip()]
    assert len(pairs) >= 60
    kinds = {p["edit"] for p in pairs}
    assert {"relede", "trim", "correction", "headline", "same_event"} <= kinds
    assert all(isinstance(p["duplicate"], bool) for p in pairs)


def test_shingle_similarity_is_symmetric():
    a, b = shingle_set(STORY), shingle_set(STORY + " Extra sentence here.")
    assert similarity(a, b) == similarity(b, a) and similarity(a, a) == (1.0, 1.0)


def _mixed_corpus(conn, indexes=range(23)) -> list[int]:
    f = _feed_id(conn, "r") or feed(conn, "r")
    p = _feed_id(conn, "partner") or feed(conn, "partner", agency="Partner")
    words = (STORY + " " + OTHER).split()
    ids = []
    for i in indexes:
        if i % 4 == 0:
            body = STORY + f" Update {i}."
        elif i % 4 == 1:
            body = " ".join(words[i % 7 :])
        elif i % 4 == 2:
            body = OTHER.upper()
        else:
            body = f"Unrelated item number {i} about weather in region {i * 7} with rain and wind." * 3
        ids.append(article(conn, p if i % 5 == 0 else f, f"g{i}", body, published=T0 + timedelta(minutes=i)))
    return ids


def test_read_ahead_signing_gives_the_same_result(conn, db_url):
    import psycopg

    _mixed_corpus(conn)
    counts = run_dedupe(conn, batch_size=4, overlap=True, sign_workers=2)  # read-ahead split over 2 processes
    with_overlap = conn.execute(
        "SELECT article_id, match_kind, matched_article_id, similarity FROM cluster_members ORDER BY 1").fetchall()
    parts = partition(conn)
    conn.commit()
    with psycopg.connect(db_url) as c2:  # replay from scratch without read-ahead
        c2.execute("TRUNCATE cluster_members, clusters, dedupe_signatures")
        c2.execute("UPDATE watermarks SET position = 0 WHERE name = 'dedupe'")
        counts2 = run_dedupe(c2, batch_size=4, overlap=False)
        assert counts2 == counts
        assert c2.execute("SELECT article_id, match_kind, matched_article_id, similarity FROM cluster_members"
                          " ORDER BY 1").fetchall() == with_overlap
        assert partition(c2) == parts
        c2.commit()


def test_read_ahead_is_dropped_when_the_batch_changed(conn, db_url, monkeypatch):
    import threading

    import psycopg

    import scrapers.dedupe.run as run

    ids = _mixed_corpus(conn)
    conn.commit()
    real_sign, calls = run.sign, []

    def sign_and_edit(docs):  # another writer changes an article of the read-ahead batch meanwhile
        out = real_sign(docs)
        if not calls and threading.current_thread() is not threading.main_thread():  # the read-ahead
            with psycopg.connect(db_url, autocommit=True) as other:
                other.execute("UPDATE articles SET body = %s, content_hash = 'changed' WHERE id = %s",
                              (OTHER + " Corrected.", docs[0].id))
            calls.append([d.id for d in docs])
        return out

    monkeypatch.setattr(run, "sign", sign_and_edit)
    counts = run_dedupe(conn, batch_size=4, overlap=True, sign_workers=0)  # read-ahead in a thread
    edited = calls[0][0]
    assert counts["processed"] == len(ids) and counts.get("resigned", 0) == 0  # stale text never placed
    m = members(conn)
    assert set(m) == set(ids)
    other = next(i for i in ids if conn.execute("SELECT body FROM articles WHERE id = %s", (i,)).fetchone()[0]
                 == OTHER.upper())
    assert m[edited][0] == m[other][0]  # placed with its new text, not the stale read-ahead
    keys = conn.execute("SELECT count(*) FROM dedupe_signatures").fetchone()[0]
    assert keys == len(ids)


def _feed_id(conn, name: str) -> int | None:
    row = conn.execute("SELECT id FROM feeds WHERE name = %s", (name,)).fetchone()
    return row[0] if row else None


def _placements(conn) -> list[tuple]:
    return conn.execute("SELECT article_id, match_kind, matched_article_id, similarity FROM cluster_members"
                        " ORDER BY 1").fetchall()


def test_in_memory_index_places_like_the_gin(conn, monkeypatch):
    """A large run matches keys in memory (scrapers.dedupe.mirror): the same placements as GIN
    lookups, from an empty index and from one read into memory at the run's start."""
    import scrapers.dedupe.lsh_store as lsh_store
    import scrapers.dedupe.mirror as mirror

    gin_calls = []
    real_lookup = lsh_store.lookup_rows
    monkeypatch.setattr(lsh_store, "lookup_rows", lambda *a: gin_calls.append(1) or real_lookup(*a))
    monkeypatch.setattr(mirror, "MAX_STORIES", 0)  # GIN only
    ids = _mixed_corpus(conn, range(8))
    run_dedupe(conn, batch_size=4, overlap=False)
    ids += _mixed_corpus(conn, range(8, 23))
    monkeypatch.setattr(mirror, "MAX_STORIES", 1000)
    gin_calls.clear()
    run_dedupe(conn, batch_size=4, overlap=False)  # 8 stories indexed: read into memory
    assert not gin_calls
    placed, parts = _placements(conn), partition(conn)
    for max_stories in (0, 1000):  # GIN only, then in memory from an empty index
        monkeypatch.setattr(mirror, "MAX_STORIES", max_stories)
        conn.execute("TRUNCATE cluster_members, clusters, dedupe_signatures")
        conn.execute("UPDATE watermarks SET position = 0 WHERE name = 'dedupe'")
        gin_calls.clear()
        assert run_dedupe(conn, batch_size=4, overlap=False)["processed"] == len(ids)
        assert bool(gin_calls) == (max_stories == 0)
        assert _placements(conn) == placed and partition(conn) == parts
    assert len(parts) < len(ids) - 5  # copies were found


def test_in_memory_index_yields_to_another_writer(conn, db_url, monkeypatch):
    """Anybody else changing the index between two batches of a run sends it back to the GIN."""
    import psycopg

    import scrapers.dedupe.lsh_store as lsh_store
    import scrapers.dedupe.mirror as mirror

    import scrapers.dedupe.run as run

    ids = _mixed_corpus(conn)
    conn.commit()
    gin_calls, real_lookup, real_lock, batches = [], lsh_store.lookup_rows, run._lock_and_watermark, []

    def touch_then_lock(c):  # between batches 1 and 2, another writer changes a row of the index
        batches.append(1)
        if len(batches) == 2:
            with psycopg.connect(db_url, autocommit=True) as other:
                other.execute("UPDATE dedupe_signatures SET shingles = shingles WHERE article_id = %s", (ids[0],))
        return real_lock(c)

    monkeypatch.setattr(lsh_store, "lookup_rows", lambda *a: gin_calls.append(1) or real_lookup(*a))
    monkeypatch.setattr(run, "_lock_and_watermark", touch_then_lock)
    monkeypatch.setattr(mirror, "MAX_STORIES", 1000)
    counts = run_dedupe(conn, batch_size=4, overlap=False)
    assert counts["processed"] == len(ids) and len(gin_calls) == 5  # batches 2..6 asked the GIN


def test_in_memory_index_gives_way_to_the_gin_when_full(conn, monkeypatch):
    import scrapers.dedupe.lsh_store as lsh_store
    import scrapers.dedupe.mirror as mirror

    ids = _mixed_corpus(conn)
    gin_calls, real_lookup = [], lsh_store.lookup_rows
    monkeypatch.setattr(lsh_store, "lookup_rows", lambda *a: gin_calls.append(1) or real_lookup(*a))
    monkeypatch.setattr(mirror, "MAX_STORIES", 10)
    assert run_dedupe(conn, batch_size=4, overlap=False)["processed"] == len(ids)
    assert len(gin_calls) == 4  # 8 stories held in memory, then batches 3..6 through the GIN


def test_signing_slices_concatenate_to_the_whole_batch():
    """The read-ahead signs a batch in slices (one per process): their concatenation is sign(batch)."""
    import numpy as np

    from scrapers.dedupe.signing import Doc, Signing, sign

    pairs = [json.loads(line) for line in PAIRS.read_text(encoding="utf-8").splitlines()[:12]]
    bodies = [p[k] for p in pairs for k in ("a", "b")] + ["", "Too short"]
    docs = [Doc(i, i, "AFP", f"g{i}", "", "Headline", b, "", f"h{i}", published_at=T0) for i, b in enumerate(bodies)]
    whole, parts = sign(docs), Signing.concat([sign(docs[:7]), sign(docs[7:19]), sign(docs[19:])])
    assert (whole.ids, whole.texts, whole.furniture, whole.datelines) == (parts.ids, parts.texts, parts.furniture,
                                                                          parts.datelines)
    for field in ("flat", "offsets", "n_sh"):
        assert np.array_equal(getattr(whole, field), getattr(parts, field))
    assert all(getattr(whole, f).dtype == getattr(parts, f).dtype for f in ("offsets", "kd", "kk", "kb", "ks"))
    key_rows = lambda s: sorted(zip(s.kd.tolist(), s.kk.tolist(), s.kb.tolist(), s.ks.tolist()))  # noqa: E731
    assert key_rows(whole) == key_rows(parts) and len(set(whole.kb.tolist())) > 5


def test_fast_body_normalisation_matches_record():
    from scrapers.dedupe.signing import normalise_body

    for text in ["", "  A  b\tC\n\u00a0d\u2003e\u3000F  ", "ÉTÉ Straße İstanbul", "x\x1cy\x1dz\x1ew\x1fv\x85u"]:
        assert normalise_body(text) == normalise_for_hash(text)


def _signer_pool_kind(queue) -> None:
    from scrapers.dedupe.run import _Signer
    signer = _Signer(2)
    queue.put(type(signer._start()).__name__)


def test_signer_in_a_daemonic_process_signs_in_a_thread():
    """A daemonic process (a worker of some executors) may not start children: signing falls back to a thread."""
    import multiprocessing

    ctx = multiprocessing.get_context("fork")
    queue = ctx.Queue()
    proc = ctx.Process(target=_signer_pool_kind, args=(queue,), daemon=True)
    proc.start()
    kind = queue.get(timeout=60)
    proc.join(60)
    assert kind == "ThreadPoolExecutor"


def test_a_batch_newer_than_every_placed_story_is_not_probed_and_an_older_one_is(conn):
    from scrapers.dedupe.lsh_store import above_all

    f = feed(conn, "r")
    a = article(conn, f, "1", STORY)
    b = article(conn, f, "2", OTHER)
    run_dedupe(conn)
    for table in ("dedupe_signatures", "cluster_members"):
        assert above_all(conn, table, [b + 1, b + 2]) and not above_all(conn, table, [b + 1, a])
    conn.execute("UPDATE articles SET body = %s, content_hash = %s WHERE id = %s", (OTHER + " Corrected.", "x", a))
    c = article(conn, f, "3", STORY + " More.")  # after a's correction: its own batch, above all
    counts = run_dedupe(conn, batch_size=1)
    assert counts["processed"] == 2 and counts["resigned"] == 1
    assert partition(conn) == {frozenset({a, b}), frozenset({c})}
    assert conn.execute("SELECT count(*) FROM dedupe_signatures").fetchone()[0] == 3
