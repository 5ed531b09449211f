#!/usr/bin/env python3
"""Build Parallax's compact WordNet 3.0 lexicon tables (data/lexicon/) from the WordNet
database installed by Debian's `wordnet-base` package. WordNet is needed only here, never
at run time: the tables are committed and built into the binary (src/model/lexicon.rs).

Usage (from the repository root; Python 3 standard library only):

    apt-get install -y wordnet-base         # WordNet 3.0 database in /usr/share/wordnet
    python3 scripts/build_wordnet.py         # writes data/lexicon/*
    python3 scripts/build_wordnet.py --wordnet /other/dict --out /tmp/lexicon

Writes
  proper_nouns.tsv     lemma<TAB>category, WordNet's proper nouns (instances and
                       capitalised lemmas) with a coarse category from the hypernym chain
  common_nouns.txt     lower-case single words WordNet knows as common words (unless
                       more likely a proper noun), with irregular and -ed/-ing forms
  LICENSE-WordNet.txt  the WordNet 3.0 licence, copied from the database files
  README.md            source, licence, contents, counts, sizes, how to regenerate

The output is deterministic: no dates, sorted lines, everything derived from the database
and the fixed anchor table below (WordNet 3.0 synset offsets, each checked against a lemma
it must hold, so a different database fails loudly instead of mapping silently). Nothing is
special-cased for any corpus; this script never reads corpus/ or docs/.
"""

import argparse
import os
import re
import subprocess
import sys
from collections import Counter, defaultdict

POS_FILES = {"n": "noun", "v": "verb", "a": "adj", "r": "adv"}
LEXFILE_PERSON = 18  # noun.person
LEXFILES_SPECIES = (5, 20)  # noun.animal, noun.plant
# Capitalised kinds of places, structures and events ("African country", "American state",
# "French region", "Crusade") are left out when WordNet lists named instances of them.
CLASS_CATEGORIES = ("country", "city", "region", "water", "landform", "facility", "event")

CATEGORIES = [
    "country",
    "city",
    "region",
    "water",
    "landform",
    "facility",
    "org",
    "person",
    "norp",
    "event",
    "other",
]

