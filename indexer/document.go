package indexer

import (
	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/document"
	index "github.com/blevesearch/bleve_index_api"

	"github.com/xxgk-archive/archive/indexer/zh"
)

// preAnalyzed hands bleve tokens computed beforehand. The maintainer
// analyses the next batch in its own goroutines while bleve is still
// building the segment of the previous one (which it does on one core), so
// both cores stay busy; bleve's own analysis step then only counts terms.
//
// The tokens are handed over once and then forgotten, so they can be
// collected as soon as bleve has counted them rather than when the whole
// batch is done: token streams are the bulk of an indexing batch's memory.
type preAnalyzed struct{ ts analysis.TokenStream }

func (p *preAnalyzed) Analyze([]byte) analysis.TokenStream {
	ts := p.ts
	p.ts = nil
	return ts
}

// buildDocument makes the bleve document of a unit (a record's current
// state or one of its past versions), with exactly the fields and options
// NewMapping declares, its text fields already analysed by the same
// tokenizers the mapping names.
func buildDocument(u unit) (*document.Document, error) {
	d := u.doc
	v := newIndexDoc(u)
	doc := document.NewDocument(u.id())
	for _, f := range []struct {
		words, chars, value string
	}{
		{FieldTitleWords, FieldTitleChars, d.Title},
		{FieldBodyWords, FieldBodyChars, d.Body},
	} {
		if f.value == "" {
			continue
		}
		chars, words, err := zh.Tokenize(f.value)
		if err != nil {
			return nil, err
		}
		doc.AddField(document.NewTextFieldCustom(f.words, nil, nil, index.IndexField, &preAnalyzed{toStream(words)}))
		doc.AddField(document.NewTextFieldCustom(f.chars, nil, nil, index.IndexField, &preAnalyzed{toStream(chars)}))
	}
	for _, f := range []struct {
		name, value string
		docValues   bool
	}{
		{FieldCategory, v.Category, true},
		{FieldDepartment, v.Department, true},
		{FieldCategoryN, v.CategoryN, false},
		{FieldDepartmentN, v.DepartmentN, false},
		{FieldYear, v.Year, true},
		{FieldPublished, v.Published, true},
		{FieldVisibility, v.Visibility, false},
		{FieldDocNumber, v.DocNumber, false},
		{FieldIndexNumber, v.IndexNumber, false},
		{FieldChecklist, v.Checklist, true},
	} {
		if f.value == "" {
			continue
		}
		opts := index.IndexField
		if f.docValues {
			opts |= index.DocValues
		}
		// No analyzer: bleve indexes the whole value as one term, which is
		// what the keyword analyzer of the mapping does.
		doc.AddField(document.NewTextFieldCustom(f.name, nil, []byte(f.value), opts, nil))
	}
	for _, s := range v.Scope {
		doc.AddField(document.NewTextFieldCustom(FieldScope, nil, []byte(s), index.IndexField, nil))
	}
	doc.AddField(document.NewNumericFieldWithIndexingOptions(FieldValidFrom, nil, v.ValidFrom, index.IndexField))
	doc.AddField(document.NewNumericFieldWithIndexingOptions(FieldValidTo, nil, v.ValidTo, index.IndexField))
	doc.AddField(document.NewTextFieldCustom(FieldVersion, nil, []byte(v.Version), index.StoreField, nil))
	return doc, nil
}
