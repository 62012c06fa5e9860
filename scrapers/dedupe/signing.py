"""What dedupe derives from a story's text alone: cleaned text, shingles, index keys, and the
verification sides (scrapers.dedupe.verify). Pure CPU, no database: computed ahead of time."""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from datetime import date, datetime, timezone

import numpy as np

from . import furniture, short
from .lsh_store import EXACT_BODY, EXACT_GUID, EXACT_URL
from .minhash import FIGURES_BAND, INDEXED, SUBJECT_BAND, LEDE_BAND0, LEDE_INDEXED, LEDE_QUERIED, LEDE_STORED, band_keys, lede_keys, signatures
from .shingles import shingle_batch, sorted_unique
from .verify import LEDE, Side

SELECT = (
    "SELECT a.id, a.change_seq, a.agency, a.guid, a.canonical_url, a.headline, a.body, a.summary,"
    " a.content_hash, a.city, a.dateline_date, a.published_at FROM articles a"
)


@dataclass
class Doc:
    id: int
    change_seq: int
    agency: str
    guid: str
    canonical_url: str
    headline: str
    body: str
    summary: str
    content_hash: str
    city: str = ""
    dateline_date: date | None = None
    published_at: datetime | None = None

    def text(self) -> str:
        """What is shingled: the body; headline and summary too when the body is a stub."""
        text = self.body or self.summary
        if len(text) < 200:
            text = " ".join(t for t in (self.headline, self.summary, self.body) if t)
        return text


def _h64(*parts: str) -> int:
    digest = hashlib.blake2b("\x00".join(parts).encode("utf-8"), digest_size=8).digest()
    return int.from_bytes(digest, "little", signed=True)


ALGORITHM = "3"  # part of sign_key: a change of what is shingled re-signs every story on replay


def sign_key(doc: Doc) -> int:
    """Changes exactly when something dedupe looks at changes."""
    return _h64(ALGORITHM, doc.content_hash, doc.agency, doc.guid, doc.canonical_url)


def exact_keys(doc: Doc, body_key: int | None) -> list[tuple[int, int]]:
    """The guid, canonical URL and body keys (`body_key`: body_keys' answer for the body)."""
    keys = []
    if doc.agency and doc.guid:
        keys.append((_h64("guid", doc.agency.casefold(), doc.guid), EXACT_GUID))
    if doc.canonical_url:
        keys.append((_h64("url", doc.canonical_url), EXACT_URL))
    if body_key is not None:
        keys.append((body_key, EXACT_BODY))
    return keys


_BODY_PREFIX = b"body\x00"
# str.split()'s whitespace among ASCII (\t \n \v \f \r, \x1c-\x1f, space) to a space, A-Z lowered
_ASCII_FOLD = bytes(32 if c in (9, 10, 11, 12, 13, 28, 29, 30, 31) else c + 32 if 65 <= c <= 90 else c
                    for c in range(256))


def body_keys(bodies: list[str]) -> list[int | None]:
    """_h64("body", normalise_body(body)) of each body, None when that is empty. ASCII bodies are
    folded together with numpy (normalise_body's split and join was a sixth of signing)."""
    out: list[int | None] = [None] * len(bodies)
    plain = []
    for i, body in enumerate(bodies):
        if body and body.isascii():
            plain.append(i)
        elif body:
            norm = normalise_body(body)
            out[i] = _h64("body", norm) if norm else None
    if not plain:
        return out
    lens = np.fromiter((len(bodies[i]) for i in plain), dtype=np.int64, count=len(plain))
    starts = np.zeros(len(plain), dtype=np.int64)
    np.cumsum(lens[:-1], out=starts[1:])
    text = np.frombuffer("".join(bodies[i] for i in plain).encode("ascii").translate(_ASCII_FOLD), dtype=np.uint8)
    space = text == 32
    after_space = np.empty_like(space)  # a body's first byte counts as following a space
    after_space[0] = True
    after_space[1:] = space[:-1]
    after_space[starts] = True
    keep = ~space | ~after_space  # every non-space, and the first space of each run
    folded = text[keep].tobytes()
    kept = np.add.reduceat(keep, starts, dtype=np.int64)
    offset = 0
    for i, n in zip(plain, kept.tolist()):
        body = folded[offset : offset + n].rstrip(b" ")  # a run of spaces at the end
        offset += n
        if body:
            out[i] = int.from_bytes(hashlib.blake2b(_BODY_PREFIX + body, digest_size=8).digest(), "little", signed=True)
    return out


