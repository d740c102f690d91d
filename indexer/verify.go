package indexer

import (
	"context"
	"fmt"
	"slices"
	"strconv"

	"github.com/blevesearch/bleve/v2"

	"github.com/xxgk-archive/archive/records"
)

// IndexStats counts what index verification looked at.
type IndexStats struct {
	Expected int // units the records call for
	Indexed  int // units in the index
	Problems int
}

// Verify checks that the index holds exactly what the records call for and
// calls report for every discrepancy: each record's current state once, at
// its current version, under the record's id; each past version once, under
// VersionUnitID; nothing else. It also checks that the index has applied
// the whole change feed. Call Sync first: a lagging index is reported.
func (x *Index) Verify(ctx context.Context, report func(records.Problem)) (IndexStats, error) {
	var st IndexStats
	rep := func(p records.Problem) {
		st.Problems++
		report(p)
	}
	last, err := x.store.LastSeq(ctx)
	if err != nil {
		return st, err
	}
	if seq := x.Seq(); seq != last {
		rep(records.Problem{Kind: records.ProblemIndex, Target: "index",
			Message: "索引尚未应用全部变更", Expected: fmt.Sprintf("变更序号 %d", last), Actual: fmt.Sprintf("变更序号 %d", seq)})
	}
	// What the records call for: unit id → version.
	want := map[string]int{}
	err = x.store.ScanHistories(ctx, func(id string, vs []records.Version) error {
		for i, v := range vs {
			switch {
			case v.Deleted():
			case i == len(vs)-1:
				want[id] = v.Doc.Version
			default:
				want[VersionUnitID(id, v.Doc.Version)] = v.Doc.Version
			}
		}
		return nil
	})
	if err != nil {
		return st, err
	}
	st.Expected = len(want)
	// What the index holds, read in id order a page at a time.
	var after []string
	for {
		req := bleve.NewSearchRequestOptions(bleve.NewMatchAllQuery(), 1000, 0, false)
		req.SortBy([]string{"_id"})
		req.Fields = []string{FieldVersion}
		req.Score = bleve.ScoreNone
		if after != nil {
			req.SearchAfter = after
		}
		res, err := x.bleve.SearchInContext(ctx, req)
		if err != nil {
			return st, fmt.Errorf("indexer: read index: %w", err)
		}
		for _, h := range res.Hits {
			st.Indexed++
			target := unitTarget(h.ID)
			got, _ := strconv.Atoi(fmt.Sprint(h.Fields[FieldVersion]))
			v, ok := want[h.ID]
			switch {
			case !ok:
				rep(records.Problem{Kind: records.ProblemIndex, Target: target,
					Message: "索引中有记录中不存在的条目（多余）", Actual: fmt.Sprintf("第 %d 版", got)})
			case v != got:
				rep(records.Problem{Kind: records.ProblemIndex, Target: target,
					Message: "索引中的版本与记录不符", Expected: fmt.Sprintf("第 %d 版", v), Actual: fmt.Sprintf("第 %d 版", got)})
			}
			delete(want, h.ID)
		}
		if len(res.Hits) < 1000 {
			break
		}
		after = []string{res.Hits[len(res.Hits)-1].ID}
	}
	missing := make([]string, 0, len(want))
	for uid := range want {
		missing = append(missing, uid)
	}
	slices.Sort(missing)
	for _, uid := range missing {
		rep(records.Problem{Kind: records.ProblemIndex, Target: unitTarget(uid),
			Message: "索引中缺少此条目", Expected: fmt.Sprintf("第 %d 版", want[uid])})
	}
	return st, nil
}

// unitTarget names a unit for a report: document:ID for a current state,
// document:ID#vN for a past version.
func unitTarget(uid string) string {
	id, v := ParseUnitID(uid)
	if v == 0 {
		return records.DocumentTarget(id)
	}
	return fmt.Sprintf("%s#v%d", records.DocumentTarget(id), v)
}