# Anchors: noun synsets whose hyponyms and instances (through '@' and '@i' pointers, at any
# depth) take a category. The anchor nearest to a synset in its hypernym graph wins; at equal
# distance the one listed first. (offset, a lemma of that synset, category).
ANCHORS = [
    # countries and other sovereign states
    ("08544813", "country", "country"),  # country, state, land: the territory of a nation
    ("08168978", "nation", "country"),  # state, nation, country: the political unit
    ("08557482", "empire", "country"),  # the domain ruled by an emperor
    ("08558155", "kingdom", "country"),  # the domain ruled by a king or queen
    ("08591269", "kingdom", "country"),  # a country with a king as head of state
    ("08896327", "sultanate", "country"),
    ("08558488", "principality", "country"),
    # cities, towns, ports, capitals
    ("08524735", "city", "city"),
    ("08540903", "city", "city"),  # an incorporated administrative district
    ("08626283", "municipality", "city"),  # city, town, village
    ("08665504", "town", "city"),
    ("08672738", "village", "city"),
    ("08633957", "port", "city"),
    ("08518505", "capital", "city"),
    # states, provinces, regions, districts, islands, peninsulas, continents, areas
    ("08654360", "state", "region"),  # state, province
    ("08552138", "district", "region"),
    ("08574314", "geographical_area", "region"),
    ("08630985", "region", "region"),
    ("09316454", "island", "region"),
    ("09203827", "archipelago", "region"),
    ("09388848", "peninsula", "region"),
    ("09254614", "continent", "region"),
    ("09233715", "cape", "region"),
    ("09319604", "isthmus", "region"),
    ("08546183", "county", "region"),  # (United Kingdom)
    ("08546870", "county", "region"),  # (United States)
    ("08499840", "colony", "region"),
    ("08509786", "belt", "region"),
    ("08497294", "area", "region"),
    # rivers, seas, oceans, lakes, bays, straits, canals, waterfalls
    ("09225146", "body_of_water", "water"),
    ("02947212", "canal", "water"),
    ("09475292", "waterfall", "water"),
    ("09443453", "spring", "water"),
    ("04163364", "seaway", "water"),
    # mountains, ranges, deserts, valleys, volcanoes and other formations
    ("09359803", "mountain", "landform"),
    ("09360122", "mountain_peak", "landform"),
    ("09386842", "pass", "landform"),
    ("09284015", "forest", "landform"),
    ("09477890", "wetland", "landform"),
    ("09366317", "natural_elevation", "landform"),
    ("09403734", "range", "landform"),
    ("08505573", "desert", "landform"),
    ("09468604", "valley", "landform"),
    ("09472597", "volcano", "landform"),
    ("09393605", "plain", "landform"),
    ("09289331", "glacier", "landform"),
    ("09287968", "geological_formation", "landform"),
    # organisations (universities and colleges, as institutions, before their buildings)
    ("04511002", "university", "org"),
    ("03069752", "college", "org"),
    ("08008335", "organization", "org"),
    ("08392137", "terrorist_organization", "org"),
    ("08472335", "political_movement", "org"),
    ("08163273", "legislature", "org"),
    ("08329453", "court", "org"),
    ("08051946", "court", "org"),  # royal court, the governing power
    ("08164585", "administration", "org"),
    ("08198398", "military_unit", "org"),
    ("08208560", "team", "org"),
    ("08245172", "organized_crime", "org"),
    ("04323026", "stock_exchange", "org"),
    # nationalities, ethnic, religious and political groups
    ("07967382", "ethnic_group", "norp"),
    ("07967982", "race", "norp"),
    ("07942152", "people", "norp"),
    ("08166552", "nation", "norp"),  # the people who live in a nation
    ("08160276", "people", "norp"),  # citizenry
    ("08081668", "religion", "norp"),  # the institution
    ("05946687", "religion", "norp"),  # the belief
    ("08473787", "religious_movement", "norp"),
    # buildings, bridges, airports, roads and other structures
    ("04341686", "structure", "facility"),
    ("03315023", "facility", "facility"),
    ("04096066", "road", "facility"),
    ("04334599", "street", "facility"),
    ("04497962", "tunnel", "facility"),
    ("03946325", "pipeline", "facility"),
    # wars, battles, contests
    ("00952963", "military_action", "event"),
    ("00973077", "war", "event"),
    ("00953559", "battle", "event"),
    ("07456188", "contest", "event"),
    ("00968155", "military_campaign", "event"),
    ("00968479", "expedition", "event"),  # the Crusades
    ("00962722", "revolution", "event"),
    ("00962129", "rebellion", "event"),
    ("01145015", "coup_d'etat", "event"),
    ("00955060", "operation", "event"),  # a military operation
    ("00517728", "festival", "event"),
    ("08308497", "conference", "event"),
]

# Kinds of people named with a capital letter ("American", "Kurd", "Baptist", "Marxist",
# "Republican"): a capitalised noun.person synset that is not an instance (a class of people,
# not one person) is `norp` when its hypernyms reach one of these, else `other` (titles such
# as "Attorney General", classes of mythical beings).
NORP_PERSON_ANCHORS = [
    ("09620078", "inhabitant"),
    ("09620794", "native"),
    ("09621232", "native"),
    ("09628382", "religious_person"),
    ("10016103", "adherent"),
    ("10099375", "follower"),
    ("09774783", "advocate"),
    ("10677713", "supporter"),
    ("10307234", "member"),
    ("10450303", "politician"),
    ("09638875", "White"),
    ("09636106", "person_of_color"),
]
PERSON = ("00007846", "person")

# Latin names of genera, families, orders ... ("Rosa", "Canis", "Iris"): capitalised in
# WordNet, but not names of anything news reports; left out of the proper-noun table (so
# they do not keep "iris" out of the common words either).
TAXONOMIC_GROUP = ("07992450", "taxonomic_group")

# Mythical and spiritual beings and fictional characters are in noun.person too: their
# instances ("Zeus", "Hamlet") count as `person`, as a tagger would tag them.


