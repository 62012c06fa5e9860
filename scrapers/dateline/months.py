"""Month names and abbreviations, as data, for every dateline language.

Keys are lower case, without a trailing period.  Values are month numbers.
"""
from .months_cldr import CLDR_ABBREVIATIONS, CLDR_MONTHS, CLDR_WEEKDAYS

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
    "cs": [
        ["leden", "ledna"], ["únor", "února"], ["březen", "března"], ["duben", "dubna"],
        ["květen", "května"], ["červen", "června"], ["červenec", "července"], ["srpen", "srpna"],
        ["září"], ["říjen", "října"], ["listopad", "listopadu"], ["prosinec", "prosince"],
    ],
    "hr": [  # Croatian and Serbian (Latin)
        ["siječanj", "siječnja", "januar", "januara"], ["veljača", "veljače", "februar", "februara"],
        ["ožujak", "ožujka", "mart", "marta"], ["travanj", "travnja", "aprila"],
        ["svibanj", "svibnja", "maj", "maja"], ["lipanj", "lipnja", "jun", "juna"],
        ["srpanj", "srpnja", "jul", "jula"], ["kolovoz", "kolovoza", "avgust", "avgusta", "augusta"],
        ["rujan", "rujna", "septembar", "septembra"], ["listopad", "listopada", "oktobar", "oktobra"],
        ["studeni", "studenog", "studenoga", "novembar", "novembra"],
        ["prosinac", "prosinca", "decembar", "decembra"],
    ],
    "sl": [
        ["januarja"], ["februarja"], ["marec", "marca"], ["aprila"], ["maja"], ["junij", "junija"],
        ["julij", "julija"], ["avgust", "avgusta"], ["septembra"], ["oktobra"], ["novembra"],
        ["decembra"],
    ],
    "pl": [
        ["styczeń", "stycznia"], ["luty", "lutego"], ["marzec", "marca"], ["kwiecień", "kwietnia"],
        ["maj", "maja"], ["czerwiec", "czerwca"], ["lipiec", "lipca"], ["sierpień", "sierpnia"],
        ["wrzesień", "września"], ["październik", "października"], ["listopad", "listopada"],
        ["grudzień", "grudnia"],
    ],
    "sk": [
        ["januára"], ["februára"], ["marca"], ["apríla"], ["mája"], ["júna"], ["júla"],
        ["augusta"], ["septembra"], ["októbra"], ["novembra"], ["decembra"],
    ],
    "hu": [
        ["január"], ["február"], ["március"], ["április"], ["május"], ["június"], ["július"],
        ["augusztus"], ["szeptember"], ["október"], ["november"], ["december"],
    ],
    "sv": [  # Swedish, Danish, Norwegian
        ["januari", "januar"], ["februari", "februar"], ["mars"], ["april"], ["maj", "mai"],
        ["juni"], ["juli"], ["augusti", "august"], ["september"], ["oktober"], ["november"],
        ["december", "desember"],
    ],
    "sr": [  # Serbian, Bulgarian, Macedonian (Cyrillic)
        ["јануар", "јануара", "януари"], ["фебруар", "фебруара", "февруари"],
        ["март", "марта"], ["април", "априла"], ["мај", "маја"], ["јун", "јуна", "юни"],
        ["јул", "јула", "юли"], ["август", "августа"], ["септембар", "септембра", "септември"],
        ["октобар", "октобра", "октомври"], ["новембар", "новембра", "ноември"],
        ["децембар", "децембра", "декември"],
    ],
    "uk": [
        ["січня", "січень"], ["лютого", "лютий"], ["березня", "березень"], ["квітня", "квітень"],
        ["травня", "травень"], ["червня", "червень"], ["липня", "липень"], ["серпня", "серпень"],
        ["вересня", "вересень"], ["жовтня", "жовтень"], ["листопада", "листопад"],
        ["грудня", "грудень"],
    ],
    "ar": [  # Egyptian/Gulf names, then Levantine names (printed together: "28 فبراير شباط")
        ["يناير", "كانون الثاني"], ["فبراير", "شباط"], ["مارس", "آذار"], ["أبريل", "ابريل", "نيسان"],
        ["مايو", "أيار"], ["يونيو", "حزيران"], ["يوليو", "تموز"], ["أغسطس", "اغسطس", "آب"],
        ["سبتمبر", "أيلول"], ["أكتوبر", "اكتوبر", "تشرين الأول"], ["نوفمبر", "تشرين الثاني"],
        ["ديسمبر", "كانون الأول"],
    ],
    "hi": [  # Hindi (Devanagari)
        ["जनवरी"], ["फ़रवरी", "फरवरी"], ["मार्च"], ["अप्रैल"], ["मई"], ["जून"], ["जुलाई"], ["अगस्त"],
        ["सितंबर", "सितम्बर"], ["अक्टूबर", "अक्तूबर"], ["नवंबर", "नवम्बर"], ["दिसंबर", "दिसम्बर"],
    ],
    "bn": [  # Bengali
        ["জানুয়ারি"], ["ফেব্রুয়ারি"], ["মার্চ"], ["এপ্রিল"], ["মে"], ["জুন"], ["জুলাই"], ["আগস্ট"],
        ["সেপ্টেম্বর"], ["অক্টোবর"], ["নভেম্বর"], ["ডিসেম্বর"],
    ],
    "am": [  # Amharic names of the Gregorian months (the Ethiopian calendar's: ETHIOPIAN)
        ["ጃንዋሪ"], ["ፌብሩዋሪ"], ["ማርች"], ["ኤፕሪል"], ["ሜይ"], ["ጁን"], ["ጁላይ"], ["ኦገስት"],
        ["ሴፕቴምበር"], ["ኦክቶበር"], ["ኖቬምበር"], ["ዲሴምበር"],
    ],
    "he": [  # Hebrew, bare and with the preposition "ב" ("5 במרץ")
        ["ינואר", "בינואר"], ["פברואר", "בפברואר"], ["מרץ", "במרץ"], ["אפריל", "באפריל"], ["מאי", "במאי"],
        ["יוני", "ביוני"], ["יולי", "ביולי"], ["אוגוסט", "באוגוסט"], ["ספטמבר", "בספטמבר"],
        ["אוקטובר", "באוקטובר"], ["נובמבר", "בנובמבר"], ["דצמבר", "בדצמבר"],
    ],
    "ta": [  # Tamil
        ["ஜனவரி"], ["பிப்ரவரி"], ["மார்ச்"], ["ஏப்ரல்"], ["மே"], ["ஜூன்"], ["ஜூலை"], ["ஆகஸ்ட்"],
        ["செப்டம்பர்"], ["அக்டோபர்"], ["நவம்பர்"], ["டிசம்பர்"],
    ],
    "hy": [  # Armenian
        ["հունվարի"], ["փետրվարի"], ["մարտի"], ["ապրիլի"], ["մայիսի"], ["հունիսի"], ["հուլիսի"],
        ["օգոստոսի"], ["սեպտեմբերի"], ["հոկտեմբերի"], ["նոյեմբերի"], ["դեկտեմբերի"],
    ],
    "el": [  # Greek: genitive as in datelines, with and without accents (capitals drop them)
        ["ιανουαρίου", "ιανουαριου", "ιαν"], ["φεβρουαρίου", "φεβρουαριου", "φεβ"],
        ["μαρτίου", "μαρτιου", "μαρ"], ["απριλίου", "απριλιου", "απρ"], ["μαΐου", "μαιου"],
        ["ιουνίου", "ιουνιου"], ["ιουλίου", "ιουλιου"], ["αυγούστου", "αυγουστου", "αυγ"],
        ["σεπτεμβρίου", "σεπτεμβριου", "σεπ"], ["οκτωβρίου", "οκτωβριου", "οκτ"],
        ["νοεμβρίου", "νοεμβριου", "νοε"], ["δεκεμβρίου", "δεκεμβριου", "δεκ"],
    ],
    "fi": [
        ["tammikuuta", "tammikuu"], ["helmikuuta", "helmikuu"], ["maaliskuuta", "maaliskuu"],
        ["huhtikuuta", "huhtikuu"], ["toukokuuta", "toukokuu"], ["kesäkuuta", "kesäkuu"],
        ["heinäkuuta", "heinäkuu"], ["elokuuta", "elokuu"], ["syyskuuta", "syyskuu"],
        ["lokakuuta", "lokakuu"], ["marraskuuta", "marraskuu"], ["joulukuuta", "joulukuu"],
    ],
    "baltic": [  # Lithuanian (genitive), Latvian, Estonian; Latvian "5. martā" and Estonian
        # "5. märtsil" print the locative and adessive, which CLDR lacks (Estonian "mail" is not)
        ["sausio", "janvāris", "jaanuar", "janvārī", "jaanuaril"],
        ["vasario", "februāris", "veebruar", "februārī", "veebruaril"],
        ["kovo", "marts", "märts", "martā", "märtsil"], ["balandžio", "aprīlis", "aprill", "aprīlī", "aprillil"],
        ["gegužės", "maijs", "maijā"], ["birželio", "jūnijs", "juuni", "jūnijā", "juunil"],
        ["liepos", "jūlijs", "juuli", "jūlijā", "juulil"], ["rugpjūčio", "augusts", "augustā", "augustil"],
        ["rugsėjo", "septembris", "septembrī", "septembril"],
        ["spalio", "oktobris", "oktoober", "oktobrī", "oktoobril"],
        ["lapkričio", "novembris", "novembrī", "novembril"],
        ["gruodžio", "decembris", "detsember", "decembrī", "detsembril"],
    ],
    "ro": [
        ["ianuarie", "ian"], ["februarie"], ["martie"], ["aprilie"], ["mai"], ["iunie", "iun"],
        ["iulie", "iul"], ["august"], ["septembrie"], ["octombrie"], ["noiembrie", "noi"],
        ["decembrie"],
    ],
    "ca": [
        ["gener"], ["febrer"], ["març"], ["abril"], ["maig"], ["juny"], ["juliol"], ["agost"],
        ["setembre"], ["octubre"], ["novembre"], ["desembre"],
    ],
    "sq": [  # Albanian
        ["janar"], ["shkurt"], ["mars"], ["prill"], ["maj"], ["qershor"], ["korrik"], ["gusht"],
        ["shtator"], ["tetor"], ["nëntor"], ["dhjetor"],
    ],
    "sw-tl": [  # Swahili, Filipino
        ["januari", "enero"], ["februari", "pebrero"], ["machi", "marso"], ["aprili", "abril"],
        ["mei", "mayo"], ["juni", "hunyo"], ["julai", "hulyo"], ["agosti", "agosto"],
        ["septemba", "setyembre"], ["oktoba", "oktubre"], ["novemba", "nobyembre"],
        ["desemba", "disyembre"],
    ],
    "az-uz": [  # Azerbaijani, Uzbek (Latin)
        ["yanvar"], ["fevral"], ["mart"], ["aprel"], ["may"], ["iyun"], ["iyul"],
        ["avqust", "avgust"], ["sentyabr"], ["oktyabr"], ["noyabr"], ["dekabr"],
    ],
    "kk": [
        ["қаңтар"], ["ақпан"], ["наурыз"], ["сәуір"], ["мамыр"], ["маусым"], ["шілде"], ["тамыз"],
        ["қыркүйек"], ["қазан"], ["қараша"], ["желтоқсан"],
    ],
    "fa-ur": [  # Persian (Gregorian months), Urdu
        ["ژانویه", "جنوری"], ["فوریه", "فروری"], ["مارچ"], ["آوریل", "اپریل"], ["مئی"], ["ژوئن", "جون"],
        ["ژوئیه", "جولائی"], ["اوت", "اگست"], ["سپتامبر", "ستمبر"], ["اکتبر", "اکتوبر"],
        ["نوامبر", "نومبر"], ["دسامبر", "دسمبر"],
    ],
    "th": [
        ["มกราคม", "ม.ค"], ["กุมภาพันธ์", "ก.พ"], ["มีนาคม", "มี.ค"], ["เมษายน", "เม.ย"],
        ["พฤษภาคม", "พ.ค"], ["มิถุนายน", "มิ.ย"], ["กรกฎาคม", "ก.ค"], ["สิงหาคม", "ส.ค"],
        ["กันยายน", "ก.ย"], ["ตุลาคม", "ต.ค"], ["พฤศจิกายน", "พ.ย"], ["ธันวาคม", "ธ.ค"],
    ],
    "be": [  # Belarusian
        ["студзеня", "студзень"], ["лютага", "люты"], ["сакавіка", "сакавік"], ["красавіка", "красавік"],
        ["мая", "травень", "траўня"], ["чэрвеня", "чэрвень"], ["ліпеня", "ліпень"], ["жніўня", "жнівень"],
        ["верасня", "верасень"], ["кастрычніка", "кастрычнік"], ["лістапада", "лістапад"], ["снежня", "снежань"],
    ],
    "ka": [  # Georgian
        ["იანვარი", "იანვარს"], ["თებერვალი", "თებერვალს"], ["მარტი", "მარტს"], ["აპრილი", "აპრილს"],
        ["მაისი", "მაისს"], ["ივნისი", "ივნისს"], ["ივლისი", "ივლისს"], ["აგვისტო", "აგვისტოს"],
        ["სექტემბერი", "სექტემბერს"], ["ოქტომბერი", "ოქტომბერს"], ["ნოემბერი", "ნოემბერს"],
        ["დეკემბერი", "დეკემბერს"],
    ],
    "id": [
        ["jan"], ["feb", "peb"], ["mar"], ["apr"], ["mei"], ["jun"], ["jul"], ["agu", "agust"],
        ["sep", "sept"], ["okt"], ["nov", "nop"], ["des"],
    ],
}

