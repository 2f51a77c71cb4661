// The side-by-side workload: short first-person facts spread over N users, and scoped searches whose answer is one
// of that user's facts (so each system's hit@10 shows it searched the right scope, not only how fast it answered).
// Seeded: every run and every system sees the same texts in the same order.

const names = ["Maria", "Tom", "Aisha", "Ken", "Lucia", "Omar", "Grace", "Pavel", "Nina", "Sam", "Ines", "Joe"];
const relations = ["sister", "brother", "support worker", "neighbour", "cousin", "friend", "doctor", "aunt"];
const cities = ["Lyon", "Leeds", "Porto", "Graz", "Utrecht", "Cork", "Turin", "Ghent", "Malmo", "Bilbao"];
const jobs = ["nurse", "baker", "bus driver", "gardener", "teacher", "painter", "librarian", "chef"];
const foods = ["peanuts", "shellfish", "milk", "eggs", "strawberries", "gluten", "sesame", "kiwi"];
const transports = ["bus", "tram", "train", "bike", "ferry", "taxi"];
const places = ["the day centre", "work", "the pool", "the library", "the market", "art class", "the gym", "church"];
const days = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];
const things = ["colour", "song", "film", "snack", "game", "animal", "season", "drink"];
const values = ["green", "Yellow Submarine", "Paddington", "apple slices", "bingo", "cats", "autumn", "cocoa", "blue", "chess"];
const medicines = ["insulin", "an inhaler", "vitamin D", "eye drops", "a blood pressure pill"];
const times = ["breakfast", "lunch", "dinner", "bedtime", "eight in the morning"];

// Each kind of fact comes with a question whose answer it is.
const kinds = [
  (p) => [`My ${p(relations)} ${p(names)} lives in ${p(cities)} and works as a ${p(jobs)}.`, (f) => `Where does my ${f[1]} live?`],
  (p) => [`I take the ${p(transports)} to ${p(places)} every ${p(days)}.`, (f) => `How do I get to ${f[1]}?`],
  (p) => [`I am allergic to ${p(foods)}, so I never eat it.`, () => "What food am I allergic to?"],
  (p) => [`My favourite ${p(things)} is ${p(values)}.`, (f) => `What is my favourite ${f[0]}?`],
  (p) => [`I take ${p(medicines)} at ${p(times)} every day.`, () => "When do I take my medicine?"],
  (p) => [`${p(names)} is my ${p(relations)}; we meet at ${p(places)} on ${p(days)}s.`, (f) => `When do I see ${f[0]}?`],
];

/** Mulberry32: small, fast, good enough for choosing words. */
function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * @returns {{ adds: {userId: string, text: string}[], searches: {userId: string, query: string, expected: string}[],
 *             warmupAdds: {userId: string, text: string}[], warmupSearches: {userId: string, query: string}[] }}
 */
export function buildWorkload({ adds, searches, users, warmup, seed = 42 }) {
  const random = rng(seed);
  const fact = () => {
    const picked = [];
    const pick = (list) => {
      const value = list[Math.floor(random() * list.length)];
      picked.push(value);
      return value;
    };
    const [text, question] = kinds[Math.floor(random() * kinds.length)](pick);
    return { text, query: question(picked) };
  };
  const addOps = [];
  for (let i = 0; i < adds; i++) {
    const { text, query } = fact();
    addOps.push({ userId: `user-${String(i % users).padStart(2, "0")}`, text: `${text} (${i})`, query });
  }
  const searchOps = [];
  for (let i = 0; i < searches; i++) {
    const target = addOps[Math.floor(random() * addOps.length)];
    searchOps.push({ userId: target.userId, query: target.query, expected: target.text });
  }
  const warmupAdds = [];
  const warmupSearches = [];
  for (let i = 0; i < warmup; i++) {
    const { text, query } = fact();
    warmupAdds.push({ userId: "warmup", text: `${text} (warm-up ${i})` });
    warmupSearches.push({ userId: "warmup", query });
  }
  return { adds: addOps.map(({ userId, text }) => ({ userId, text })), searches: searchOps, warmupAdds, warmupSearches };
}
