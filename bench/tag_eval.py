"""Tagging quality: language accuracy on wire openings, place accuracy on dateline cities.

    .venv/bin/python bench/tag_eval.py

The openings are written in the style of each agency's wire (dateline + lede), three per
language in the 12 languages of the dateline work; the cities are dateline spellings seen on
the wires, including exonyms and native scripts. Language is measured without a feed prior
(the hard case) and with the feed's declared language; speed is reported too.
"""
from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from scrapers.tagging import tag_text  # noqa: E402
from scrapers.tagging.language import detect, detect_quick  # noqa: E402
from scrapers.tagging.places import resolve_city  # noqa: E402

OPENINGS = [
    ("en", "WASHINGTON (Reuters) - FBI Director James Comey on Monday confirmed for the first time that the bureau is investigating"),
    ("en", "SEOUL, Nov 26 AFP - Samsung has announced the sale of stakes in four petrochemical and defence affiliates"),
    ("en", "MINSK, 3 March (BelTA) - Belarus President Alexander Lukashenko held a meeting on the development of agriculture"),
    ("ru", "МОСКВА, 3 марта. /ТАСС/. Президент России Владимир Путин провел совещание с членами правительства"),
    ("ru", "МИНСК, 3 марта. /БЕЛТА/. Президент Беларуси провел совещание по вопросам развития сельского хозяйства"),
    ("ru", "Москва. 3 марта. ИНТЕРФАКС - Центробанк сохранил ключевую ставку на прежнем уровне"),
    ("zh", "新华社北京3月3日电 国务院总理今天主持召开国务院常务会议，部署进一步稳定经济的措施"),
    ("zh", "中新社上海3月3日电 上海市政府今天发布了支持中小企业发展的新政策"),
    ("zh", "新华社莫斯科3月3日电 俄罗斯总统普京当天在克里姆林宫会见了来访的外国领导人"),
    ("ko", "(서울=연합뉴스) 정부는 3일 국무회의를 열고 경제 활성화 대책을 논의했다고 밝혔다"),
    ("ko", "(부산=연합뉴스) 김철수 기자 = 부산시는 올해 관광객이 크게 늘었다고 3일 밝혔다"),
    ("ko", "(도쿄=연합뉴스) 일본 정부는 3일 새로운 경제 대책을 발표했다"),
    ("es", "MADRID, 3 mar (EFE).- El Gobierno español aprobó este martes un paquete de medidas para frenar la subida"),
    ("es", "BUENOS AIRES, 3 mar (EFE).- El presidente argentino anunció hoy un acuerdo con el Fondo Monetario"),
    ("es", "Tegucigalpa, 2 ene (EFE).- Las autoridades hondureñas informaron este lunes de un nuevo plan de seguridad"),
    ("pt", "LISBOA, 3 mar (Lusa) - O Governo português aprovou hoje em Conselho de Ministros um pacote de medidas"),
    ("pt", "BRASÍLIA, 3 mar (Reuters) - O presidente brasileiro disse nesta terça-feira que o governo vai cortar gastos"),
    ("pt", "SÃO PAULO (Agência Brasil) - A inflação oficial do país desacelerou em fevereiro, informou o instituto"),
    ("it", "ROMA, 1 LUG - Il presidente del Consiglio ha incontrato oggi i sindacati a Palazzo Chigi per discutere"),
    ("it", "PARIGI, 3 MAR - (ANSA) Il presidente francese ha annunciato nuove misure per il potere d'acquisto"),
    ("it", "MILANO, 3 MAR - La Borsa di Milano ha chiuso in rialzo, trainata dai titoli bancari"),
    ("fr", "STRASBOURG, 13 déc 2018 (AFP) - L'opératrice du Samu a été condamnée pour non-assistance à personne en danger"),
    ("fr", "PARIS, 3 mars (Reuters) - Le gouvernement français a présenté mardi un projet de loi sur les retraites"),
    ("fr", "GENÈVE, 3 mars (AFP) - Les négociations sur le climat ont repris lundi dans la ville suisse"),
    ("de", "Athen (dpa) - Ungeachtet der EU-Vereinbarung mit der Türkei kommen weiter Migranten auf den griechischen Inseln an"),
    ("de", "BERLIN, 3. März (Reuters) - Die Bundesregierung hat am Dienstag ein neues Klimapaket beschlossen"),
    ("de", "Wien (APA) - Die österreichische Regierung hat sich auf eine Steuerreform geeinigt"),
    ("nl", "AMSTERDAM (ANP) - Het kabinet heeft dinsdag besloten om de maatregelen tegen het coronavirus te versoepelen"),
    ("nl", "BRUSSEL (Belga) - De Belgische regering heeft een akkoord bereikt over de begroting voor volgend jaar"),
    ("nl", "DEN HAAG (ANP) - De Tweede Kamer stemt donderdag over het nieuwe wetsvoorstel"),
    ("ms", "KUALA LUMPUR, 3 Mac (Bernama) -- Kerajaan akan terus memperkukuh ekonomi negara melalui pelbagai inisiatif"),
    ("ms", "PUTRAJAYA, 3 Mac (Bernama) -- Perdana Menteri berkata kerajaan komited untuk membantu rakyat yang terjejas"),
    ("ms", "JOHOR BAHRU, 3 Mac (Bernama) -- Polis menahan dua lelaki bagi membantu siasatan kes samun"),
    ("tr", "ANKARA (AA) - Cumhurbaşkanı Erdoğan, bugün yaptığı açıklamada ekonominin güçlü olduğunu söyledi"),
    ("tr", "İSTANBUL (AA) - Borsa İstanbul güne yükselişle başladı, dolar kuru geriledi"),
    ("tr", "İZMİR (DHA) - Kentte etkili olan sağanak yağış nedeniyle bazı yollar su altında kaldı"),
]
CITIES = [
    ("Москва", "RU"), ("МОСКВА", "RU"), ("北京", "CN"), ("서울", "KR"), ("Parigi", "FR"), ("Kiev", "UA"),
    ("Kyiv", "UA"), ("KIEV", "UA"), ("Киев", "UA"), ("МИНСК", "BY"), ("Minsk", "BY"), ("WASHINGTON", "US"),
    ("NEW YORK", "US"), ("LONDON", "GB"), ("Londra", "GB"), ("Londres", "GB"), ("BEIJING", "CN"),
    ("Pékin", "CN"), ("Peking", "CN"), ("TOKYO", "JP"), ("東京", "JP"), ("도쿄", "JP"), ("SEOUL", "KR"),
    ("BERLIN", "DE"), ("Athen", "GR"), ("ATHENS", "GR"), ("Atene", "GR"), ("ROMA", "IT"), ("ROME", "IT"),
    ("Wien", "AT"), ("VIENNA", "AT"), ("MADRID", "ES"), ("LISBOA", "PT"), ("Lisbon", "PT"), ("BRASÍLIA", "BR"),
    ("SÃO PAULO", "BR"), ("BUENOS AIRES", "AR"), ("Tegucigalpa", "HN"), ("MEXICO CITY", "MX"),
    ("Ciudad de México", "MX"), ("AMSTERDAM", "NL"), ("DEN HAAG", "NL"), ("THE HAGUE", "NL"),
    ("BRUSSEL", "BE"), ("BRUSSELS", "BE"), ("Bruxelles", "BE"), ("GENÈVE", "CH"), ("GENEVA", "CH"),
    ("KUALA LUMPUR", "MY"), ("PUTRAJAYA", "MY"), ("ANKARA", "TR"), ("İSTANBUL", "TR"), ("ISTANBUL", "TR"),
    ("BEIRUT", "LB"), ("AMMAN", "JO"), ("RIYADH", "SA"), ("MOSUL, Iraq", "IQ"), ("SOCHI, Russia", "RU"),
    ("VATICAN CITY", "VA"), ("Strasbourg", "FR"), ("NEW DELHI", "IN"), ("Bombay", "IN"), ("CAIRO", "EG"),
    ("JERUSALEM", "IL"), ("TEHRAN", "IR"), ("Teheran", "IR"), ("SHANGHAI", "CN"), ("上海", "CN"),
    ("HONG KONG", "HK"), ("SINGAPORE", "SG"), ("JAKARTA", "ID"), ("MANILA", "PH"), ("HANOI", "VN"),
    ("SYDNEY", "AU"), ("OTTAWA", "CA"), ("LOS ANGELES", "US"), ("Varsovie", "PL"), ("WARSAW", "PL"),
    ("Sankt-Peterburg", "RU"), ("Санкт-Петербург", "RU"), ("ST. PETERSBURG", "RU"), ("Odessa", "UA"),
]


