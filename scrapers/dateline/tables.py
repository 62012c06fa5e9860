"""Word lists of the dateline reader: data, one place each (agencies are in agencies.py,
months in months.py, script patterns in scripts.py, feature weights in rank.py)."""
from __future__ import annotations

from typing import Final

import re

# Lower-case words kept lower inside a title-cased place ("Rio de Janeiro").
PARTICLES: Final = frozenset("""
de do da dos das del della dello dei degli di du des of es am an der den im la le les el sur upon
on al en y e i na au aux lès sous ar над на в ob aan bei sul sull
""".split())

# Words that begin a place of several words: a place never starts just after one of them
# ("Los | Angeles", "St. | Paul", "New | Delhi").
CONNECT: Final = frozenset("""
st st. ste ste. saint sainte san santa santo são sao new fort ft. port lake mount mt. la los las
el le les al ras abu bandar kuala kota dar rio nizhny нижний великий sri addis buenos hong tel
baton costa puerto porto ciudad cidade bad aboard united vatican panama mexico gaza kuwait
guatemala cape camp capitol the grand palm salt
""".split())

# Words that begin a longer place around a known one ("NORTH PALM BEACH", "EAST GRAND RAPIDS",
# "UPPER DARBY"): a run in capitals that starts with one is read whole.
PLACE_PREFIX: Final = CONNECT | frozenset("""
north south east west northern southern eastern western upper lower greater little great middle
""".split())

# Words that tie the next word to a headline: a place right after one is the headline's.
FUNCTION_WORDS: Final = frozenset("""
in at to from near into across over outside inside around for of on off through toward towards
via with against after before and or the a an amid among between beyond under as by
en de del desde hacia para por con y el la los las sobre entre tras contra al
da di nel nella nei negli per tra fra su sul sulla e il lo gli dal dalla alla a
em no na nos nas ao aos do dos das com o os as pela pelo
im nach aus bei von vom zu zum zur für mit gegen und der die das dem über an am auf um
à au aux du des dans par avec sur et le les vers chez
ile ve naar uit bij van te het op met di ke dari dan di w we z ze do na
в во на из с к по для о об и у от до под над при
""".split())

# Words that introduce a byline ("By Sarah Marsh Berlin (Reuters)").
BYLINE: Final = frozenset({"by", "por", "von", "par", "di", "da", "od", "від", "от"})

# Byline words a place's name never starts with ("By Staff Reporter Jan 3 (Reuters)"): not the
# particles, which do ("Da Nang").
BYLINE_START: Final = BYLINE - PARTICLES

# A reporter's role printed at the end of a byline, right before the dateline place
# ("Staff Reporter Lahore:", "হাসান আজাদ, স্পেশাল করসপন্ডেন্ট ঢাকা:", "संवाददाता, पटना।").
REPORTER: Final = frozenset("""
correspondent correspondents reporter reporters stringer bureau
corresponsal correspondant corrispondente correspondente korrespondent корреспондент кореспондент
করসপন্ডেন্ট প্রতিবেদক প্রতিনিধি সংবাদদাতা संवाददाता प्रतिनिधि ब्यूरो रिपोर्टर مراسل مراسلنا
رپورٹر نگار 기자 特派員 记者 記者
""".split())

# Words printed after a clock time in a time stamp ("10:30 IST NEW DELHI:", "17:32 Uhr").
CLOCK_WORDS: Final = frozenset("""
am pm a.m. p.m. uhr gmt utc est edt cst cdt mst mdt pst pdt cet cest eet eest msk ist pkt jst kst bst
hkt sgt wib wita wit aest aedt ast gst
""".split())

# Label words of a page's time stamp printed before the text (" date 2024-11-22 Lahore: …",
# "Updated: 10:07 PM IST NEW DELHI:"); a place after a stamp alone starts the text.
STAMP_WORDS: Final = frozenset("""
date dated updated update posted published last modified on at time | : - – — / ⇒
""".split())

# Abbreviations whose point does not end a sentence.
ABBREV: Final = frozenset("""
mr mrs ms dr st ste mt ft gov sen rep gen lt col capt sgt prof jr sr inc corp co ltd no vs sra dott
ing avv hr fr nr u.s u.k n s e w
""".split())

