package indexer

import (
	"fmt"
	"reflect"
	"testing"
	"time"

	"github.com/blevesearch/bleve/v2"

	"github.com/xxgk-archive/archive/records"
)

// TestBuildDocumentMatchesMapping: the maintainer builds bleve documents
// itself (pre-analysed, see document.go); they must index exactly as the
// mapping stored in the index declares, or an index rebuilt another way
// would answer differently.
func TestBuildDocumentMatchesMapping(t *testing.T) {
	docs := []*records.Document{
		{ID: "a", Title: "關於開展2019年度本科生獎學金評審工作的通知", Body: "各学院：GB18030编码，ＡＣＭ竞赛；奖学金评审、奖学金发放。",
			Category: "学生管理", Department: "教务处", Published: "2019-09-16", DocNumber: "清大教[2019]7号", IndexNumber: "ＱＹ-2019-001", Visibility: records.Public},
		{ID: "b", Title: "内部审计报告", Body: "", Visibility: records.Withheld},
	}
	since := time.Date(2025, 9, 26, 8, 0, 0, 0, time.UTC)
	retracted := *docs[0]
	retracted.Retraction = &records.Retraction{At: since, By: "李四", Reason: "误发"}
	units := []unit{
		{doc: docs[0], current: true, from: since},
		{doc: docs[1], current: true, from: since},
		{doc: &retracted, from: since.Add(-time.Hour), to: since},
	}
	viaMapping, _ := bleve.NewMemOnly(NewMapping())
	viaBuild, _ := bleve.NewMemOnly(NewMapping())
	for _, u := range units {
		if err := viaMapping.Index(u.id(), newIndexDoc(u)); err != nil {
			t.Fatal(err)
		}
		doc, err := buildDocument(u)
		if err != nil {
			t.Fatal(err)
		}
		b := viaBuild.NewBatch()
		b.IndexAdvanced(doc)
		if err := viaBuild.Batch(b); err != nil {
			t.Fatal(err)
		}
	}
	for _, field := range []string{FieldTitleWords, FieldTitleChars, FieldBodyWords, FieldBodyChars, FieldCategory,
		FieldDepartment, FieldCategoryN, FieldDepartmentN, FieldYear, FieldPublished, FieldVisibility, FieldDocNumber, FieldIndexNumber,
		FieldScope, FieldValidFrom, FieldValidTo} {
		got, want := terms(t, viaBuild, field), terms(t, viaMapping, field)
		if !reflect.DeepEqual(got, want) {
			t.Errorf("field %s:\n built %v\nmapped %v", field, got, want)
		}
	}
	for _, idx := range []bleve.Index{viaBuild, viaMapping} {
		req := bleve.NewSearchRequest(bleve.NewMatchAllQuery())
		req.Fields = []string{FieldVersion}
		res, err := idx.Search(req)
		if err != nil || res.Total != 3 {
			t.Fatalf("match all: %v, %v", res, err)
		}
		for _, h := range res.Hits {
			if h.Fields[FieldVersion] != "0" {
				t.Errorf("stored version of %q = %v, want \"0\"", h.ID, h.Fields[FieldVersion])
			}
		}
	}
}

func TestUnitIDs(t *testing.T) {
	for _, c := range []struct {
		id      string
		version int
	}{{"a", 3}, {"jwc/2019/通知.html", 12}, {"x@v3", 1}} {
		id, v := ParseUnitID(VersionUnitID(c.id, c.version))
		if id != c.id || v != c.version {
			t.Errorf("round trip of %q v%d = %q v%d", c.id, c.version, id, v)
		}
		if id, v := ParseUnitID(c.id); id != c.id || v != 0 {
			t.Errorf("ParseUnitID(%q) = %q, %d", c.id, id, v)
		}
	}
}

func terms(t *testing.T, idx bleve.Index, field string) []string {
	d, err := idx.FieldDict(field)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	var out []string
	for {
		e, err := d.Next()
		if err != nil {
			t.Fatal(err)
		}
		if e == nil {
			return out
		}
		if e.Term == "" {
			// The mapping path indexes an empty value as an empty term;
			// buildDocument leaves the field out, on purpose: an empty
			// category is no category, not a facet value.
			continue
		}
		out = append(out, fmt.Sprintf("%s×%d", e.Term, e.Count))
	}
}
