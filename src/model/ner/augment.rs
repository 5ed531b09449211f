//! Synthetic training sentences for a genre the open corpora barely contain: sports
//! pages. News names clubs after their towns ("Leeds 2 Chelsea 1", "Surrey 468"), prints
//! results, standings and scorecards as rows of numbers, and lists athletes with their
//! countries. None of wikigold, GUM, UNER or BTC has such rows, so the tagger read every
//! club as a place. These templates teach the conventions (a town followed by a score is
//! a team, an organisation; a country in brackets after an athlete is a place; initials
//! and surnames in a scorecard are people) with names drawn from the gazetteers and from
//! the names the training corpora already annotate. Only training uses this module.

use super::model::{Class, Label};
use super::train::LabelledSentence;

/// Names to fill the templates with, each a list of words.
#[derive(Debug, Default, Clone)]
pub struct Pools {
    /// People's full names (from the training corpora's PER spans).
    pub people: Vec<Vec<String>>,
    /// Towns and cities (gazetteer).
    pub towns: Vec<Vec<String>>,
    /// States, counties and provinces (gazetteer).
    pub regions: Vec<Vec<String>>,
    /// Countries (gazetteer).
    pub countries: Vec<Vec<String>>,
    /// Organisations' names (from the training corpora's ORG spans).
    pub organisations: Vec<Vec<String>>,
}

/// A small deterministic generator (splitmix64), so the same seed gives the same data.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (`n > 0`).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n.max(1) as u64) as usize
    }

    pub fn chance(&mut self, percent: u64) -> bool {
        self.next_u64() % 100 < percent
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> Option<&'a T> {
        if items.is_empty() {
            None
        } else {
            items.get(self.below(items.len()))
        }
    }
}

/// Words that follow a town in a club's name.
const CLUB_SUFFIXES: &[&str] = &[
    "United",
    "City",
    "Town",
    "Rovers",
    "Athletic",
    "Wanderers",
    "Albion",
    "County",
    "FC",
    "Rangers",
    "Dynamo",
    "Sporting",
];
/// What teams call themselves without their town ("the Reds beat the Cubs").
const NICKNAMES: &[&str] = &[
    "Reds", "Blues", "Cubs", "Bears", "Lions", "Tigers", "Eagles", "Hawks", "Wolves", "Sharks",
    "Saints", "Giants", "Braves", "Pirates", "Rangers", "Royals", "Kings", "Bulls", "Rams", "Jets",
    "Wasps", "Saracens", "Chiefs", "Warriors", "Raiders",
];
const SPORTS: &[&str] = &[
    "SOCCER",
    "CRICKET",
    "RUGBY UNION",
    "BASEBALL",
    "BASKETBALL",
    "ICE HOCKEY",
    "TENNIS",
    "ATHLETICS",
    "GOLF",
];
const TABLE_WORDS: &[&str] = &[
    "RESULTS",
    "STANDINGS",
    "SUMMARIES",
    "SCOREBOARD",
    "FIXTURES",
];
const WEEKDAYS: &[&str] = &[
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];
const WIN_VERBS: &[&str] = &[
    "beat",
    "defeated",
    "edged",
    "thrashed",
    "overcame",
    "drew with",
    "lost to",
    "held",
    "routed",
];

/// A sentence being written: words with their labels.
#[derive(Default)]
struct Line {
    words: Vec<String>,
    labels: Vec<Label>,
}

impl Line {
    fn lit(&mut self, text: &str) -> &mut Line {
        for w in text.split_whitespace() {
            self.words.push(w.to_string());
            self.labels.push(Label::O);
        }
        self
    }

    fn num(&mut self, n: usize) -> &mut Line {
        self.lit(&n.to_string())
    }

    fn name(&mut self, words: &[String], class: Class) -> &mut Line {
        for (k, w) in words.iter().enumerate() {
            self.words.push(w.clone());
            self.labels.push(if k == 0 {
                Label::begin(class)
            } else {
                Label::inside(class)
            });
        }
        self
    }

