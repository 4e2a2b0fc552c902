/**
 * Word lists for the sentence compressor's light tagger: closed classes (determiners,
 * prepositions, auxiliaries, clause openers), time words, and the common news verbs whose finite
 * form a suffix rule cannot spot. Lower-case.
 */
const set = (words: string) => new Set(words.trim().split(/\s+/));

export const DETERMINERS = set(`
  a an the this that these those his her its their our my your some any each every no another
  such both either neither all several many few most much more less
`);

export const PRONOUNS = set(`i he she it we they you who this that there`);

export const PREPOSITIONS = set(`
  in on at by for with from into onto over under after before during since until across against
  among amid amidst between through throughout toward towards near about around behind beyond
  despite following including inside outside via within without upon off out per than like
  alongside along of
`);

export const AUXILIARIES = set(`
  is are was were be been am has have had will would can could may might shall should must does
  did do isn't aren't wasn't weren't hasn't haven't hadn't won't wouldn't can't couldn't doesn't
  didn't don't shouldn't
`);

/** Past forms a "-ed" rule misses. "read", "put" and "set" are left out: too often not verbs. */
export const IRREGULAR_PAST = set(`
  said won took made found gave told came went saw got left lost led held hit ran fell rose grew
  paid sold bought brought thought sent spent built became began broke chose drove flew knew met
  shot spoke stood stole struck taught threw wrote drew fought caught sought kept meant felt dealt
  fled beat bore hid lit quit spun spread sank slid stuck swept swung tore froze withdrew
  underwent upheld overtook forgave forbade arose awoke woke wore slept sat sang rang bit shut
  let cut hurt cost
`);

/** Present-tense news verbs ("Police say…", "The bill bans…"): a plural-noun shape, so listed. */
export const PRESENT_VERBS = set(`
  says plans wants faces warns believes claims hopes expects needs seeks urges calls reports
  announces makes takes gets goes gives shows remains continues looks leads hits wins opens
  launches joins signs holds becomes comes kills faces says sees knows thinks tells insists
  denies admits accuses vows pledges promises threatens rejects approves bans backs slams blasts
  agrees aims allows asks adds starts ends helps keeps puts sets stays tries turns uses works
  say want face warn believe claim hope expect need seek urge begins starts ends rises falls
  drops climbs jumps plunges surges soars tumbles gains loses
`);

/** Verbs of saying and thinking: their subject is an attribution, their clause the news. */
export const REPORTING_VERBS = set(`
  said says say told tells added adds stated states announced announces reported reports claimed
  claims alleged alleges confirm confirmed confirms believes believe believed insisted insists warned
  warns explained explains noted notes argued argues revealed reveals disclosed admitted admits
  found finds showed shows denied denies suggested suggests estimated estimates predicted predicts thinks think thought
  feels felt acknowledged acknowledges wrote writes tweeted posted
`);

/** Words that open a subordinate, relative or participial clause. */
export const CLAUSE_OPENERS = set(`
  who whom whose which where when while whereas as after before because although though since
  unless until amid despite if including prompting leaving making bringing according adding
  saying following
`);

/** Words that open a sentence-initial adjunct: prepositions, subordinators, sentence adverbs. */
export const LEADING_ADJUNCT_OPENERS = set(`
  in on at by for with from after before during since until across against among amid amidst
  following despite as while when although though because if once unlike like besides meanwhile
  however also still yet just earlier later last this next now nearly almost more than over under
  according speaking asked having given with without upon since due thanks
`);

/** Days, months, parts of the day and relative time words. */
export const TIME_WORDS = set(`
  monday tuesday wednesday thursday friday saturday sunday today yesterday tonight tomorrow
  morning afternoon evening night weekend week month year
  january february march april june july august september october november december
  jan feb mar apr jun jul aug sep sept oct nov dec
`);

/** "-ly" words that are not manner adverbs, or that carry the news. */
export const ADVERB_KEEP = set(`
  only early family italy july reply supply rally ally fly likely unlikely daily weekly monthly
  yearly nearly apply assembly july holy jolly belly bully lily silly ugly elderly friendly
  lonely lovely costly deadly orderly not never hardly barely jointly directly totally fully
  partly largely mostly highly
`);

export const SPANISH_LEADING_OPENERS = set(`
  en el la los las al del con por para tras desde durante según sin sobre ante hasta cuando
  mientras aunque si como además sin embargo este esta ayer hoy
`);

export const SPANISH_CLAUSE_OPENERS = set(`que quien quienes cual cuales donde cuyo cuya cuyos cuyas`);

export const SPANISH_ATTRIBUTION = set(`
  según dijo afirmó aseguró explicó señaló indicó declaró añadió informó precisó agregó comentó
`);