def normalise_body(text: str) -> str:
    """record.normalise_for_hash (casefold, whitespace runs to one space, strip) without a regex:
    str.split() splits on exactly the characters `\\s` matches in a str pattern."""
    return " ".join(text.casefold().split()) if text else ""


@dataclass
class Signing:
    """A batch's cleaned texts, shingles and index keys."""
    ids: list[int]
    texts: list[str]        # cleaned texts
    furniture: list[float]  # share of each raw text that was furniture
    datelines: list[str]    # the dateline stripped from each story's first paragraph
    flat: np.ndarray        # shingle hashes of all docs (in text order)
    offsets: np.ndarray     # row offsets into flat
    n_sh: np.ndarray        # shingles per doc
    kd: np.ndarray          # index keys: doc index, key, band (exact keys, bands, lede windows)
    kk: np.ndarray
    kb: np.ndarray
    ks: np.ndarray          # True: stored in the index; False: only looked up (lede windows further down)

    @staticmethod
    def concat(parts: list["Signing"]) -> "Signing":
        """The signing of consecutive slices of a batch as one (what sign() of the whole batch returns,
        since every key and shingle is a function of its own story only)."""
        if len(parts) == 1:
            return parts[0]
        shift = np.cumsum([0] + [len(p.ids) for p in parts[:-1]])
        ends = np.cumsum([0] + [int(p.offsets[-1]) for p in parts[:-1]]).astype(np.uint64)
        return Signing(
            [i for p in parts for i in p.ids], [t for p in parts for t in p.texts],
            [f for p in parts for f in p.furniture], [d for p in parts for d in p.datelines],
            np.concatenate([p.flat for p in parts]),
            np.concatenate([parts[0].offsets[:1]] + [p.offsets[1:] + e for p, e in zip(parts, ends)]),
            np.concatenate([p.n_sh for p in parts]),
            np.concatenate([p.kd + s for p, s in zip(parts, shift)]),
            np.concatenate([p.kk for p in parts]), np.concatenate([p.kb for p in parts]),
            np.concatenate([p.ks for p in parts]))

    def side(self, i: int, doc: Doc) -> Side:
        row = self.flat[int(self.offsets[i]) : int(self.offsets[i + 1])]
        return side_of(doc, self.texts[i], row, self.furniture[i], self.datelines[i])


def dateline_of(dateline: str, published: datetime | None) -> tuple[str, str]:
    """(city, resolved date) of a stripped dateline, read by the project's dateline parser.

    Read from the story's own first paragraph rather than taken from articles.city, which the
    pipeline may have read from a caption or promo above the story on a page."""
    if not dateline:
        return "", ""
    from scrapers.dateline import parse_dateline

    try:
        dl = parse_dateline(dateline.rstrip(" -–—:") + " - x", published)
    except Exception:  # noqa: BLE001 - an unreadable dateline is no dateline
        return "", ""
    return dl.city or "", (dl.resolved.isoformat() if dl.resolved else "")


def side_of(doc: Doc, text: str, row: np.ndarray, furniture_share: float, dateline: str) -> Side:
    published = doc.published_at.timestamp() if doc.published_at else None
    city, date = dateline_of(dateline, doc.published_at)
    return Side(sorted_unique(row), sorted_unique(row[:LEDE]), text, city, date, furniture_share, published)