    fn upper(mut self) -> Line {
        for w in &mut self.words {
            *w = w.to_uppercase();
        }
        self
    }

    fn done(self) -> LabelledSentence {
        LabelledSentence {
            words: self.words,
            labels: self.labels,
            annotated: vec![Class::Per, Class::Org, Class::Loc],
            document: 0,
        }
    }
}

struct Writer<'a> {
    pools: &'a Pools,
    rng: Rng,
}

impl Writer<'_> {
    /// A club: a town, sometimes with a suffix, sometimes a state or county.
    fn team(&mut self) -> Vec<String> {
        let roll = self.rng.below(100);
        let base = if roll < 15 {
            self.rng.pick(&self.pools.regions)
        } else {
            self.rng.pick(&self.pools.towns)
        };
        let mut words = base.cloned().unwrap_or_else(|| vec!["Northfield".into()]);
        if roll >= 15 && self.rng.chance(25) {
            let suffix = CLUB_SUFFIXES[self.rng.below(CLUB_SUFFIXES.len())];
            words.push(suffix.to_string());
        }
        words
    }

    fn country(&mut self) -> Vec<String> {
        self.rng
            .pick(&self.pools.countries)
            .cloned()
            .unwrap_or_else(|| vec!["Freedonia".into()])
    }

    fn town(&mut self) -> Vec<String> {
        self.rng
            .pick(&self.pools.towns)
            .cloned()
            .unwrap_or_else(|| vec!["Northfield".into()])
    }

    fn person(&mut self) -> Vec<String> {
        self.rng
            .pick(&self.pools.people)
            .cloned()
            .unwrap_or_else(|| vec!["Alex".into(), "Moreno".into()])
    }

    fn surname(&mut self) -> Vec<String> {
        let p = self.person();
        vec![p.last().cloned().unwrap_or_default()]
    }

    /// "J. Smith": an initial and a surname, as scorecards print players.
    fn initialled(&mut self) -> Vec<String> {
        let p = self.person();
        let initial: String = p
            .first()
            .and_then(|w| w.chars().next())
            .map(|c| format!("{c}."))
            .unwrap_or_else(|| "J.".into());
        vec![initial, p.last().cloned().unwrap_or_default()]
    }

    fn sentence(&mut self) -> LabelledSentence {
        let mut l = Line::default();
        match self.rng.below(16) {
            // "the Reds beat the Cubs 5-4 as Ana Lopez homered ."
            14 => {
                let pick = |rng: &mut Rng| vec![NICKNAMES[rng.below(NICKNAMES.len())].to_string()];
                let (a, b) = (pick(&mut self.rng), pick(&mut self.rng));
                l.lit("the").name(&a, Class::Org);
                l.lit(WIN_VERBS[self.rng.below(WIN_VERBS.len())]).lit("the");
                l.name(&b, Class::Org);
                l.lit(&format!("{}-{}", self.rng.below(10), self.rng.below(10)));
                if self.rng.chance(50) {
                    let p = self.person();
                    l.lit("as").name(&p, Class::Per).lit("homered");
                }
                l.lit(".");
            }
            // Baseball fixtures in capitals: "KANSAS CITY AT DETROIT"
            15 => {
                let (a, b) = (self.team(), self.team());
                l.name(&a, Class::Org).lit("at").name(&b, Class::Org);
                l = l.upper();
            }
            // "Leeds 2 Chelsea 1"
            0..=2 => {
                let (a, b) = (self.team(), self.team());
                l.name(&a, Class::Org).num(self.rng.below(5));
                l.name(&b, Class::Org).num(self.rng.below(5));
                if self.rng.chance(20) {
                    let (x, y) = (self.rng.below(3), self.rng.below(3));
                    l.lit(&format!("( halftime {x}-{y} )"));
                }
                if self.rng.chance(15) {
                    let p = self.person();
                    l.lit("(").name(&p, Class::Per);
                    l.num(1 + self.rng.below(90)).lit(")");
                }
            }
            // A standings row: "Bury 4 3 1 0 8 2 10"
            3 | 4 => {
                let t = self.team();
                l.name(&t, Class::Org);
                for _ in 0..(4 + self.rng.below(4)) {
                    l.num(self.rng.below(40));
                }
            }
            // Baseball: "CINCINNATI 66 68 .493 6", whole line in capitals.
            5 => {
                let t = self.team();
                l.name(&t, Class::Org);
                l.num(30 + self.rng.below(60)).num(30 + self.rng.below(60));
                l.lit(&format!(".{:03}", self.rng.below(1000)));
                l.num(self.rng.below(20));
                l = l.upper();
            }
            // Fixtures: "Leeds v Chelsea", "ATLANTA AT CHICAGO"
            6 => {
                let (a, b) = (self.team(), self.team());
                let sep = ["v", "vs", "at"][self.rng.below(3)];
                l.name(&a, Class::Org).lit(sep).name(&b, Class::Org);
                if self.rng.chance(40) {
                    l = l.upper();
                }
            }
            // Cricket: "Surrey 468 ( C. Lewis 94 , M. Butcher 70 ) , Kent 197-8 ."
            7 => {
                let venue = self.town();
                if self.rng.chance(50) {
                    l.name(&venue, Class::Loc).lit(":");
                }
                let (a, b) = (self.team(), self.team());
                l.name(&a, Class::Org)
                    .num(100 + self.rng.below(400))
                    .lit("(");
                for k in 0..(1 + self.rng.below(3)) {
                    if k > 0 {
                        l.lit(",");
                    }
                    let p = self.initialled();
                    l.name(&p, Class::Per).num(20 + self.rng.below(120));
                }
                l.lit(") ,").name(&b, Class::Org);
                l.lit(&format!(
                    "{}-{}",
                    50 + self.rng.below(300),
                    self.rng.below(10)
                ));
                l.lit(".");
            }
            // A batsman's line: "Smith c Jones b Brown 23"
            8 => {
                let (a, b, c) = (self.person(), self.surname(), self.surname());
                l.name(&a, Class::Per).lit("c").name(&b, Class::Per);
                l.lit("b").name(&c, Class::Per).num(self.rng.below(120));
            }
            // Athletes and their countries: "1. Ana Lopez ( Spain ) 50.31"
            9 | 10 => {
                let (p, c) = (self.person(), self.country());
                l.lit(&format!("{}.", 1 + self.rng.below(8)));
                l.name(&p, Class::Per)
                    .lit("(")
                    .name(&c, Class::Loc)
                    .lit(")");
                l.lit(&format!(
                    "{}.{:02}",
                    10 + self.rng.below(60),
                    self.rng.below(100)
                ));
            }
            // Tennis: "Ana Lopez ( Spain ) beat Mia Brand ( Chile ) 6-4 6-2"
            11 => {
                let (p, c, q, d) = (self.person(), self.country(), self.person(), self.country());
                l.name(&p, Class::Per)
                    .lit("(")
                    .name(&c, Class::Loc)
                    .lit(")");
                l.lit("beat")
                    .name(&q, Class::Per)
                    .lit("(")
                    .name(&d, Class::Loc);
                l.lit(&format!(
                    ") 6-{} 7-{}",
                    self.rng.below(5),
                    5 + self.rng.below(2)
                ));
            }
            // A headline: "SOCCER - LEEDS BEAT CHELSEA ." or "CRICKET - SURREY RESULTS ."
            12 => {
                let sport = SPORTS[self.rng.below(SPORTS.len())];
                l.lit(sport).lit("-");
                if self.rng.chance(50) {
                    let (a, b) = (self.team(), self.team());
                    l.name(&a, Class::Org).lit(WIN_VERBS[self.rng.below(3)]);
                    l.name(&b, Class::Org);
                } else {
                    let c = self.country();
                    l.name(&c, Class::Loc);
                    l.lit(TABLE_WORDS[self.rng.below(TABLE_WORDS.len())]);
                }
                l.lit(".");
                l = l.upper();
            }
            // Prose: "Leeds beat Chelsea 2-1 at home on Saturday , with Ana Lopez scoring twice ."
            _ => {
                let (a, b) = (self.team(), self.team());
                l.name(&a, Class::Org);
                l.lit(WIN_VERBS[self.rng.below(WIN_VERBS.len())]);
                l.name(&b, Class::Org);
                l.lit(&format!("{}-{}", self.rng.below(6), self.rng.below(6)));
                l.lit("on").lit(WEEKDAYS[self.rng.below(WEEKDAYS.len())]);
                if self.rng.chance(50) {
                    let p = self.person();
                    l.lit(", with").name(&p, Class::Per).lit("scoring twice");
                }
                l.lit(".");
            }
        }
        l.done()
    }
}

