package indexer

import (
	"strconv"
	"strings"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/keyword"
	"github.com/blevesearch/bleve/v2/mapping"
	index "github.com/blevesearch/bleve_index_api"

	"github.com/xxgk-archive/archive/indexer/zh"
	"github.com/xxgk-archive/archive/records"
	"github.com/xxgk-archive/archive/records/checklist"
)

// MappingVersion names the mapping and analysis together. An index that
// stores another version is rebuilt from the records when it is opened.
// History:
//
//	1: first mapping (zh.Version 1).
//	2: every version of a record is indexed as a state interval (scope,
//	   valid_from, valid_to, stored ver) for point-in-time search and
//	   `archive verify` (issue 5).
//	3: the 清单事项 facet (FieldChecklist): a record's explicit filing, or
//	   else the item the rules of records/checklist file it under (issue 7).
//	   A change of those rules (records/checklist/rules.txt) bumps this too.
const MappingVersion = "3"

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
	// FieldChecklist is the code of the checklist item (清单事项, 01-06)
	// the record is filed under, for the facet and the filter.
	FieldChecklist = "checklist"
	// FieldScope says which searches a unit belongs to (ScopeCurrent,
	// ScopePublic, ScopeVisible); one term filter decides the public surface.
	FieldScope = "scope"
	// FieldValidFrom and FieldValidTo bound the interval during which the
	// unit's state was in force, in milliseconds since 1970 UTC (numeric,
	// for range queries); ValidTo is OpenEnd while it still is.
	FieldValidFrom = "valid_from"
	FieldValidTo   = "valid_to"
	// FieldVersion is the record version of the unit, stored (not
	// indexed) so verification can read it back.
	FieldVersion = "ver"
)

// Values of FieldScope. A unit is one state interval of one record: the
// current one (indexed under the record's id) or a past version (indexed
// under VersionUnitID). Every version is a state: a retraction or a
// visibility change makes a new version, so a unit's visibility is fixed.
const (
	ScopeCurrent = "current" // the record's state now
	ScopePublic  = "public"  // current, and the public may see it now
	ScopeVisible = "visible" // the public could see it while it was in force
)

// OpenEnd is the FieldValidTo of a state still in force (9999-12-31).
const OpenEnd = 253402300799000

// unitSep separates a record id from a version number in the index id of a
// past version; records.Document.Validate keeps control characters out of
// ids, so no record id can look like one.
const unitSep = "\x1f"

// VersionUnitID is the index id of a past version of a record. The current
// state is indexed under the record's own id, so ordinary search hits are
// record ids.
func VersionUnitID(id string, version int) string {
	return id + unitSep + strconv.Itoa(version)
}

// ParseUnitID splits an index id into the record id and, for a past
// version, its number (0 for a record's current state).
func ParseUnitID(uid string) (id string, version int) {
	i := strings.LastIndex(uid, unitSep)
	if i < 0 {
		return uid, 0
	}
	v, err := strconv.Atoi(uid[i+len(unitSep):])
	if err != nil {
		return uid, 0
	}
	return uid[:i], v
}

// unit is what the index holds for one state interval of a record.
type unit struct {
	doc      *records.Document // the state (for a past version, its snapshot)
	current  bool
	from, to time.Time // to is zero while in force
}

// id is the unit's index id.
func (u unit) id() string {
	if u.current {
		return u.doc.ID
	}
	return VersionUnitID(u.doc.ID, u.doc.Version)
}

func (u unit) scope() []string {
	var out []string
	if u.current {
		out = append(out, ScopeCurrent)
		if u.doc.IsPublic() {
			out = append(out, ScopePublic)
		}
	}
	if u.doc.IsPublic() {
		out = append(out, ScopeVisible)
	}
	return out
}

// Millis is the FieldValidFrom / FieldValidTo value of t (OpenEnd for the
// zero time).
func Millis(t time.Time) float64 {
	if t.IsZero() {
		return OpenEnd
	}
	return float64(t.UnixMilli())
}

// docType is the bleve document type of a record.
const docType = "doc"

// indexDoc is what the index receives for one record. Only what search,
// ranking and facets need is indexed; nothing is stored: hits are read back
// from the records by id.
type indexDoc struct {
	TitleWords  string   `json:"title_w"`
	TitleChars  string   `json:"title_c"`
	BodyWords   string   `json:"body_w"`
	BodyChars   string   `json:"body_c"`
	Category    string   `json:"category"`
	Department  string   `json:"department"`
	CategoryN   string   `json:"category_n"`
	DepartmentN string   `json:"department_n"`
	Year        string   `json:"year"`
	Published   string   `json:"published"`
	Visibility  string   `json:"visibility"`
	DocNumber   string   `json:"doc_number"`
	IndexNumber string   `json:"index_number"`
	Checklist   string   `json:"checklist"`
	Scope       []string `json:"scope"`
	ValidFrom   float64  `json:"valid_from"`
	ValidTo     float64  `json:"valid_to"`
	Version     string   `json:"ver"`
}

// Type tells bleve which document mapping applies.
func (indexDoc) Type() string { return docType }

func newIndexDoc(u unit) indexDoc {
	d := u.doc
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
		Scope: u.scope(), ValidFrom: Millis(u.from), ValidTo: Millis(u.to), Version: strconv.Itoa(d.Version),
		Checklist: checklistItem(d),
	}
}

// checklistItem is the checklist item a record is filed under: its
// explicit filing (records.Document.ChecklistItem, as the change feed reads
// it), none when staff said so, else what the shipped rules decide from its
// title and category. Past versions carry no filing: the rules file them.
func checklistItem(d *records.Document) string {
	switch d.ChecklistItem {
	case records.ChecklistNone:
		return ""
	case "":
		return checklist.Default().Classify(d.Title, d.Category)
	}
	return d.ChecklistItem
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
	dm.AddFieldMappingsAt(FieldChecklist, kw(true))
	dm.AddFieldMappingsAt(FieldScope, kw(false))
	num := bleve.NewNumericFieldMapping()
	num.Store = false
	num.IncludeInAll = false
	num.DocValues = false
	dm.AddFieldMappingsAt(FieldValidFrom, num)
	dm.AddFieldMappingsAt(FieldValidTo, num)
	ver := kw(false)
	ver.Index = false
	ver.Store = true
	dm.AddFieldMappingsAt(FieldVersion, ver)

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