def sign(docs: list[Doc]) -> Signing:
    """Clean, shingle, MinHash and key a batch of docs."""
    cleaned = [furniture.clean(d.text()) for d in docs]
    texts = [c[0] for c in cleaned]
    flat, offsets = shingle_batch(texts)
    n_sh = np.diff(offsets.astype(np.int64))
    bkeys = band_keys(signatures(flat, offsets))
    ex_doc, ex_key, ex_band = [], [], []
    for i, (d, body_key) in enumerate(zip(docs, body_keys([d.body for d in docs]))):
        for k, b in exact_keys(d, body_key):
            ex_doc.append(i)
            ex_key.append(k)
            ex_band.append(b)
    signed_docs = np.nonzero(n_sh > 0)[0]
    kd = [np.asarray(ex_doc, dtype=np.int64), np.repeat(signed_docs, INDEXED)]
    kk = [np.asarray(ex_key, dtype=np.int64), bkeys[signed_docs].ravel()]
    kb = [np.asarray(ex_band, dtype=np.int16), np.tile(np.arange(INDEXED, dtype=np.int16), len(signed_docs))]
    ks = [np.ones(len(kd[0]) + len(kd[1]), dtype=bool)]
    lede_bands = np.arange(LEDE_BAND0, LEDE_BAND0 + LEDE_INDEXED, dtype=np.int16)
    for start in LEDE_QUERIED:
        wd, wk = lede_keys(flat, offsets, start)
        kd.append(np.repeat(wd, LEDE_INDEXED))
        kk.append(wk.ravel())
        kb.append(np.tile(lede_bands, len(wd)))
        ks.append(np.full(len(wd) * LEDE_INDEXED, start in LEDE_STORED))
    sd, sk, sb = subject_keys(docs, texts, [c[2] for c in cleaned])
    kd.append(sd)
    kk.append(sk)
    kb.append(sb)
    ks.append(np.ones(len(sd), dtype=bool))
    bands = np.concatenate(kb)
    return Signing([d.id for d in docs], texts, [c[1] for c in cleaned], [c[2] for c in cleaned], flat, offsets, n_sh,
                   np.concatenate(kd), with_band(np.concatenate(kk), bands), bands, np.concatenate(ks))


def with_band(keys: np.ndarray, bands: np.ndarray) -> np.ndarray:
    """Keys carry their band in their low byte (lsh_store.band_of reads it back): one bigint per
    key in the index, and keys of different bands never meet."""
    return (keys & np.int64(~0xFF)) | (bands.astype(np.int64) & np.int64(0xFF))


def subject_keys(docs: list[Doc], texts: list[str], datelines: list[str]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(doc indexes, keys, bands) of the subject and figures keys (scrapers.dedupe.short): a short
    reworded copy, or a table re-sent with rounded figures, shares too few shingles to meet its
    original through the bands. The day is the stored dateline date, else the day the story was
    published (UTC), else its dateline's date as printed (many datelines print none)."""
    docs_i, keys, bands = [], [], []
    for i, (d, text, dateline) in enumerate(zip(docs, texts, datelines)):
        if not dateline:
            continue
        day = _day(d, dateline)
        for band, key in ((SUBJECT_BAND, short.subject_key(text, dateline, day)),
                          (FIGURES_BAND, short.figures_key(text, dateline, day))):
            if key is not None:
                docs_i.append(i)
                keys.append(_h64("subject", key))
                bands.append(band)
    return np.asarray(docs_i, dtype=np.int64), np.asarray(keys, dtype=np.int64), np.asarray(bands, dtype=np.int16)


def _day(d: Doc, dateline: str) -> str:
    if d.dateline_date:
        return d.dateline_date.isoformat()
    if d.published_at:
        return d.published_at.astimezone(timezone.utc).date().isoformat()
    return _printed_date(dateline)


def _printed_date(dateline: str) -> str:
    m = _DATELINE_DAY.search(dateline)
    return " ".join(m.group().casefold().replace(".", "").split()) if m else ""


_DATELINE_DAY = re.compile(r"\b(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?\s+\d{1,2}\b"
                           r"|\b\d{1,2}\s+(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\b", re.IGNORECASE)


def sides(docs: list[Doc]) -> list[Side]:
    """Verification sides of stories read back from the database (candidates already indexed)."""
    if not docs:
        return []
    cleaned = [furniture.clean(d.text()) for d in docs]
    flat, offsets = shingle_batch([c[0] for c in cleaned])
    return [side_of(d, c[0], flat[int(offsets[k]) : int(offsets[k + 1])], c[1], c[2])
            for k, (d, c) in enumerate(zip(docs, cleaned))]
