package eval

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"hash/fnv"
	"os"
	"slices"
	"strings"
)

// Passage is one paragraph that becomes one document of the evaluation index.
type Passage struct{ ID, Title, Text string }

// Question asks for one passage.
type Question struct{ ID, Text, PassageID string }

// Set is a loaded question set.
type Set struct {
	Name      string
	Passages  []Passage
	Questions []Question
}

// squadFile mirrors the parts of the SQuAD layout that the loader needs.
// Answers are ignored: only the question→paragraph link matters here.
type squadFile struct {
	Data []struct {
		Title      string `json:"title"`
		Paragraphs []struct {
			Context string `json:"context"`
			QAs     []struct {
				ID       json.RawMessage `json:"id"`
				Question string          `json:"question"`
			} `json:"qas"`
		} `json:"paragraphs"`
	} `json:"data"`
}

// LoadSQuAD reads a SQuAD-format file (CMRC 2018 and DRCD share it).
//
// Passage ids are stable: "<name>-<article index>-<paragraph index>", both
// indexes counted from 0 in file order. Paragraphs whose context is identical
// (after trimming surrounding white space) are merged into the first one;
// the questions of later twins point at that first passage, so the metric is
// not penalised for returning a twin. Questions whose text is blank are
// skipped, since no search can answer them. A question without an id gets
// "<passage id>-q<question index>". Paragraphs with blank contexts are
// skipped together with their questions.
func LoadSQuAD(path, name string) (*Set, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("eval: load %s: %w", name, err)
	}
	defer f.Close()

	var raw squadFile
	if err := json.NewDecoder(bufio.NewReader(f)).Decode(&raw); err != nil {
		return nil, fmt.Errorf("eval: load %s: decode %s: %w", name, path, err)
	}

	set := &Set{Name: name}
	byText := make(map[string]string) // trimmed context → passage id
	for ai, article := range raw.Data {
		for pi, para := range article.Paragraphs {
			text := strings.TrimSpace(para.Context)
			if text == "" {
				continue
			}
			ownID := fmt.Sprintf("%s-%d-%d", name, ai, pi)
			target, twin := byText[text]
			if !twin {
				target = ownID
				byText[text] = ownID
				set.Passages = append(set.Passages, Passage{
					ID:    ownID,
					Title: strings.TrimSpace(article.Title),
					Text:  text,
				})
			}
			for qi, qa := range para.QAs {
				q := strings.TrimSpace(qa.Question)
				if q == "" {
					continue
				}
				id := rawID(qa.ID)
				if id == "" {
					id = fmt.Sprintf("%s-q%d", ownID, qi)
				}
				set.Questions = append(set.Questions, Question{ID: id, Text: q, PassageID: target})
			}
		}
	}
	if len(set.Passages) == 0 {
		return nil, fmt.Errorf("eval: load %s: %s holds no paragraphs", name, path)
	}
	return set, nil
}

// rawID turns a JSON id that may be a string or a number into text.
func rawID(m json.RawMessage) string {
	m = bytes.TrimSpace(m)
	if len(m) == 0 || bytes.Equal(m, []byte("null")) {
		return ""
	}
	var s string
	if err := json.Unmarshal(m, &s); err == nil {
		return strings.TrimSpace(s)
	}
	return string(m)
}

// Sample returns a deterministic subset (seeded) of n questions, for quick
// runs. Every passage is kept, so the sampled questions still have to find
// their passage among all the distractors of the full set. The chosen
// questions keep their original order.
//
// The choice depends only on the seed and each question's id and position,
// not on the random-number generator of the Go release, so a given seed
// picks the same questions everywhere; with the same seed, a smaller sample
// is a subset of a larger one. If n is at least the number of questions the
// whole set is returned (as a copy). The sample's Name is the set's name
// with "-sample<n>" appended.
func (s *Set) Sample(n int, seed int64) *Set {
	if s == nil {
		return nil
	}
	out := &Set{
		Name:     s.Name,
		Passages: slices.Clone(s.Passages),
	}
	if n >= len(s.Questions) {
		out.Questions = slices.Clone(s.Questions)
		return out
	}
	n = max(n, 0)
	out.Name = fmt.Sprintf("%s-sample%d", s.Name, n)

	type keyed struct {
		key uint64
		idx int
	}
	keys := make([]keyed, len(s.Questions))
	for i, q := range s.Questions {
		keys[i] = keyed{sampleKey(seed, q.ID, i), i}
	}
	slices.SortFunc(keys, func(a, b keyed) int {
		if a.key != b.key {
			if a.key < b.key {
				return -1
			}
			return 1
		}
		return a.idx - b.idx
	})
	picked := make([]int, n)
	for i := range picked {
		picked[i] = keys[i].idx
	}
	slices.Sort(picked)
	out.Questions = make([]Question, n)
	for i, idx := range picked {
		out.Questions[i] = s.Questions[idx]
	}
	return out
}

// sampleKey hashes (seed, id, position) with FNV-1a and a final mixing
// step, giving a pseudo-random sort key that is fixed for all time.
func sampleKey(seed int64, id string, pos int) uint64 {
	h := fnv.New64a()
	var b [8]byte
	binary.LittleEndian.PutUint64(b[:], uint64(seed))
	h.Write(b[:])
	h.Write([]byte(id))
	binary.LittleEndian.PutUint64(b[:], uint64(pos))
	h.Write(b[:])
	x := h.Sum64()
	// splitmix64 finaliser: spreads FNV's weak low bits.
	x ^= x >> 30
	x *= 0xbf58476d1ce4e5b9
	x ^= x >> 27
	x *= 0x94d049bb133111eb
	x ^= x >> 31
	return x
}