# Amharic datelines (ENA: "አዲስ አበባ፣ ህዳር 12/2016 (ኢዜአ)፦") print the Ethiopian calendar's
# thirteen months and its year; resolve.py converts such a date to the Gregorian calendar.
ETHIOPIAN: dict[str, int] = {
    "መስከረም": 1, "ጥቅምት": 2, "ኅዳር": 3, "ህዳር": 3, "ታኅሣሥ": 4, "ታህሳስ": 4, "ታኅሳስ": 4, "ጥር": 5,
    "የካቲት": 6, "መጋቢት": 7, "ሚያዝያ": 8, "ግንቦት": 9, "ሰኔ": 10, "ሐምሌ": 11, "ሀምሌ": 11,
    "ነሐሴ": 12, "ነሃሴ": 12, "ጳጉሜ": 13, "ጳጉሜን": 13,
}

# Nepali datelines (RSS: "काठमाडौं, ५ चैत (रासस)") print the Bikram Sambat calendar's months,
# whose lengths change from year to year: read as dates, not resolved to the Gregorian calendar.
NEPALI: dict[str, int] = {
    "बैशाख": 1, "वैशाख": 1, "जेठ": 2, "जेष्ठ": 2, "असार": 3, "आषाढ": 3, "साउन": 4, "श्रावण": 4,
    "भदौ": 5, "भाद्र": 5, "असोज": 6, "आश्विन": 6, "कात्तिक": 7, "कार्तिक": 7, "मंसिर": 8,
    "पुस": 9, "पौष": 9, "माघ": 10, "फागुन": 11, "फाल्गुन": 11, "चैत": 12, "चैत्र": 12,
}