def read_database(wn):
    """Synsets of all four parts of speech: {(pos, offset): (lexfile, lemmas, pointers)}."""
    synsets = {}
    for pos, name in POS_FILES.items():
        with open(os.path.join(wn, "data." + name), encoding="latin-1") as f:
            for line in f:
                if line.startswith("  "):  # the licence header
                    continue
                fields = line.split(" | ", 1)[0].split()
                offset, lexfile = fields[0], int(fields[1])
                count = int(fields[3], 16)
                lemmas = []
                for i in range(count):
                    lemma = fields[4 + 2 * i]
                    # Adjective markers: "galore(ip)", "elect(p)", "beautiful(a)".
                    lemmas.append(re.sub(r"\((a|p|ip)\)$", "", lemma))
                at = 4 + 2 * count
                pointers = []
                for _ in range(int(fields[at])):
                    symbol, target, target_pos = fields[at + 1], fields[at + 2], fields[at + 3]
                    pointers.append((symbol, target, "a" if target_pos == "s" else target_pos))
                    at += 4
                synsets[(pos, offset)] = (lexfile, lemmas, pointers)
    return synsets


def read_sense_order(wn, pos="n"):
    """For each lower-cased lemma of a part of speech, its synset offsets in WordNet's
    sense order and how many of them (the first ones) were tagged in WordNet's semantic
    concordance: those come in order of frequency; the order of the rest says nothing."""
    order = {}
    with open(os.path.join(wn, "index." + POS_FILES[pos]), encoding="latin-1") as f:
        for line in f:
            if line.startswith("  "):
                continue
            fields = line.split()
            lemma, count, pointers = fields[0], int(fields[2]), int(fields[3])
            tagged = int(fields[4 + pointers + 1])
            order[lemma] = (fields[4 + pointers + 2 : 4 + pointers + 2 + count], tagged)
    return order


def tagged_common_words(synsets, wn):
    """Lower-case words with a frequency as a verb, adjective or adverb: a tagged sense
    whose synset holds the word in lower case ("mobile", "nice", "white"; not "Christian",
    which WordNet's adjectives spell with a capital)."""
    words = set()
    for pos in ("v", "a", "r"):
        for lemma, (offsets, tagged) in read_sense_order(wn, pos).items():
            if any(lemma in synsets[(pos, o)][1] for o in offsets[:tagged]):
                words.add(lemma)
    return words


def read_exceptions(wn, name):
    """Pairs (inflected form, base form) of an exception list such as noun.exc."""
    pairs = []
    with open(os.path.join(wn, name + ".exc"), encoding="latin-1") as f:
        for line in f:
            fields = line.split()
            for base in fields[1:]:
                pairs.append((fields[0], base))
    return pairs


def licence_text(wn):
    """The licence as printed at the top of every WordNet data file."""
    lines = []
    with open(os.path.join(wn, "data.noun"), encoding="latin-1") as f:
        for line in f:
            if not line.startswith("  "):
                break
            # "  12 text  " -> "text"
            lines.append(re.sub(r"^\s+\d+ ?", "", line.rstrip()).rstrip())
    return "\n".join(lines).strip() + "\n"


def check_anchor(synsets, offset, lemma):
    entry = synsets.get(("n", offset))
    if entry is None or lemma not in entry[1]:
        sys.exit(f"anchor {offset} {lemma!r} not in this database: is it WordNet 3.0?")


class Hypernyms:
    """Breadth-first walks up the noun hypernym graph ('@' and '@i')."""

    def __init__(self, synsets):
        self.up = {}
        for (pos, offset), (_, _, pointers) in synsets.items():
            if pos == "n":
                self.up[offset] = [t for s, t, p in pointers if s in ("@", "@i") and p == "n"]

    def levels(self, offset):
        """The synset itself (distance 0), then its hypernyms level by level."""
        seen = {offset}
        level = [offset]
        while level:
            yield level
            following = []
            for o in level:
                for t in self.up.get(o, ()):
                    if t not in seen:
                        seen.add(t)
                        following.append(t)
            level = sorted(following)

    def reaches(self, offset, targets):
        return any(o in targets for level in self.levels(offset) for o in level)


def is_capitalised(lemma):
    return lemma[:1].isupper()


def is_instance(pointers):
    return any(symbol == "@i" for symbol, _, _ in pointers)


class Proper:
    """A noun synset kept as a proper noun."""

    def __init__(self, category, names, instance):
        self.category = category
        self.names = names  # its proper lemmas, WordNet spelling (underscores)
        self.instance = instance