# Capitalised words that are never a dateline place on their own, though a gazetteer may
# list them: headline words, rubrics, time zones, countries and blocs named in headlines.
NOT_PLACE: Final = frozenset("""
police man mobile bath reading split nice orange mons deal union march may best goes hope
independence liberty opportunity enterprise commerce industry university college normal bell bay
sale trump president north south east west central new old update updated news world general
sport sports business oil gas energy economy market markets money health science education media
europe africa asia america us u.s. uk eu un fed opec nato city the a an this that
video photo photos watch live breaking exclusive analysis opinion home blog page category archives
tag author latest local national international dprk uae usa prc rok drc gmt utc est edt pst pdt
cet cest eet eest msk ist jst kst bst hub words headlines news: story stories today yesterday
tomorrow monday tuesday wednesday thursday friday saturday sunday january february april june
july august september october november december summary report special focus feature interview
commentary editorial review global regional daily weekly more read top politics lifestyle
entertainment technology tech culture travel finance weather crime environment society
factbox explainer advisory correction refile wrapup preview insight brief obituary recap timeline
profile column letters poll quiz podcast gallery sponsored advertisement press release statement
inicio portada noticias mundo nacional internacional actualidad beranda berita nasional terkini
главная новости мир политика экономика startseite nachrichten politik wirtschaft accueil
actualités monde
unicef unesco unhcr unrwa unctad asean brics interpol europol nasdaq fifa uefa ecowas mercosur
""".split())

# Bracketed notes that are not credits: "(LEAD)", "(UPDATE 2)", "(PHOTOS)", "(EET)".
# Words of NOT_PLACE that are page rubrics and chrome, never the start of a place: all of a
# line's words before a place being such ("BREAKING NEWS BRUSSELS --", "Latest News Bengaluru:")
# makes them a rubric, not a headline or part of the place.
RUBRIC: Final = frozenset("""
update updated news world sport sports business economy market markets money health science
education media video photo photos watch live breaking exclusive analysis opinion home blog page
category archives tag author latest local national international story stories today summary
report special focus feature interview commentary editorial review daily weekly more read top
politics lifestyle entertainment technology tech culture travel finance weather crime environment
society factbox explainer advisory correction refile wrapup preview insight brief obituary recap timeline
column letters poll podcast gallery sponsored advertisement press release statement headlines
inicio portada noticias mundo nacional internacional actualidad beranda berita nasional terkini
главная новости мир политика экономика startseite nachrichten politik wirtschaft accueil
actualités monde
""".split()) & NOT_PLACE

NOTES: Final = frozenset("""
lead update updated urgent flash refile corrected correction attn eds ed editors adds recasts
amended repeat rpt photo photos video videos audio graphic graphics file official exclusive
analysis feature interview opinion sponsored advertisement picture pictured image credit via
source local world breaking live watch full text gmt utc est edt pst pdt cet cest eet eest msk ist
jst kst bst et pt ct map table chart poll ad news usd eur ft feat featuring
""".split())

# Words of a caption or photo credit ("(Photo Lionel Bonaventure. AFP)", "Foto: …", "PTI Photo"):
# a credit or a bracket holding one is a picture's, not the dateline's.  CAPTION finds them in any
# case (some with a plural "s" too); every match holds one of CAPTION_WORDS once lower-cased (but
# for İ and ı), which places.may_hold_caption looks for before the search.
CAPTION_WORDS: Final = ("photo", "picture", "image", "foto", "fot.", "file")
_PLURALS: Final = ("photo", "picture", "image")
CAPTION: Final = r"(?i)\b(?:" + "|".join(re.escape(w) + ("s?" if w in _PLURALS else "") for w in CAPTION_WORDS) + r")\b"

# Outlets (not news agencies) often printed in the credit slot; kept as printed (DATELINE.md).
OUTLETS: Final = frozenset("""
CNN BBC CBS NBC ABC CNBC MSNBC NHK KBS MBC SBS RT TRT NDTV CGTN CCTV MEMO CMC WION DW
""".split()) | {"Al Jazeera", "Sky News", "Fox News", "Arab News", "Gulf News", "Khaleej Times",
                "Middle East Monitor", "Caribbean Media Corporation", "MarketWatch", "Kompas",
                "Detik", "Tempo", "Republika", "Xinhua Finance",
                # Vietnamese outlets credit themselves in brackets: "(Dân trí) - Chính phủ…"
                "Dân trí", "Dân Trí", "VnExpress", "Tuổi Trẻ", "Thanh Niên", "VOV", "VTV", "VTC News",
                "NLĐO", "PLO", "Người Lao Động", "Lao Động", "Tiền Phong", "VietnamPlus", "Vietnamnet",
                "Báo Tin tức", "Zing", "ZingNews", "Sài Gòn Giải Phóng", "SGGP", "Nhân Dân", "QĐND"}

# Words that mark a credit as an outlet rather than a headline fragment ("AMMONNEWS",
# "Taiwan News", "GLOBE NEWSWIRE", "KOMPAS.com").
OUTLET_MARKS: Final = ("NEWS", "News", "PRESS", "Press", "WIRE", "Wire", "Network", "NETWORK", "TV",
                "Radio", "RADIO", "Times", "Post", "Media", "MEDIA", "Agency", ".com", ".COM",
                ".co", ".CO", ".am", ".az", ".ru", ".kz", ".net", ".org", ".id", ".ID", ".tv", ".TV")