_ROOT = Path(__file__).resolve().parent.parent
CORPUS_OPENINGS = _ROOT / "tests/fixtures/datelines"  # copies of ../shared/corpus/datelines


def real_openings() -> list[str]:
    """Real wire openings (the dateline corpus: MENAFN, Reuters-21578 ...), when ../shared is there."""
    import csv

    out = []
    for name in ("real_dev.tsv", "reuters21578_silver.tsv"):
        path = CORPUS_OPENINGS / name
        if path.exists():
            with path.open(encoding="utf-8") as f:
                out += [row["opening"] for row in csv.DictReader(f, delimiter="\t")]
    return out


def _rate(func, texts: list[str]) -> float:
    t = time.perf_counter()
    for text in texts:
        func(text)
    return len(texts) / (time.perf_counter() - t)


def quick_detector() -> None:
    """normalise's detector (undeclared stories): accuracy, agreement with the tagger's, speed
    as a ratio to lingua's fast mode (what it replaced) in the same run, min/median/max of 3."""
    ok = sum(detect_quick(text) == lang for lang, text in OPENINGS)
    print(f"normalise's detector (detect_quick): {ok}/{len(OPENINGS)} openings without a prior")
    real = real_openings()
    if real:
        full = [detect(t)[0] for t in real]
        new = sum(detect_quick(t) == f for t, f in zip(real, full))
        old = sum(detect(t, quick=True)[0] == f for t, f in zip(real, full))
        print(f"  {len(real)} real openings, same answer as the tagger's high-accuracy detector: "
              f"detect_quick {new} ({new / len(real):.3f}), lingua fast mode {old} ({old / len(real):.3f})")
    texts = (real or [t for _, t in OPENINGS] * 30)[:1500]
    ratios = sorted(_rate(detect_quick, texts) / _rate(lambda t: detect(t, quick=True), texts) for _ in range(3))
    print(f"  speed vs lingua fast mode, same run: min {ratios[0]:.1f}x median {ratios[1]:.1f}x max {ratios[2]:.1f}x"
          f" ({_rate(detect_quick, texts):,.0f} openings/s now)")


