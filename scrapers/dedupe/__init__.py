"""Exact and near-duplicate clustering of articles, incremental and shared through Postgres.

Exact: same guid within an agency, same canonical URL, same normalised body hash.
Near: MinHash (rensa) over word 3-shingles, LSH bands stored with each signature (`dedupe_signatures.keys`, GIN), every candidate
verified with the exact Jaccard of the two shingle sets before it joins a cluster.
A new version of one row (same feed and guid) is re-signed and re-placed, never a duplicate.
"""
from .run import process_batch, rebuild_dedupe, run_dedupe

__all__ = ["run_dedupe", "rebuild_dedupe", "process_batch"]