# Administrative words that begin a printed place name ("Kabupaten Bone Bolango").
ADMIN_PREFIX: Final = frozenset({"kabupaten", "kota", "provinsi", "distrik", "kecamatan", "desa",
                          "governorate", "wilayah", "district", "county"})

# Separators after a dateline, with their strength (a feature of the candidate).
SEPARATORS: Final = {"--": "sep_strong", "---": "sep_strong", "—": "sep_strong", "–": "sep_strong",
              "-": "sep_strong", "―": "sep_strong", ".-": "sep_strong", "_": "sep_strong",
              ":": "sep_colon", "।": "sep_strong", ".": "sep_point", "": "sep_none"}

# Aggregator prefixes that are skipped before the real dateline (DATELINE.md).
AGGREGATOR: Final = r"\(\s*MENAFN[^()]{0,80}(?:\([^()]{0,40}\)[^()]{0,20})?\)"

# Desk labels printed where a dateline place would be ("Redacción Internacional, 13 nov (EFE)").
DESK: Final = frozenset({"redacción", "redaccion", "redação", "redacao", "redazione", "rédaction",
                  "redaction", "redaktion", "newsroom", "desk", "staff", "correspondent"})

# State and province abbreviations printed after a dateline place (AP style: "MOBILE, Ala.",
# "RENO, Nev.", "ALBANY, N.Y."; "Bogotá D.C."); never a dateline place on their own.
STATE_ABBREV: Final = frozenset("""
ala. ariz. ark. calif. cal. colo. conn. del. fla. ga. ill. ind. kan. kans. ky. la. md. mass. mich.
minn. miss. mo. mont. neb. nebr. nev. n.h. n.j. n.m. n.y. n.c. n.d. okla. ore. pa. penn. r.i. s.c.
s.d. tenn. tex. vt. va. wash. w.va. wis. wisc. wyo. d.c. ont. que. b.c. alta. man. sask. n.s. n.b.
nfld. p.e.i. n.s.w. qld. vic. tas. d.f.
""".split())

# Decoration printed before a dateline ("****SANTO DOMINGO, March 4 -", "■ BERLIN -").
DECORATION: Final = "*#•■□▪▫●○◆◇►▶▸>~+=|"

# Articles between a dateline place and its date ("Paris, le 5 mars", "Madrid, el 5 de marzo",
# "Roma, il 5 marzo", "Lisboa, o 5 de março", "Berlin, am 5. März", "Wien, den 5. März").
DATE_ARTICLES: Final = frozenset({"le", "el", "il", "lo", "o", "a", "am", "den", "the", "ngày", "في"})

# First words of a German story after a dateline that ends with a point ("Düsseldorf. Die
# Stadt…", "Essen. Nach dem Brand…"): articles, pronouns and prepositions that start a sentence.
POINT_STORY: Final = tuple("""
Der Die Das Den Dem Des Ein Eine Einen Einem Einer Im Am Auf Bei Nach Mit Seit Vor Zum Zur Vom
Es Er Sie Wir Man Nun Noch Auch Schon Wie Was Wer Wenn Weil Als Mehr Rund Über Für Gegen Unter
""".split())


# Boundaries before a place (the `b_*` features boundaries.boundary sets), and which of them let a
# rule read a place that nothing else vouches for:
#   CLEAR       nothing but the start, a line, punctuation, a stamp or a byline before it (never a
#               word): an unknown one-word place in a script without case, anchored by a credit;
#   STRONG      also a change of case, a digit, a repeated title, glued words or a headline's end:
#               a run in capitals read whole, an uncredited `Place, Date Story…` on one line;
#   CAPS_STORY  an unknown place in capitals, a dash, then a story sentence (`KELVALE — Border…`);
#   POINT       a known place and a point, then a story (`Düsseldorf. Die Stadt…`); not after a
#               headline or a case change, since a point there ends a sentence.
CLEAR_BOUNDARIES: Final = ("b_start", "b_line", "b_punct", "b_stamp", "b_byline", "b_reporter")
STRONG_BOUNDARIES: Final = ("b_start", "b_line", "b_punct", "b_case", "b_digit", "b_stamp", "b_repeat", "b_glue",
                     "b_byline", "b_headline", "b_reporter")
CAPS_STORY_BOUNDARIES: Final = ("b_start", "b_line", "b_punct", "b_case", "b_digit", "b_stamp", "b_byline", "b_headline")
# Boundaries before an unknown place of either case read from its shape (a dash, then a story):
# what ends a title or a stamp (a headline in the other case, a figure or a time, a byline, a title
# the story repeats); not the text's or a line's start, nor a point, where a kicker stands.
STORY_BOUNDARIES: Final = ("b_case", "b_digit", "b_stamp", "b_byline", "b_repeat")
COLON_STORY_BOUNDARIES: Final = ("b_case", "b_repeat")  # with a colon
POINT_BOUNDARIES: Final = ("b_start", "b_line", "b_stamp", "b_byline", "b_reporter")