def proper_synsets(synsets, hyper):
    """Noun synsets that name something: {offset: Proper}.

    Kept: instances (synsets with an '@i' pointer; their lemmas of two or more characters,
    but not single words in lower case: "world", "globe", "sun" are common words too) and
    other noun synsets with capitalised lemmas (those lemmas only), except
      * a capitalised lemma whose lower-case spelling is another lemma of the same synset
        ("Earth"/"earth", "Sun"/"sun", the letters "A"/"a"): a case variant of a common word;
      * synsets under taxonomic_group (genera, families: "Rosa", "Canis", "genus Iris");
      * synsets of noun.plant and noun.animal that are not instances: species, breeds and
        cultivars ("Elaeis guineensis", "Carolina wren", "Belgian griffon"), named after
        places or people but common nouns, and a third of the table's size;
      * kinds of places, structures and events with named instances (CLASS_CATEGORIES).
    """
    anchor_rank = {}
    for rank, (offset, lemma, category) in enumerate(ANCHORS):
        check_anchor(synsets, offset, lemma)
        anchor_rank[offset] = (rank, category)
    for offset, lemma in NORP_PERSON_ANCHORS + [PERSON, TAXONOMIC_GROUP]:
        check_anchor(synsets, offset, lemma)

    instance_lemmas = {
        lemma
        for (pos, _), (_, lemmas, pointers) in synsets.items()
        if pos == "n" and is_instance(pointers)
        for lemma in lemmas
    }
    # Groups of people that hang directly under person ("African", "Jew", "Slav"), except
    # those named after an instance (the astrological "Aries", "Fish": Pisces).
    norp_people = {o for o, _ in NORP_PERSON_ANCHORS}
    norp_people.update(o for o, _, category in ANCHORS if category == "norp")
    for (pos, offset), (lexfile, lemmas, pointers) in synsets.items():
        if (
            pos == "n"
            and lexfile == LEXFILE_PERSON
            and not is_instance(pointers)
            and PERSON[0] in hyper.up[offset]
            and any(is_capitalised(l) for l in lemmas)
            and not any(l in instance_lemmas for l in lemmas)
        ):
            norp_people.add(offset)
    taxonomic = TAXONOMIC_GROUP[0]

    found = {}
    for (pos, offset), (lexfile, lemmas, pointers) in sorted(synsets.items()):
        if pos != "n":
            continue
        instance = is_instance(pointers)
        if not instance and lexfile in LEXFILES_SPECIES:
            continue
        lower = {l for l in lemmas if l == l.lower()}

        def is_name(lemma):
            if len(lemma) < 2:
                return False
            if lemma in lower:  # "ground_zero", "9/11"; not "world", "sun"
                return instance and ("_" in lemma or any(c.isdigit() for c in lemma))
            return (instance or is_capitalised(lemma)) and lemma.lower() not in lower

        names = [l for l in lemmas if is_name(l)]
        if not names or hyper.reaches(offset, {taxonomic}):
            continue
        if lexfile == LEXFILE_PERSON:
            if instance:
                category = "person"
            elif hyper.reaches(offset, norp_people):
                category = "norp"
            else:
                category = "other"
        else:
            category = "other"
            for level in hyper.levels(offset):
                hits = [anchor_rank[o] for o in level if o in anchor_rank]
                if hits:
                    category = min(hits)[1]
                    break
        if (
            not instance
            and category in CLASS_CATEGORIES
            and any(s == "~i" for s, _, _ in pointers)
        ):
            continue  # a kind of place with named instances: "African country", "Crusade"
        found[offset] = Proper(category, names, instance)
    return found


def sense_rank(sense_order, lemma, offset):
    """Where `offset` comes in the sense order of `lemma` (any case); unknown senses last."""
    order, _ = sense_order.get(lemma.lower(), ([], 0))
    return order.index(offset) if offset in order else len(order)


def is_tagged(sense_order, lemma, offset):
    """Whether WordNet has a frequency for this sense of `lemma`."""
    _, tagged = sense_order.get(lemma.lower(), ([], 0))
    return sense_rank(sense_order, lemma, offset) < tagged


def proper_nouns(found, sense_order):
    """{lemma with spaces: category}. A lemma with senses in several categories takes the
    category of its most frequent sense (WordNet's sense order) outside `other`, and `other`
    only when it has no other sense: "French" is `norp` (the people) though the language
    comes first, "Jordan" is `water` (the river comes before the country)."""
    senses = defaultdict(list)  # lemma -> [(is other, sense rank, offset)]
    for offset, proper in found.items():
        for name in proper.names:
            rank = sense_rank(sense_order, name, offset)
            senses[name].append((proper.category == "other", rank, offset))
    return {
        name.replace("_", " "): found[min(ranked)[2]].category
        for name, ranked in senses.items()
    }