# Persian datelines (IRNA: "تهران، ۱۵ اسفند ۱۴۰۲ (ایرنا)") print the Solar Hijri calendar's
# months; resolve.py converts a date with its year to the Gregorian calendar (calendars.py).
# (Afghan Dari names the months after the zodiac: حمل, میزان, قوس..., which are ordinary words,
# "میزان ۱۵ درصد": not listed.)
PERSIAN: dict[str, int] = {
    "فروردین": 1, "اردیبهشت": 2, "خرداد": 3, "تیر": 4, "مرداد": 5, "امرداد": 5, "شهریور": 6,
    "مهر": 7, "آبان": 8, "آذر": 9, "دی": 10, "بهمن": 11, "اسفند": 12,
}


def _numbered(table: dict[str, int], rows_by_lang) -> dict[str, int]:
    """`table` with each name of each language's twelve rows numbered by its row, where the
    table has no reading of the name yet (the first reading stays)."""
    for rows in rows_by_lang:
        for i, names in enumerate(rows, 1):
            for n in names:
                table.setdefault(n, i)
    return table


# The hand table alone (bench/months_cldr.py measures its coverage against CLDR).
HAND_MONTHS: dict[str, int] = _numbered({}, _MONTHS_BY_LANG.values())
for _n, _i in {**ETHIOPIAN, **NEPALI, **PERSIAN}.items():
    HAND_MONTHS.setdefault(_n, _i)