def main() -> None:
    quick_detector()
    ok = ok_prior = 0
    misses = []
    t = time.perf_counter()
    for lang, text in OPENINGS:
        got = tag_text(text)["language"]
        ok += got == lang
        if got != lang:
            misses.append((lang, got, text[:50]))
    elapsed = time.perf_counter() - t
    for lang, text in OPENINGS:
        ok_prior += detect(text, lang)[0] == lang
    # a wrong declared language must not win over a clear text
    wrong_feed = sum(detect(text, "en" if lang != "en" else "de")[0] == lang for lang, text in OPENINGS)
    n = len(OPENINGS)
    langs = sorted({lang for lang, _ in OPENINGS})
    print(f"language ({len(langs)} languages, {n} openings): no prior {ok}/{n} = {ok / n:.3f}; "
          f"with feed prior {ok_prior}/{n}; with a wrong feed language {wrong_feed}/{n}")
    for m in misses:
        print("  miss", m)
    texts = [text for _, text in OPENINGS] * 30
    t = time.perf_counter()
    for text in texts:
        detect(text)
    lang_speed = len(texts) / (time.perf_counter() - t)
    from scrapers.tagging.language import detect_many

    t = time.perf_counter()
    detect_many([(text, "") for text in texts])
    print(f"language speed, batch (detect_many, as run_tagging uses it): "
          f"{len(texts) / (time.perf_counter() - t):,.0f} openings/s")
    t = time.perf_counter()
    for text in texts:
        tag_text(text)
    print(f"language speed: {lang_speed:,.0f} openings/s; tag_text (language + dateline place + topics),"
          f" warm: {len(texts) / (time.perf_counter() - t):,.0f} openings/s"
          f" (first pass incl. model load: {n / elapsed:,.1f}/s)")
    good = 0
    for city, country in CITIES:
        place = resolve_city(city)
        got = place.country if place else None
        good += got == country
        if got != country:
            print("  place miss", city, country, got)
    print(f"place: {good}/{len(CITIES)} = {good / len(CITIES):.3f} dateline cities to the right country")


if __name__ == "__main__":
    main()