WORD = re.compile(r"^[a-z]+(?:['-][a-z]+)*$")


def verb_forms(word):
    """Regular past and present participle (the -s form is left to the lookup)."""
    if word.endswith("e"):
        past = word + "d"
    elif re.search(r"[^aeiou]y$", word):
        past = word[:-1] + "ied"
    else:
        past = word + "ed"
    if word.endswith("ie"):
        participle = word[:-2] + "ying"
    elif re.search(r"[^aeioy]e$", word):
        participle = word[:-1] + "ing"
    else:
        participle = word + "ing"
    return past, participle


def blocked_spellings(synsets, found, sense_order, tagged_elsewhere):
    """Lower-case spellings that are more likely a proper noun than a common word: the
    common-word table leaves them out.

    A proper lemma P blocks its lower-case spelling w when
      * P is not all capitals (acronyms, symbols and postal codes such as "ADD", "CAT",
        "IN", "OK" are written differently from the common word),
      * P names an instance or a nationality or other group of people (`norp`), and its
        category is not `other` (eras, books, constellations, signs: "Recent", "Numbers",
        "Fish"),
      * and WordNet's frequencies (its tagged senses) favour P, or say nothing:
        - P has a frequency, comes before every common noun sense of w, and w has no
          frequency as a verb, adjective or adverb ("China" before "china"); or
        - P has none, no common sense of w (any part of speech) has one either, P is not
          a person, and w has more such proper senses (not `other`, not people) than
          common noun senses ("Chad": the country and the lake, one common sense; "Welsh":
          no common noun; but "beaver", "kiwi", "tom" stay common, and the surnames
          "Smith", "Swift" never block).
      So "turkey", "reading", "bush", "bath" (common noun senses first) and "mobile",
      "nice", "white" (frequent adjectives) stay common words.
    """
    common_noun_senses = defaultdict(list)
    for (pos, offset), (_, lemmas, _) in synsets.items():
        if pos == "n":
            for l in lemmas:
                if l == l.lower():
                    common_noun_senses[l].append(offset)
    def eligible(proper):
        return proper.category != "other" and (proper.instance or proper.category == "norp")

    proper_senses = Counter()  # spelling -> proper senses that may block it, not people
    for proper in found.values():
        if eligible(proper) and proper.category != "person":
            for name in {n.lower() for n in proper.names if n != n.upper()}:
                proper_senses[name] += 1
    blocked = set()
    for offset, proper in found.items():
        if not eligible(proper):
            continue
        for name in proper.names:
            if name == name.upper():
                continue
            w = name.lower()
            commons = common_noun_senses.get(w, [])
            if is_tagged(sense_order, w, offset):
                first_common = min((sense_rank(sense_order, w, o) for o in commons), default=1e9)
                block = sense_rank(sense_order, w, offset) < first_common and w not in tagged_elsewhere
            else:
                block = (
                    proper.category != "person"
                    and w not in tagged_elsewhere
                    and not any(is_tagged(sense_order, w, o) for o in commons)
                    and proper_senses[w] > len(commons)
                )
            if block:
                blocked.add(w)
    return blocked


def common_words(synsets, wn, blocked, proper):
    """Lower-case single words that WordNet lists as common words, with inflections.

    Base words: lemmas of any part of speech written in lower case (letters, with inner
    hyphens or apostrophes), except the `blocked` spellings. Forms: the regular past and
    present participle of verbs (not when verb.exc lists an irregular one of that kind)
    and the irregular forms of noun.exc, verb.exc and adj.exc whose base is a listed
    lemma of that part of speech, except forms spelled like an entry of `proper` in any
    case ("browning": "Browning"). Regular -s/-es/-ies forms are not listed: the lookup
    strips them (src/model/lexicon.rs)."""
    lemmas = {"n": set(), "v": set(), "a": set(), "r": set()}
    for (pos, _), (_, words, _) in synsets.items():
        for w in words:
            if w == w.lower() and WORD.match(w):
                lemmas[pos].add(w)
    irregular = {}
    for name, pos in (("noun", "n"), ("verb", "v"), ("adj", "a")):
        irregular[pos] = [
            (form, base)
            for form, base in read_exceptions(wn, name)
            if base in lemmas[pos] and WORD.match(form)
        ]
    irregular_past = {b for f, b in irregular["v"] if f.endswith("ed")}
    irregular_participle = {b for f, b in irregular["v"] if f.endswith("ing")}
    forms = set(f for pairs in irregular.values() for f, _ in pairs)
    for verb in lemmas["v"]:
        past, participle = verb_forms(verb)
        if verb not in irregular_past:
            forms.add(past)
        if verb not in irregular_participle:
            forms.add(participle)
    names = {name.lower() for name in proper}
    words = {w for pos_lemmas in lemmas.values() for w in pos_lemmas if w not in blocked}
    words.update(f for f in forms if f not in names and f not in blocked)
    # What listing the regular -s forms would add (for the README).
    s_forms = {s_form(w) for w in lemmas["n"] | lemmas["v"] if w in words} - words - names
    return sorted(words), s_forms