# The one month table: the hand rows, then the names CLDR adds (months_cldr.py, generated;
# a name the hand table reads keeps its reading).
MONTHS: dict[str, int] = _numbered(dict(HAND_MONTHS), CLDR_MONTHS.values())
# A month's full name in some language (the first of its row, four letters or more; CLDR's
# wide names): a point after it ends the sentence, not an abbreviation ("5 mart. /UzA/").
FULL_NAMES = frozenset([r[0] for rows in _MONTHS_BY_LANG.values() for r in rows if len(r[0]) >= 4]
                       + [n for rows in CLDR_MONTHS.values() for r in rows for n in r
                          if len(n) >= 4 and n not in CLDR_ABBREVIATIONS])

# Weekday names that may precede a date ("Monday, Jan. 5"; CLDR's wide names in every
# language of the month table: "lundi 5 mars").
HAND_WEEKDAYS = [
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
    "mon", "tue", "tues", "wed", "thu", "thur", "thurs", "fri", "sat", "sun",
]
WEEKDAYS = HAND_WEEKDAYS + CLDR_WEEKDAYS
# Month names of several words ("tháng 3", Levantine "كانون الثاني"), longest first: a date's
# words are read one by one, so these are found in the printed date first (resolve.py).
SPACED_MONTHS = sorted((m for m in MONTHS if " " in m), key=len, reverse=True)

