import type { Notice } from '../notices/notice.js';
import type { CompiledMatcher, Field, TrieEntry, TrieNode } from './compile.js';
import { addWatchHit, type NoticeAcc } from './evidence.js';
import { resolveChunk } from './resolve.js';
import { forEachWord } from './tokens.js';

// The single walk: each field's text is read word by word once; every phrase of every rule is found by
// following the trie from each word. Watchlist hits count at once; service-area hits wait in a chunk of
// whole clauses (nothing in the grammar crosses a clause), which is resolved and dropped when it is full,
// so time is linear in the text and memory is bounded by the chunk, whatever the text's length.

/** A chunk is resolved once it holds this many words or hits (at a clause end). */
const CHUNK_WORDS = 2_048;
const CHUNK_HITS = 1_024;
/** A "clause" longer than this (text without punctuation) is cut: no real sentence is this long. */
const MAX_CLAUSE_WORDS = 400;

export interface ChunkHit {
  entry: TrieEntry;
  /** For a qualifier word: its node, whose entries are read only for areas with heads in the chunk. */
  node?: TrieNode;
  /** Word span in the chunk, inclusive. */
  start: number;
  end: number;
}

/**
 * Whole clauses of one field's text, with their words and the service-area hits in them. The word arrays are
 * the scanner's own, reused by every chunk (one is resolved before the next begins): only their first
 * `words` entries are this chunk's.
 */
export interface Chunk {
  field: Field;
  text: string;
  words: number;
  norms: string[];
  /** Where each word is in `text` (for quoting), and its clause. */
  charStart: number[];
  charEnd: number[];
  clause: number[];
  hits: ChunkHit[];
  qualifiers: ChunkHit[];
}

const WATCH_WEIGHT: Record<Field, number> = { title: 0.9, lots: 0.8, description: 0.5 };

/** The texts a notice is matched on, by field; lot descriptions count as description. */
export function fieldTexts(notice: Notice): [Field, string[]][] {
  return [
    ['title', [notice.title]],
    ['lots', notice.lots.map((l) => l.title ?? '').filter((t) => t.length > 0)],
    [
      'description',
      [notice.description ?? '', ...notice.lots.map((l) => l.description ?? '')].filter((t) => t.length > 0),
    ],
  ];
}

/**
 * A text in capitals ("INDEPENDENT ADVOCACY SERVICE") makes every short word look like an acronym ("SEND",
 * "PA", "DIAL"): there only acronyms of five letters or more count.
 */
function isShouting(text: string): boolean {
  let upper = 0;
  let lower = 0;
  for (let i = 0; i < text.length && i < 2_000; i++) {
    const c = text.charCodeAt(i);
    if (c >= 65 && c <= 90) upper++;
    else if (c >= 97 && c <= 122) lower++;
  }
  return upper >= 12 && lower < 0.15 * (upper + lower);
}

const SHOUTED_ACRONYM_MIN = 5;

// Written by index and never shrunk, so they grow to the longest chunk once (at most CHUNK_WORDS plus one
// clause) instead of being built again for every text: they were most of the matcher's garbage, ~8% of the
// ingest's allocation (V8's sampling heap profiler, 20,000 notices).
const NORMS: string[] = [];
const CHAR_STARTS: number[] = [];
const CHAR_ENDS: number[] = [];
const CLAUSES: number[] = [];

const newChunk = (field: Field, text: string): Chunk => ({
  field,
  text,
  words: 0,
  norms: NORMS,
  charStart: CHAR_STARTS,
  charEnd: CHAR_ENDS,
  clause: CLAUSES,
  hits: [],
  qualifiers: [],
});

function scanText(field: Field, text: string, m: CompiledMatcher, acc: NoticeAcc): void {
  let chunk = newChunk(field, text);
  // The trie walks in progress: node and start word of each (at most the longest phrase's length).
  let nodes: TrieNode[] = [];
  let starts: number[] = [];
  let count = 0;
  let nextNodes: TrieNode[] = [];
  let nextStarts: number[] = [];
  let clause = 0;
  let clauseWords = 0;
  const shouting = isShouting(text);
  const seenWatch = new Set<TrieNode>();
  const emit = (node: TrieNode, start: number, end: number) => {
    // An index loop for the same reason as the swap below (for…of's iterators: 25 MB over 20,000 notices).
    const area = node.area;
    for (let a = 0; a < area.length; a++) chunk.hits.push({ entry: area[a] as TrieEntry, start, end });
    const first = node.qualifiers[0];
    if (first) chunk.qualifiers.push({ entry: first, node, start, end });
    // A watchlist learns nothing from the same phrase twice in one field: O(1) per phrase, not per hit.
    if (node.watch.length === 0 || seenWatch.has(node)) return;
    seenWatch.add(node);
    for (const group of node.watch) {
      const quote = group.quotes[field];
      for (const rule of group.rules) addWatchHit(acc, rule, group.excluded, quote, WATCH_WEIGHT[field]);
    }
  };
  forEachWord(
    text,
    (norm, raw, charStart, charEnd, boundary) => {
      if (boundary || clauseWords >= MAX_CLAUSE_WORDS) {
        clause++;
        clauseWords = 0;
        count = 0;
        if (chunk.words >= CHUNK_WORDS || chunk.hits.length + chunk.qualifiers.length >= CHUNK_HITS) {
          resolveChunk(chunk, m, acc);
          chunk = newChunk(field, text);
        }
      }
      const i = chunk.words++;
      chunk.norms[i] = norm;
      chunk.charStart[i] = charStart;
      chunk.charEnd[i] = charEnd;
      chunk.clause[i] = clause;
      clauseWords++;
      let nextCount = 0;
      for (let k = 0; k < count; k++) {
        const node = nodes[k]?.next.get(norm);
        if (!node) continue;
        const start = starts[k] ?? i;
        nextNodes[nextCount] = node;
        nextStarts[nextCount++] = start;
        emit(node, start, i);
      }
      const first = m.root.next.get(norm);
      if (first) {
        nextNodes[nextCount] = first;
        nextStarts[nextCount++] = i;
        emit(first, i, i);
      }
      if (m.acronymStarts.has(raw.charCodeAt(0))) {
        const acronym =
          m.acronyms.get(raw) ?? (raw.endsWith('s') ? m.acronyms.get(raw.slice(0, -1)) : undefined);
        if (acronym && (!shouting || raw.length >= SHOUTED_ACRONYM_MIN)) emit(acronym, i, i);
      }
      // Swapped through temporaries: a destructuring swap goes through the array iterator, and its
      // iterators were 66 of the matcher's ~300 MB of garbage over 20,000 notices (V8's sampling heap
      // profiler).
      const doneNodes = nodes;
      nodes = nextNodes;
      nextNodes = doneNodes;
      const doneStarts = starts;
      starts = nextStarts;
      nextStarts = doneStarts;
      count = nextCount;
    },
    m.spellings,
  );
  if (chunk.hits.length > 0) resolveChunk(chunk, m, acc);
}

/** Walks every field of the notice once against every phrase of every rule. */
export function scanNotice(notice: Notice, m: CompiledMatcher, acc: NoticeAcc): void {
  for (const [field, texts] of fieldTexts(notice)) for (const text of texts) scanText(field, text, m, acc);
}