/// Copies of about `percent` in a hundred of the sentences with names, each name
/// swapped for another of its class: the tagger then learns names from their contexts
/// as well as from themselves, which is what it needs on news it has never seen.
pub fn with_names_swapped(
    sentences: &[LabelledSentence],
    pools: &Pools,
    percent: u64,
    seed: u64,
) -> Vec<LabelledSentence> {
    let mut rng = Rng::new(seed);
    let mut out = Vec::new();
    for s in sentences {
        let names = super::train::spans(&s.labels);
        if names.is_empty() || s.labels.len() != s.words.len() || !rng.chance(percent) {
            continue;
        }
        let mut line = Line::default();
        let mut at = 0;
        for (start, end, class) in names {
            for w in &s.words[at..start] {
                line.words.push(w.clone());
                line.labels.push(Label::O);
            }
            let pool = match class {
                Class::Per => &pools.people,
                Class::Org => &pools.organisations,
                Class::Loc if rng.chance(50) => &pools.towns,
                Class::Loc => &pools.countries,
                Class::Misc => &Vec::new(),
            };
            match rng.pick(pool) {
                Some(name) => {
                    line.name(name, class);
                }
                None => {
                    line.name(&s.words[start..end], class);
                }
            }
            at = end;
        }
        for w in &s.words[at..] {
            line.words.push(w.clone());
            line.labels.push(Label::O);
        }
        let mut copy = line.done();
        copy.annotated = s.annotated.clone();
        copy.document = s.document;
        out.push(copy);
    }
    out
}