def s_form(word):
    """The regular plural or third person, as the lookup strips it."""
    if re.search(r"(s|x|z|ch|sh)$", word):
        return word + "es"
    if re.search(r"[^aeiou]y$", word):
        return word[:-1] + "ies"
    return word + "s"


def species_names(synsets):
    """Capitalised lemmas of non-instance noun.plant and noun.animal synsets, which the
    proper-noun table leaves out."""
    return {
        l
        for (pos, _), (lexfile, lemmas, pointers) in synsets.items()
        if pos == "n" and lexfile in LEXFILES_SPECIES and not is_instance(pointers)
        for l in lemmas
        if is_capitalised(l)
    }


def debian_version():
    try:
        out = subprocess.run(
            ["dpkg-query", "-W", "-f=${Version}", "wordnet-base"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        return out or "unknown"
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


HEADER = (
    "# {what}\n"
    "# Generated by scripts/build_wordnet.py from WordNet 3.0 (Debian wordnet-base {version}) "
    "- do not edit by hand.\n"
    "# Contains data from WordNet 3.0, modified (selected and reformatted, see README.md), under the "
    "WordNet 3.0 licence (also in LICENSE-WordNet.txt), which follows:\n"
    "#\n"
    "{licence}"
)


def header(what, version, licence):
    """A table's comment lines: what it is, where from, and the licence in full (the table
    is built into the binary, and the licence asks for it on every copy)."""
    commented = "".join(("# " + line).rstrip() + "\n" for line in licence.splitlines())
    return HEADER.format(what=what, version=version, licence=commented)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--wordnet", default="/usr/share/wordnet", help="WordNet dict folder")
    here = os.path.dirname(os.path.abspath(__file__))
    parser.add_argument(
        "--out", default=os.path.join(here, "..", "data", "lexicon"), help="output folder"
    )
    args = parser.parse_args()
    wn, out = args.wordnet, os.path.normpath(args.out)
    version = debian_version()

    synsets = read_database(wn)
    hyper = Hypernyms(synsets)
    sense_order = read_sense_order(wn)
    found = proper_synsets(synsets, hyper)
    proper = proper_nouns(found, sense_order)
    blocked = blocked_spellings(synsets, found, sense_order, tagged_common_words(synsets, wn))
    common, s_forms = common_words(synsets, wn, blocked, proper)
    stats = {
        "species": len(species_names(synsets) - {n.replace(" ", "_") for n in proper}),
        "s_forms": len(s_forms),
        "s_bytes": sum(len(f) + 1 for f in s_forms),
        "blocked": len(
            blocked & {w for _, (_, ls, _) in synsets.items() for w in ls if WORD.match(w)}
        ),
    }

    os.makedirs(out, exist_ok=True)
    files = {}
    what = (
        "proper_nouns.tsv - WordNet proper nouns (instances and capitalised lemmas), "
        "lemma<TAB>category; see README.md."
    )
    licence = licence_text(wn)
    files["proper_nouns.tsv"] = header(what, version, licence) + "".join(
        f"{name}\t{proper[name]}\n" for name in sorted(proper)
    )
    what = (
        "common_nouns.txt - lower-case words WordNet knows as common words (any part of "
        "speech) and their irregular, -ed and -ing forms; see README.md."
    )
    files["common_nouns.txt"] = header(what, version, licence) + "".join(
        w + "\n" for w in common
    )
    files["LICENSE-WordNet.txt"] = licence
    for name, text in files.items():
        with open(os.path.join(out, name), "w", encoding="utf-8", newline="\n") as f:
            f.write(text)

    counts = Counter(proper.values())
    sizes = {name: len(text.encode("utf-8")) for name, text in files.items()}
    readme = render_readme(version, proper, counts, common, sizes, stats)
    with open(os.path.join(out, "README.md"), "w", encoding="utf-8", newline="\n") as f:
        f.write(readme)
    for name in sorted(sizes):
        print(f"{name}: {sizes[name]:,} bytes")
    print(f"proper nouns: {len(proper):,}", dict(sorted(counts.items())))
    print(f"common words: {len(common):,}")


CATEGORY_NOTES = {
    "country": "countries and other sovereign states, empires, kingdoms, sultanates",
    "city": "cities, towns, villages, ports, capitals (and their synonyms: 'capital of X')",
    "region": "states, provinces, counties, districts, regions, islands, archipelagos, "
    "peninsulas, capes, continents, colonies",
    "water": "rivers, seas, oceans, lakes, bays, gulfs, straits, canals, waterfalls, springs",
    "landform": "mountains, peaks, ranges, passes, deserts, valleys, volcanoes, plains, "
    "glaciers, forests, wetlands",
    "facility": "buildings, bridges, streets, roads, tunnels, pipelines, other structures",
    "org": "organisations: agencies, departments, companies, parties, armies and other "
    "military units, legislatures, courts, international organisations, unions, universities "
    "and colleges, teams, stock exchanges, terrorist organisations",
    "person": "people (instances in noun.person, including deities and characters of myth "
    "and fiction)",
    "norp": "nationalities, peoples, ethnic, religious and political groups, religions, and "
    "their members ('American', 'Kurd', 'Baptist', 'Marxist', 'Republican')",
    "event": "wars, battles, sieges, campaigns, revolutions, rebellions, coups, contests, "
    "festivals, conferences",
    "other": "anything else WordNet names: books, languages, stars and planets, eras, "
    "days and months, brands and drugs, titles ('Attorney General')",
}


def examples(proper, category, count=6):
    """Evenly spaced entries of a category (deterministic)."""
    names = sorted(n for n, c in proper.items() if c == category)
    step = max(1, len(names) // count)
    return names[step // 2 :: step][:count]


def render_readme(version, proper, counts, common, sizes, stats):
    total = sum(sizes.values())
    rows = "\n".join(
        f"| `{c}` | {counts.get(c, 0):,} | {CATEGORY_NOTES[c]} | "
        + ", ".join(f"`{e}`" for e in examples(proper, c))
        + " |"
        for c in CATEGORIES
    )
    size_rows = "\n".join(f"| `{name}` | {sizes[name]:,} |" for name in sorted(sizes))
    return f"""# Lexicon (WordNet 3.0)

Compact tables drawn from WordNet 3.0, built into the binary by `src/model/lexicon.rs`
(`proper_category`, `is_common_word`). WordNet itself is never needed at run time.
Generated by `scripts/build_wordnet.py`; do not edit by hand. Nothing in them is chosen
for a particular corpus: the script reads only the WordNet database (never `corpus/` or
`docs/`) and a fixed table of anchor synsets.

Regenerate (deterministic: sorted lines, no dates):

```
apt-get install -y wordnet-base
python3 scripts/build_wordnet.py
```

## Source and licence

WordNet 3.0, Princeton University, as packaged by Debian: package `wordnet-base`, version
`{version}` (database files in `/usr/share/wordnet`). Licence: the WordNet 3.0 licence
(permissive: use, copy, modify and distribute for any purpose, without fee, provided the
copyright notice, the statements and the disclaimer appear on all copies). Its full text
is in `LICENSE-WordNet.txt`, copied from the database files, and in the comment lines at
the top of each table, so that it is also inside the binary, which embeds the tables. The licence forbids using the name of Princeton
University in advertising or publicity about the software. The Debian packaging
(`debian/*`, GPL-2+) is not part of what is copied here. Notice:

> WordNet 3.0 Copyright 2006 by Princeton University. All rights reserved.

## proper_nouns.tsv

`lemma<TAB>category`, {len(proper):,} rows, sorted; WordNet's underscores are spaces and
its capitalisation is kept (`Federal Bureau of Investigation`, `FBI`, `Korean Peninsula`).
All lemmas of a synset are listed, so acronyms and other names come along.

Rows: the lemmas (two characters or more) of WordNet's instances (noun synsets with an
instance-hypernym pointer `@i`; not their single words in lower case, such as "world",
"globe": common words too), and the capitalised lemmas of other noun synsets
(`Federal Bureau of Investigation` is a kind of law-enforcement agency in WordNet, not an
instance; so are `Democratic Party`, `American`, `Christian`). Left out:

* capitalised case variants of a common lemma of the same synset (`Earth`/`earth` the
  planet, `Sun`/`sun` the star, the letters `A`/`a`; `Sun` is still a row, as the
  abbreviation of Sunday);
* Latin names of taxonomic groups (`Rosa`, `Canis`, `genus Iris`) and all species, breeds
  and cultivars that are not instances (noun.plant and noun.animal: `Elaeis guineensis`,
  `Carolina wren`, `Belgian griffon`), {stats['species']:,} lemmas: names of kinds of living
  things, not of entities, and about a third of the table's size;
* capitalised kinds of places, structures and events that WordNet lists instances of
  (`African country`, `American state`, `French region`).

Category: the nearest of a fixed list of anchor synsets (`ANCHORS` in the script, e.g.
city, town, port, national capital; body of water; mountain; organization, legislature,
military unit; structure, street; war, battle) up the hypernym graph (both `@` and `@i`),
the first listed at equal distance, else `other`. In noun.person, instances are `person`;
other capitalised synsets there (kinds of people) are `norp` when their hypernyms reach
inhabitant, native, ethnic group, race, people, religious person, adherent, follower,
advocate, supporter, member or politician, or a capitalised kind hanging directly under
person (`African`, `Jew`, `Slav`), else `other` (`Attorney General`, `Muse`).

A lemma with senses in several categories takes the category of its most frequent sense
(WordNet's sense order) that is not `other`, and `other` only when it has no other sense:
`French` is `norp` (the people) though the language comes first; `Jordan` is `water` (the
river comes before the country).

| category | rows | what | examples |
|---|---:|---|---|
{rows}

Lookups (`proper_category`): the exact spelling first, then any case (`Nato` finds `NATO`;
where two spellings fold together, the first in the table that is not `other`).

## common_nouns.txt

{len(common):,} lower-case words, one a line, sorted: every noun, verb, adjective and
adverb lemma WordNet writes in lower case (letters, with inner hyphens or apostrophes:
`well-known`, `o'clock`; no multi-word lemmas), plus

* irregular forms from WordNet's exception lists `noun.exc`, `verb.exc`, `adj.exc`
  (`children`, `ran`, `stopped`, `better`) whose base is listed;
* regular verb forms -ed and -ing (`fired`, `firing`; not where `verb.exc` has an
  irregular form of that kind);
* not regular -s/-es/-ies forms (plurals and third persons): `is_common_word` strips
  them and looks the stem up ("fires", "boxes", "flies"), unless the form itself is a
  proper noun in `proper_nouns.tsv` in any case ("wales": `Wales`). Listing them would
  add {stats['s_forms']:,} lines ({stats['s_bytes']:,} bytes). Forms -ed and -ing spelled like a proper noun are
  likewise left out ("browning": `Browning`).

Left out: {stats['blocked']:,} spellings more likely a proper noun than a common word. A literal "never a
proper noun" would drop "day", "man", "king", "white", "young", "best", "fall" (WordNet
has `Day`, `Man`, `King`, ... as people, places or books) and "add", "cat" (`ADD`, `CAT`).
So a proper lemma P drops its lower-case spelling w only when P is not all capitals, P
is an instance or a `norp` group, P's category is not `other`, and WordNet's frequencies
(its tagged senses) favour P or say nothing:

* P has a frequency, comes before every common noun sense of w, and w has no frequency
  as a verb, adjective or adverb (`China` before "china"); or
* no sense of either has a frequency, P is not a person, and w has more such proper
  senses than common noun senses (`Chad`: the country and the lake; `Welsh`: no common
  noun).

So "turkey", "reading", "bush", "bath" (their common senses come first), "mobile",
"nice", "white" (frequent adjectives), and surnames that are common words ("smith",
"swift") are common words; both tables then hold the spelling, and callers that want the
strict reading (never a name in WordNet) also check that `proper_category` is `None`.
Closed-class words ("the", "of", "they", "and") are not in WordNet, so not here: combine
with `data/gazetteers/common_words.txt` for those.

## Sizes

| file | bytes |
|---|---:|
{size_rows}
| total (without this README) | {total:,} |
"""


if __name__ == "__main__":
    main()
