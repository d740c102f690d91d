package indexer

import (
	"strconv"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/keyword"
	"github.com/blevesearch/bleve/v2/mapping"
	index "github.com/blevesearch/bleve_index_api"

	"github.com/xxgk-archive/archive/indexer/zh"
	"github.com/xxgk-archive/archive/records"
)

// MappingVersion names the mapping and analysis together. An index that
// stores another version is rebuilt from the records when it is opened.
// History:
//
//	1: first mapping (zh.Version 1).
const MappingVersion = "1"

// Field names of the index. The search package builds its queries with these
// constants, so index and query cannot drift apart.
const (
	FieldTitleWords  = "title_w"
	FieldTitleChars  = "title_c"
	FieldBodyWords   = "body_w"
	FieldBodyChars   = "body_c"
	FieldCategory    = "category"     // as given, for facets and filter clicks
	FieldDepartment  = "department"   // as given, for facets and filter clicks
	FieldCategoryN   = "category_n"   // normalised, for typed filters (类别:)
	FieldDepartmentN = "department_n" // normalised, for typed filters (部门:)
	FieldYear        = "year"         // "2019", for the year facet
	FieldPublished   = "published"    // YYYY-MM-DD: sorts and ranges as text
	FieldVisibility  = "visibility"
	FieldDocNumber   = "doc_number" // zh.NormalizeDocNumber form
	FieldIndexNumber = "index_number"
)

// docType is the bleve document type of a record.
const docType = "doc"

// indexDoc is what the index receives for one record. Only what search,
// ranking and facets need is indexed; nothing is stored: hits are read back
// from the records by id.
type indexDoc struct {
	TitleWords  string `json:"title_w"`
	TitleChars  string `json:"title_c"`
	BodyWords   string `json:"body_w"`
	BodyChars   string `json:"body_c"`
	Category    string `json:"category"`
	Department  string `json:"department"`
	CategoryN   string `json:"category_n"`
	DepartmentN string `json:"department_n"`
	Year        string `json:"year"`
	Published   string `json:"published"`
	Visibility  string `json:"visibility"`
	DocNumber   string `json:"doc_number"`
	IndexNumber string `json:"index_number"`
}

// Type tells bleve which document mapping applies.
func (indexDoc) Type() string { return docType }

func newIndexDoc(d *records.Document) indexDoc {
	year := ""
	if y := d.Year(); y > 0 {
		year = strconv.Itoa(y)
	}
	return indexDoc{
		TitleWords: d.Title, TitleChars: d.Title,
		BodyWords: d.Body, BodyChars: d.Body,
		Category: d.Category, Department: d.Department,
		CategoryN: zh.Normalize(d.Category), DepartmentN: zh.Normalize(d.Department),
		Year: year, Published: d.Published, Visibility: string(d.Visibility),
		DocNumber: zh.NormalizeDocNumber(d.DocNumber), IndexNumber: zh.Normalize(d.IndexNumber),
	}
}

// NewMapping returns the index mapping: explicit fields only, BM25 scoring.
// No field keeps term vectors: phrases and proximity are checked against the
// record text by the search package, which keeps the index several times
// smaller than positional postings for unigrams and bigrams would.
func NewMapping() *mapping.IndexMappingImpl {
	text := func(analyzer string) *mapping.FieldMapping {
		f := bleve.NewTextFieldMapping()
		f.Analyzer = analyzer
		f.Store = false
		f.IncludeTermVectors = false
		f.IncludeInAll = false
		f.DocValues = false
		return f
	}
	kw := func(docValues bool) *mapping.FieldMapping {
		f := bleve.NewKeywordFieldMapping()
		f.Analyzer = keyword.Name
		f.Store = false
		f.IncludeTermVectors = false
		f.IncludeInAll = false
		f.DocValues = docValues
		return f
	}
	dm := bleve.NewDocumentStaticMapping()
	dm.AddFieldMappingsAt(FieldTitleWords, text(AnalyzerWords))
	dm.AddFieldMappingsAt(FieldTitleChars, text(AnalyzerChars))
	dm.AddFieldMappingsAt(FieldBodyWords, text(AnalyzerWords))
	dm.AddFieldMappingsAt(FieldBodyChars, text(AnalyzerChars))
	dm.AddFieldMappingsAt(FieldCategory, kw(true))
	dm.AddFieldMappingsAt(FieldDepartment, kw(true))
	dm.AddFieldMappingsAt(FieldCategoryN, kw(false))
	dm.AddFieldMappingsAt(FieldDepartmentN, kw(false))
	dm.AddFieldMappingsAt(FieldYear, kw(true))
	dm.AddFieldMappingsAt(FieldPublished, kw(true))
	dm.AddFieldMappingsAt(FieldVisibility, kw(false))
	dm.AddFieldMappingsAt(FieldDocNumber, kw(false))
	dm.AddFieldMappingsAt(FieldIndexNumber, kw(false))

	im := bleve.NewIndexMapping()
	im.ScoringModel = index.BM25Scoring
	im.DefaultMapping = bleve.NewDocumentDisabledMapping()
	im.AddDocumentMapping(docType, dm)
	im.DefaultAnalyzer = keyword.Name
	im.StoreDynamic = false
	im.IndexDynamic = false
	im.DocValuesDynamic = false
	return im
}
