package indexer

import (
	"fmt"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/registry"

	"github.com/xxgk-archive/archive/indexer/zh"
)

// Analyzer names registered with bleve. They are persisted inside every
// index's mapping, so they must never change meaning: a change to what they
// emit is a MappingVersion bump.
const (
	// AnalyzerChars is the recall layer: Han unigrams and bigrams, whole
	// Latin/number runs (zh.CharTokens).
	AnalyzerChars = "xxgk_chars"
	// AnalyzerWords is the ranking layer: gse search-mode words (zh.WordTokens).
	AnalyzerWords = "xxgk_words"
)

func init() {
	mustRegister(AnalyzerChars, charTokenizer{})
	mustRegister(AnalyzerWords, wordTokenizer{})
}

// mustRegister registers tok under name both as a tokenizer and as an
// analyzer made of that tokenizer alone: normalisation happens inside the
// tokenizer, which is what lets tokens point at the original text.
func mustRegister(name string, tok analysis.Tokenizer) {
	err := registry.RegisterTokenizer(name, func(map[string]any, *registry.Cache) (analysis.Tokenizer, error) {
		return tok, nil
	})
	if err != nil {
		panic(fmt.Sprintf("indexer: register tokenizer %s: %v", name, err))
	}
	err = registry.RegisterAnalyzer(name, func(map[string]any, *registry.Cache) (analysis.Analyzer, error) {
		return &analysis.DefaultAnalyzer{Tokenizer: tok}, nil
	})
	if err != nil {
		panic(fmt.Sprintf("indexer: register analyzer %s: %v", name, err))
	}
}

type charTokenizer struct{}

func (charTokenizer) Tokenize(b []byte) analysis.TokenStream {
	return toStream(zh.CharTokens(string(b)))
}

type wordTokenizer struct{}

// Tokenize segments with gse. The dictionary is loaded by OpenIndex before
// any document is analysed, so the error here can only be a broken build;
// the text is then indexed through the character layer alone.
func (wordTokenizer) Tokenize(b []byte) analysis.TokenStream {
	toks, err := zh.WordTokens(string(b))
	if err != nil {
		return nil
	}
	return toStream(toks)
}

func toStream(toks []zh.Token) analysis.TokenStream {
	backing := make([]analysis.Token, len(toks))
	ts := make(analysis.TokenStream, len(toks))
	for i, t := range toks {
		typ := analysis.Ideographic
		if len(t.Term) > 0 && t.Term[0] < 0x80 {
			typ = analysis.AlphaNumeric
		}
		backing[i] = analysis.Token{Term: t.Term, Start: t.Start, End: t.End, Position: t.Position, Type: typ}
		ts[i] = &backing[i]
	}
	return ts
}