/// `count` synthetic sports sentences drawn from `pools`.
pub fn sports_sentences(pools: &Pools, count: usize, seed: u64) -> Vec<LabelledSentence> {
    let mut writer = Writer {
        pools,
        rng: Rng::new(seed),
    };
    (0..count).map(|_| writer.sentence()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pools() -> Pools {
        let w = |s: &str| s.split(' ').map(String::from).collect::<Vec<_>>();
        Pools {
            people: vec![w("Ana Lopez"), w("Tom Hale")],
            towns: vec![w("Port Vale"), w("Oakridge")],
            regions: vec![w("Wessex")],
            countries: vec![w("Freedonia")],
            organisations: vec![w("Acme Corp")],
        }
    }

    #[test]
    fn sentences_are_labelled_word_for_word_and_repeat_with_the_seed() {
        let a = sports_sentences(&pools(), 300, 7);
        let b = sports_sentences(&pools(), 300, 7);
        assert_eq!(a.len(), 300);
        for (x, y) in a.iter().zip(&b) {
            assert_eq!(x.words, y.words);
            assert_eq!(x.words.len(), x.labels.len());
            assert!(x.words.iter().all(|w| !w.is_empty()));
        }
        // Teams are organisations, countries places, players people.
        let org = a.iter().any(|s| {
            s.words.first().is_some_and(|w| w == "Oakridge")
                && s.labels[0] == Label::begin(Class::Org)
        });
        assert!(org);
        assert!(
            a.iter()
                .any(|s| s.labels.contains(&Label::begin(Class::Loc)))
        );
        assert!(
            a.iter()
                .any(|s| s.labels.contains(&Label::begin(Class::Per)))
        );
    }

    #[test]
    fn empty_pools_still_write_sentences() {
        let s = sports_sentences(&Pools::default(), 50, 1);
        assert!(
            s.iter()
                .all(|s| s.words.len() == s.labels.len() && !s.words.is_empty())
        );
    }
}
