"""Imported once by the parse pool's fork server (scrapers.parallel): the parsers' lazily built
tables (dateline gazetteer and grammar, format detection) are built there, before the workers
fork, instead of once in every worker."""
from scrapers.parallel import _warm

_warm()