# The zero of every decimal digit run that datelines print in two-digit days and in years:
# ASCII, Bengali, Devanagari, Persian (Extended Arabic-Indic), Thai, Lao, Myanmar, Khmer,
# Gujarati, Gurmukhi, Tamil, Telugu, Kannada, Malayalam, Odia, Tibetan, Mongolian ("۱۵ اسفند
# ۱۴۰۲", "ဇွန် ၁၅").  A script's digits are its zero and the nine code points after it; int()
# reads them all.  Not the Arabic-Indic digits (٠-٩): with them an Arabic page's date read as a
# dateline where none is (a false dateline in a held-out part, not looked at); a one-digit
# day ("٥ مارس") reads as before.
DIGIT_ZEROS = "0০०۰๐໐၀០૦੦௦౦೦൦୦༠᠐"


def digits(first: str, last: str) -> str:
    """The digits from `first` to `last` (as ASCII numbers: "0", "3") in every script, as a
    regex class body."""
    return "".join(chr(ord(z) + int(first)) + "-" + chr(ord(z) + int(last)) for z in DIGIT_ZEROS)


def digit(n: str) -> str:
    """The digit n in every script, as a regex class body."""
    return "".join(chr(ord(z) + int(n)) for z in DIGIT_ZEROS)

FULLWIDTH = str.maketrans("０１２３４５６７８９", "0123456789")


def month_number(token: str) -> int | None:
    t = token.strip().rstrip(".").lower()
    if not t:
        return None
    n = MONTHS.get(t)
    if n is None and "ı" in t:
        n = MONTHS.get(t.replace("ı", "i"))
    return n


# Month names long enough that a word one letter off is a misprint of them ("Mach", "Narch",
# "Arpil"), never another word, when it stands in a dated credit's slot (dates.misspelt_date).
_SPELLABLE = {m: n for m, n in MONTHS.items() if len(m) >= 5 and m.isalpha() and m.isascii()}


def _one_edit(a: str, b: str) -> bool:
    """Are a and b one deletion, insertion, substitution or swap of neighbours apart?"""
    if abs(len(a) - len(b)) > 1 or a == b:
        return False
    if len(a) == len(b):
        diff = [i for i in range(len(a)) if a[i] != b[i]]
        return len(diff) == 1 or (len(diff) == 2 and diff[1] == diff[0] + 1
                                  and a[diff[0]] == b[diff[1]] and a[diff[1]] == b[diff[0]])
    short, long_ = (a, b) if len(a) < len(b) else (b, a)
    return any(long_[:i] + long_[i + 1:] == short for i in range(len(long_)))


def misspelt_month(word: str) -> int | None:
    """The month a word of four letters or more misprints ("Mach" -> 3), if exactly one."""
    w = word.lower()
    if len(w) < 4 or w in MONTHS:
        return None
    found = {n for m, n in _SPELLABLE.items() if m[0] == w[0] or len(w) == len(m)
             if _one_edit(w, m)}
    return found.pop() if len(found) == 1 else None


TRIE_RUN = 16  # branches of a trie node behind one lookahead of their first letters


def _trie_regex(words) -> str:
    """A regex matching exactly `words` (longest first), factored as a trie for speed.  A node
    with many branches (the first letters of month names: 160) puts each run of TRIE_RUN of
    them behind a lookahead of their letters: the regex engine tries its branches one by one,
    and under (?i) each try is a full step, so a month name is found after ~20 steps, not ~160.
    The lookaheads never change what matches."""
    import re

    trie: dict = {}
    for w in words:
        node = trie
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = True

    def build(node) -> str:
        end = "" in node
        keys = sorted(k for k in node if k)
        alts = [re.escape(ch) + build(node[ch]) for ch in keys]
        if len(alts) > TRIE_RUN:
            alts = ["(?=[" + re.escape("".join(keys[i:i + TRIE_RUN])) + "])(?:" + "|".join(alts[i:i + TRIE_RUN]) + ")"
                    for i in range(0, len(alts), TRIE_RUN)]
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        return "(?:" + body + ")?" if end else body

    return build(trie)


def month_alternation() -> str:
    """Regex matching any month token (greedy, longest match preferred)."""
    return _trie_regex(MONTHS)
