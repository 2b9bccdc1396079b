/**
 * Customer-to-brand language that a general sentiment lexicon misses or misreads. Each cue is a
 * pattern over the normalised, lower-cased text. Kept general (service failures, waiting, help
 * requests, sarcasm), not tuned to any one brand.
 */

/** Service failures and bad experiences: neutral words in general English, complaints to a brand. */
export const COMPLAINT_CUES: RegExp[] = [
	/\bon hold\b/,
	/\b(hold|wait|waiting|waited|sitting|sat|stuck|stranded)\b.{0,40}\b(\d+|an?|one|two|three|several)\s*\+?\s*(hours?|hrs?|mins?|minutes?|days?)\b/,
	/\b(\d+|an?|one|two|three)\s*\+?\s*(hours?|hrs?)\s+(on hold|wait|delay|late|hold)/,
	/\b(delayed|delays?|late|cancell?ed|cancell?ation|diverted|overbooked|bumped|rebooked|missed( my)? (flight|connection))\b/,
	/\b(lost|missing|damaged|broken|stolen|misplaced)\b/,
	/\b(still|yet) (waiting|no|nothing|not|haven'?t|hasn'?t)\b/,
	/\b(no|zero) (one|response|answer|reply|help|info|information|update|updates|communication|call back|refund|wifi|service)\b/,
	/\b(nobody|no one|noone)\b/,
	/\b(doesn'?t|does not|didn'?t|did not|won'?t|will not|can'?t|cannot|couldn'?t|isn'?t|wasn'?t|aren'?t) (work|working|load|help|answer|respond|let|get|find|even|bother)/,
	/\b(not|never) (working|helpful|received|refunded|happy|cool|ok|okay|acceptable|again|anymore|the case)\b/,
	/\b(worst|terrible|horrible|ridiculous|unacceptable|pathetic|disgusting|incompetent|useless|rude|frustrat\w*|annoy\w*|nightmare|joke|fail|fails|failed|sucks?|hate|dislike|bumm\w*|ugh+|smh|wtf|boo)\b/,
	/(?<!\bnever )\bdisappoint\w*/,
	/#\w*(fail|fails|sucks|worst|never\w*|notanymore|badpolicy|incompetent|disappointed|wrong|unhappy|shame|terrible)\b/,
	/\b(are you kidding|you'?re kidding|seriously\?|really\?|come on\b|thanks for nothing|good to know|way to go|way to (honor|treat|ruin|lose)|great job losing|what a joke)\b/,
	/\b(refund|compensation|voucher|complain\w*)\b/,
	/\b(charged|fee|fees|overcharged|\$\d+)\b/,
	/\b(pushed back|run out|ran out|dropped|hung up|hangs up|cuts? off|no room|forfeit\w*|gate (change|agent)|tarmac|ruin\w*|no (luggage|bags?|baggage|seats?|food|water|power))\b/,
	/\b(should have|shouldn'?t have|should'?ve) (flown|gone|used|known|picked|chosen|to)\b/,
	/\b(again|yet again|once again)\b[.!?]*$/,
	/\bdo not (fly|buy|use)\b/,
	/\bi (will|'ll) never\b|\bnever (buy|fly|use|again)\b/,
	/\b(wish|if only)\b.{0,40}\b(weren'?t|wasn'?t|had|didn'?t|would)\b/,
	/\bbring back\b|\bmiss (the|our|my)\b/,
	/\b(got rid of|good riddance|never have to deal|gouged|buffering|too slow|so slow|slow (connection|service|internet))\b/,
	/:\(|:-\(/,
	// Product failures.
	/\b(crash\w*|freez(es|ing)|bugg?y|bugs?|glitch\w*|outage|error message|logs? me out|won'?t (load|open|start))\b/,
];

/** Thanks, compliments and good experiences that the lexicon under-scores. */
export const PRAISE_CUES: RegExp[] = [
	/\b(thank(s| you)|thx|tks|ty)\b.{0,30}\b(so much|very much|again|for (the|your|a|all|making|being|getting|helping|taking|always)|guys|team|all)\b/,
	/\b(love|loved|loving) (you|your|flying|the|it|this|my)\b/,
	/\b(can'?t wait|cannot wait|excited|exicted|stoked|pumped|looking forward)\b/,
	/\b(best|amazing|awesome|fantastic|wonderful|excellent|outstanding|superb|brilliant|fabulous|smooth|seamless|professional|helpful|friendly|courteous|on time|early)\b/,
	/\b(kudos|props|shout ?out|bravo|well done|nice job|great job|good job|gold star|rock(s|ed)?|impressed|hilarious|lmao|zomg|yay+|woo+|yee+|big thanks|never disappoints?|extra mile|like a charm|not bad|my fav\w*|fave)\b/,
	/!!+/,
	/\b(thank you|thanks|thx|ty)\s*!|\b(enjoy(ed|ing)?|love it|loved it|really good|so good|inspir\w*|addictive|great!)/,
	/#(\w*love\w*|trueblue|happy\w*|smitten|fabulous|awesome|best\w*|thank\w*|win|winning|well ?done|good\w*|great\w*)\b/,
];

/** Praise words around a complaint: "great job losing my bag", "love how you can't…". */
export const SARCASM_CUES: RegExp[] = [
	/\b(great|good|nice|awesome|brilliant|fantastic|wonderful|amazing) (job|work|operation|service)\b.{0,60}\b(losing|lost|delay|cancel|not|no|never|late|again|hold|wait|broken|more)\b/,
	/\b(love|loving|gotta love|i love) (how|that|when) (you|your|i|we|it|they)\b.{0,60}\b(can'?t|cannot|don'?t|won'?t|not|no|never|hang|lost|late|wait|delay)/,
	/\bthanks (a lot|so much|again)?\s*(for|to) (nothing|the delay|losing|making me|ruining|wasting|cancel)/,
	/\b(yeah right|sure you are|real(ly)? great|just great|oh great|super helpful|so helpful)\b/,
	/#(sarcasm|not)\b/,
	/\bannoyed\b/,
];

/** Asking for help or information, which the lexicon often reads as positive ("help", "please"). */
export const REQUEST_CUES: RegExp[] = [
	/\b(can|could|would|will) (you|u|someone|anyone|i|we)\b/,
	/\b(please|pls|plz)\b/,
	/\b(help|assist|assistance)\b/,
	/\b(dm|direct message|message) (me|us)\b/,
	/\b(any|is there a|is there any) (way|chance|update|news|idea|word|info|plans?|promo\w*|codes?|option)\b/,
	/\b(how|what|when|where|why|which|who) (do|does|did|can|could|is|are|was|were|should|would|will|to)\b/,
	/\b(i need|we need|need help|need to (know|change|speak|talk))\b/,
];

/** Phrases whose words the lexicon scores but which carry no feeling towards the brand. */
export const NEUTRALISERS: RegExp[] = [
	/\bthanks?( you)?( so much)?[,.!]*\s*(for asking|i('ve| have)? (just )?(sent|did|will|followed))/gi,
	/\b(no worries|no problem|no prob|under control|no rush)\b/gi,
	/\b(lol|lmao\w*|haha\w*|hehe\w*|ha)\b/gi,
];

/** A complaint too strong for the message to be "just a question", whatever its question mark. */
export const STRONG_COMPLAINT =
	/\b(worst|terrible|horrible|ridiculous|unacceptable|pathetic|disgusting|incompetent|useless|rude|atrocious|ruin\w*|never again|kidding|wtf|fucking|joke|suck\w*|broken|not working|down)\b|!{2,}|\?!/;

/** Opens by asking: the question is the point, even when it mentions a problem ("is flight 12 delayed?"). */
export const ASKS_FIRST =
	/^(hi|hello|hey|good morning)?[ ,!.]*(is|are|was|were|can|could|will|would|do|does|did|any|anyone|what|what's|whats|when|where|how|which|who|why|if|should|may)\b[^.!?]*\?/;
export const ASKS_FOR_HELP = /\b(can|could|would) (you|u|someone|anyone) (please )?(help|assist|advise|check|look)\b|\bhelp\?/;

/** Says outright that it asks, whatever the praise around it. */
export const EXPLICIT_ASK =
	/\b(i have a question|quick question|where can i|how can i|does anyone|is there (a|any)|can i get|i'?d like to know|wondering (if|whether|how|why))\b/;
