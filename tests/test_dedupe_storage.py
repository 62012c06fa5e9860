"""The compact LSH (issue #15): index keys in one GIN-indexed bigint[] per story, and migration 052
converting a database written with one lsh_buckets row per key."""
from __future__ import annotations

import shutil
from datetime import timedelta

import numpy as np
import psycopg

from scrapers import pgserver
from scrapers.dedupe import run_dedupe
from scrapers.dedupe.lsh_store import band_of
from scrapers.dedupe.minhash import INDEXED, SUBJECT_BAND
from scrapers.dedupe.signing import SELECT, Doc, sign, sign_key
from scrapers.migrate import migrate, migration_files
from test_dedupe import OTHER, STORY, T0, article, feed, members

COMPACT = "052_dedupe_compact_lsh.sql"


def test_keys_carry_their_band_and_one_row_per_story(conn):
    f = feed(conn, "r")
    a = article(conn, f, "a", STORY)
    b = article(conn, f, "b", STORY.replace("Tuesday", "Wednesday") + " Reporting by staff.")
    article(conn, f, "c", OTHER)
    conn.commit()
    counts = run_dedupe(conn)
    conn.commit()
    assert counts["near_duplicates"] == 1 and members(conn)[a][0] == members(conn)[b][0]
    rows = conn.execute("SELECT article_id, keys FROM dedupe_signatures ORDER BY article_id").fetchall()
    assert len(rows) == 3
    keys = np.asarray(rows[0][1], dtype=np.int64)
    bands = set(band_of(keys).tolist())
    assert {-1, -3, 0, 9, 100, 104} <= bands and 10 not in bands and len(keys) <= 20
    assert conn.execute("SELECT to_regclass('lsh_buckets')").fetchone()[0] is None
    assert conn.execute("SELECT indexdef FROM pg_indexes WHERE indexname = 'dedupe_signatures_keys'"
                        ).fetchone()[0].endswith("USING gin (keys) WITH (fastupdate=off)")


def _old_rows(docs: list[Doc]) -> tuple[list[tuple], list[tuple]]:
    """What the signer before migration 052 stored: every key a row of lsh_buckets (exact keys,
    bands 0..29 of which 10..29 are dropped now, lede windows), the same keys on the signature
    row, no subject key."""
    s = sign(docs)
    rng = np.random.default_rng(7)
    buckets, sigs = [], []
    for i, d in enumerate(docs):
        mine = (s.kd == i) & s.ks & (s.kb != SUBJECT_BAND)
        old = [(int(k) & ~0xFF) | int(rng.integers(256)) for k in s.kk[mine]]  # low byte: any hash bits
        bands = [int(b) for b in s.kb[mine]]
        cut = bands.index(0) + INDEXED
        keys = old[:cut] + [int(x) for x in rng.integers(-2**62, 2**62, 30 - INDEXED)] + old[cut:]
        kbands = bands[:cut] + list(range(INDEXED, 30)) + bands[cut:]
        buckets += [(k, b, d.id) for k, b in zip(keys, kbands)]
        sigs.append((d.id, sign_key(d), keys, int(s.n_sh[i])))
    return buckets, sigs


def test_migration_converts_existing_keys_and_old_stories_are_found(pg_port, tmp_path):
    before = tmp_path / "sql"
    before.mkdir()
    for path in migration_files():
        if path.name < COMPACT:
            shutil.copy(path, before / path.name)
    pgserver.create_database(pg_port, "before_compact_lsh")
    url = f"postgresql://{pgserver.SUPERUSER}@127.0.0.1:{pg_port}/before_compact_lsh"
    with psycopg.connect(url) as conn:
        migrate(conn, sql_dir=before)
        f = feed(conn, "r")
        old_ids = [article(conn, f, "a", STORY), article(conn, f, "c", OTHER)]
        docs = [Doc(*r) for r in conn.execute(SELECT + " WHERE a.id = ANY(%s) ORDER BY a.id", (old_ids,))]
        buckets, sigs = _old_rows(docs)
        with conn.cursor() as cur:
            cur.executemany("INSERT INTO lsh_buckets (bucket, band, article_id) VALUES (%s, %s, %s)", buckets)
            cur.executemany("INSERT INTO dedupe_signatures (article_id, sign_key, keys, shingles)"
                            " VALUES (%s, %s, %s, %s)", sigs)
            for aid in old_ids:
                cur.execute("INSERT INTO clusters (representative_id) VALUES (%s) RETURNING id", (aid,))
                cid = cur.fetchone()[0]
                cur.execute("INSERT INTO cluster_members (article_id, cluster_id, match_kind) VALUES (%s, %s, 'origin')",
                            (aid, cid))
        position = conn.execute("SELECT max(change_seq) FROM articles").fetchone()[0]
        conn.execute("INSERT INTO watermarks (name, position) VALUES ('dedupe', %s)", (position,))
        conn.commit()

        assert migrate(conn) == [p.name for p in migration_files() if p.name >= COMPACT]
        new = sign(docs)
        for i, d in enumerate(docs):
            want = new.kk[(new.kd == i) & new.ks & (new.kb != SUBJECT_BAND)].tolist()
            got = conn.execute("SELECT keys FROM dedupe_signatures WHERE article_id = %s", (d.id,)).fetchone()[0]
            assert got == want  # the signer's keys, in its order, without bands 10..29
        copy = article(conn, f, "a-copy", STORY + " Reporting by staff.", published=T0 + timedelta(hours=1))
        conn.commit()
        run_dedupe(conn)
        conn.commit()
        m = members(conn)
        assert m[copy][0] == m[old_ids[0]][0] and m[copy][1] in ("exact", "wrapped", "syndicated")
        assert m[old_ids[1]][0] != m[old_ids[0]][0]
    with psycopg.connect(f"postgresql://{pgserver.SUPERUSER}@127.0.0.1:{pg_port}/postgres", autocommit=True) as admin:
        admin.execute('DROP DATABASE IF EXISTS "before_compact_lsh" WITH (FORCE)')
