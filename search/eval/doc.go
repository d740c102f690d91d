// Package eval measures how well a search function finds the right passage
// for a natural-language question, using public question→passage sets
// (CMRC 2018 in simplified Chinese, DRCD in traditional Chinese).
//
// Each paragraph of a set becomes one document of an evaluation index, and
// each question names exactly one paragraph as its answer. [Run] asks every
// question through a [Searcher] and scores the ranked list it returns:
//
//   - Success@1 is the share of questions whose passage is ranked first.
//     It answers "how often is the top hit the right one?".
//   - Success@10 is the share of questions whose passage appears anywhere
//     in the first ten results. It answers "how often is the right one on
//     the first page?".
//   - MRR@10 (mean reciprocal rank, cut at 10) averages 1/rank over all
//     questions, counting 0 when the passage is not in the first ten. It
//     sits between the two: a passage at rank 2 earns 0.5, at rank 10 earns
//     0.1, so it rewards pushing the right passage up, not just onto the page.
//
// Questions whose search failed count in the denominator with a score of 0
// and are tallied separately in [Report].Errors.
//
// Why this is a fair proxy for "the right disclosure first": an archive user
// types a short question or a few words and expects the one disclosure that
// answers it at the top of the list. The sets here have the same shape —
// a short human-written question, one correct passage, and hundreds of
// plausible distractors from unrelated articles and from other paragraphs of
// the same article. The questions were written by people reading the passage,
// not generated from its title, so they share vocabulary with the passage only
// partially, much like a user who remembers the gist of a notice but not its
// wording. Success and MRR over such a set therefore track what matters in
// the product — the share of searches where the right document is the first
// (or an early) hit — while being reproducible, independent of the archive's
// own contents, and cheap enough to run on every change. DRCD additionally
// exercises the traditional/simplified gap when questions are converted with
// a transform before searching while the passages stay traditional.
//
// Identical paragraphs are merged when loading ([LoadSQuAD]) so that a
// search engine is not marked wrong for returning a word-for-word twin of
// the expected passage.
package eval
