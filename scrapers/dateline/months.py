"""Month names and abbreviations, as data, for every dateline language.

Keys are lower case, without a trailing period.  Values are month numbers.
"""

_MONTHS_BY_LANG = {
    "en": [
        ["january", "jan"], ["february", "feb"], ["march", "mar"], ["april", "apr"],
        ["may"], ["june", "jun"], ["july", "jul"], ["august", "aug"],
        ["september", "sept", "sep"], ["october", "oct"], ["november", "nov"], ["december", "dec"],
    ],
    "ru": [
        ["январь", "января", "янв"], ["февраль", "февраля", "фев", "февр"],
        ["март", "марта", "мар"], ["апрель", "апреля", "апр"], ["май", "мая"],
        ["июнь", "июня", "июн"], ["июль", "июля", "июл"], ["август", "августа", "авг"],
        ["сентябрь", "сентября", "сен", "сент"], ["октябрь", "октября", "окт"],
        ["ноябрь", "ноября", "ноя", "нояб"], ["декабрь", "декабря", "дек"],
    ],
    "es": [
        ["enero", "ene"], ["febrero"], ["marzo"], ["abril", "abr"], ["mayo"], ["junio"],
        ["julio"], ["agosto", "ago"], ["septiembre", "setiembre", "set"], ["octubre"],
        ["noviembre"], ["diciembre", "dic"],
    ],
    "pt": [
        ["janeiro"], ["fevereiro", "fev"], ["março", "marco"], ["abril"], ["maio", "mai"],
        ["junho"], ["julho"], ["agosto"], ["setembro"], ["outubro", "out"],
        ["novembro"], ["dezembro", "dez"],
    ],
    "it": [
        ["gennaio", "gen"], ["febbraio"], ["marzo"], ["aprile"], ["maggio", "mag"],
        ["giugno", "giu"], ["luglio", "lug"], ["agosto"], ["settembre"], ["ottobre", "ott"],
        ["novembre"], ["dicembre"],
    ],
    "fr": [
        ["janvier", "janv"], ["février", "fevrier", "févr", "fevr", "fév", "fev"],
        ["mars"], ["avril", "avr"], ["mai"], ["juin"], ["juillet", "juil"],
        ["août", "aout", "aoû"], ["septembre"], ["octobre"], ["novembre"], ["décembre", "decembre", "déc"],
    ],
    "de": [
        ["januar", "jänner", "jän"], ["februar"], ["märz", "maerz", "mär", "mrz"], ["april"],
        ["mai"], ["juni"], ["juli"], ["august"], ["september"], ["oktober", "okt"],
        ["november"], ["dezember", "dez"],
    ],
    "nl": [
        ["januari"], ["februari"], ["maart", "mrt"], ["april"], ["mei"], ["juni"],
        ["juli"], ["augustus"], ["september"], ["oktober"], ["november"], ["december"],
    ],
    "ms": [  # Malay and Indonesian
        ["januari"], ["februari", "pebruari"], ["mac", "maret"], ["april"], ["mei"],
        ["jun", "juni"], ["julai", "juli"], ["ogos", "agustus", "agt", "ags"],
        ["september"], ["oktober"], ["november", "nopember"], ["disember", "desember", "des"],
    ],
    "tr": [
        ["ocak"], ["şubat", "subat"], ["mart"], ["nisan"], ["mayıs", "mayis"],
        ["haziran"], ["temmuz"], ["ağustos", "agustos"], ["eylül", "eylul"],
        ["ekim"], ["kasım", "kasim"], ["aralık", "aralik"],
    ],
}

MONTHS: dict[str, int] = {}
for _lang, _rows in _MONTHS_BY_LANG.items():
    for _i, _names in enumerate(_rows, 1):
        for _n in _names:
            MONTHS.setdefault(_n, _i)

# Weekday names that may precede a date ("Monday, Jan. 5").
WEEKDAYS = [
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
    "mon", "tue", "tues", "wed", "thu", "thur", "thurs", "fri", "sat", "sun",
]

FULLWIDTH = str.maketrans("０１２３４５６７８９", "0123456789")


def month_number(token: str) -> int | None:
    t = token.strip().rstrip(".").lower()
    if not t:
        return None
    n = MONTHS.get(t)
    if n is None and "ı" in t:
        n = MONTHS.get(t.replace("ı", "i"))
    return n


def _trie_regex(words) -> str:
    """A regex matching exactly `words` (longest first), factored as a trie for speed."""
    import re

    trie: dict = {}
    for w in words:
        node = trie
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = True

    def build(node) -> str:
        alts = []
        end = "" in node
        for ch in sorted(k for k in node if k):
            alts.append(re.escape(ch) + build(node[ch]))
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        return "(?:" + body + ")?" if end else body

    return build(trie)


def month_alternation() -> str:
    """Regex matching any month token (greedy, longest match preferred)."""
    return _trie_regex(MONTHS)
