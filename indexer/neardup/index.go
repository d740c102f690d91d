package neardup

import "sync"

// blocks is how many pieces a fingerprint is cut into for lookup. Two
// fingerprints at most MaxDistance bits apart agree on at least one of
// MaxDistance+1 pieces (pigeonhole), so looking up each piece finds every
// candidate.
const blocks = MaxDistance + 1

// Index holds the fingerprints of the documents seen so far and finds, for
// a new one, the closest near duplicate. It is safe for concurrent use.
type Index struct {
	mu      sync.Mutex
	entries map[string]entry                   // by document id
	bySHA   map[string]map[string]bool         // original's hash → ids
	tables  [blocks]map[uint16]map[string]bool // piece value → ids
}

type entry struct {
	sha string
	fp  Fingerprint
}

// Match is a near duplicate found in the index.
type Match struct {
	ID       string // the document already in the index
	Distance int    // bits between the two fingerprints
}

// NewIndex returns an empty index.
func NewIndex() *Index {
	x := &Index{entries: make(map[string]entry), bySHA: make(map[string]map[string]bool)}
	for i := range x.tables {
		x.tables[i] = make(map[uint16]map[string]bool)
	}
	return x
}

// piece returns the i-th 16-bit piece of fp.
func piece(fp Fingerprint, i int) uint16 { return uint16(fp >> (16 * i)) }

// Add records the fingerprint of document id, whose original has the hash
// sha, replacing what was recorded for id before (a new version).
func (x *Index) Add(id, sha string, fp Fingerprint) {
	x.mu.Lock()
	defer x.mu.Unlock()
	x.forget(id)
	x.entries[id] = entry{sha: sha, fp: fp}
	if sha != "" {
		if x.bySHA[sha] == nil {
			x.bySHA[sha] = make(map[string]bool)
		}
		x.bySHA[sha][id] = true
	}
	for i := range blocks {
		p := piece(fp, i)
		if x.tables[i][p] == nil {
			x.tables[i][p] = make(map[string]bool)
		}
		x.tables[i][p][id] = true
	}
}

// Remove forgets document id.
func (x *Index) Remove(id string) {
	x.mu.Lock()
	defer x.mu.Unlock()
	x.forget(id)
}

func (x *Index) forget(id string) {
	old, ok := x.entries[id]
	if !ok {
		return
	}
	for i := range blocks {
		delete(x.tables[i][piece(old.fp, i)], id)
	}
	if ids := x.bySHA[old.sha]; ids != nil {
		delete(ids, id)
		if len(ids) == 0 {
			delete(x.bySHA, old.sha)
		}
	}
	delete(x.entries, id)
}

// HasCopy reports whether a document other than id has an original with
// the hash sha: an exact copy, which is not a near duplicate.
func (x *Index) HasCopy(id, sha string) bool {
	x.mu.Lock()
	defer x.mu.Unlock()
	for other := range x.bySHA[sha] {
		if other != id {
			return true
		}
	}
	return false
}

// Len returns the number of documents in the index.
func (x *Index) Len() int {
	x.mu.Lock()
	defer x.mu.Unlock()
	return len(x.entries)
}

// Nearest returns the closest document within MaxDistance of fp that is
// neither document id itself (an earlier version) nor an exact copy (the
// same sha, which is one record with several sources, not a near
// duplicate). Ties go to the smallest id, so the answer is deterministic.
func (x *Index) Nearest(id, sha string, fp Fingerprint) (Match, bool) {
	x.mu.Lock()
	defer x.mu.Unlock()
	best := Match{Distance: MaxDistance + 1}
	for i := range blocks {
		for cand := range x.tables[i][piece(fp, i)] {
			e := x.entries[cand]
			if cand == id || (sha != "" && e.sha == sha) {
				continue
			}
			d := Distance(fp, e.fp)
			if d < best.Distance || (d == best.Distance && cand < best.ID) {
				best = Match{ID: cand, Distance: d}
			}
		}
	}
	return best, best.Distance <= MaxDistance
}
