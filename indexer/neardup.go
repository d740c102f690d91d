package indexer

import (
	"context"
	"fmt"

	"github.com/xxgk-archive/archive/indexer/neardup"
	"github.com/xxgk-archive/archive/records"
)

// NearDuplicate is a document found, at ingest, to be a near duplicate of
// one already in the archive (or earlier in the run): a repost with a
// changed header, title or signature. It is flagged, not merged: both
// records stay, linked (records.LinkNearDuplicate, from ID to Of).
type NearDuplicate struct {
	ID, Source string // the document ingested
	Of         string // id of the document it nearly duplicates
	Distance   int    // bits between the fingerprints (0–neardup.MaxDistance)
}

// LoadNearDup fingerprints every record of the store, for IngestOptions.NearDup.
//
// It reads every body: a few seconds per 100,000 records. Once the store
// keeps each record's fingerprint (neardup.Of of its body) this becomes a
// read of one column.
func LoadNearDup(ctx context.Context, store *records.Store) (*neardup.Index, error) {
	x := neardup.NewIndex()
	err := store.Scan(ctx, func(d *records.Document) error {
		if fp, ok := neardup.Of(d.Body); ok {
			x.Add(d.ID, d.SHA256, fp)
		}
		return ctx.Err()
	})
	if err != nil {
		return nil, fmt.Errorf("载入近似重复指纹：%w", err)
	}
	return x, nil
}

// fingerprint computes a document's fingerprint when near duplicates are
// looked for (in the extraction workers, so it runs in parallel).
func fingerprint(d *records.Document, opt IngestOptions) nearFP {
	if opt.NearDup == nil {
		return nearFP{}
	}
	fp, ok := neardup.Of(d.Body)
	return nearFP{fp: fp, ok: ok}
}

// nearFP is a result's fingerprint, if it has one.
type nearFP struct {
	fp neardup.Fingerprint
	ok bool
}

// noteNearDup checks a document about to be stored against the index,
// records it as a near duplicate when it is one, and adds it to the index
// so later documents of the run are checked against it too.
func (s *Summary) noteNearDup(x *neardup.Index, r result) {
	if x == nil || !r.fp.ok {
		return
	}
	d := &r.in.Doc
	sha := records.HashBytes(r.in.Original)
	if x.HasCopy(d.ID, sha) {
		// The same bytes as another record: the store merges it into
		// that record as another source, so it has no record of its own
		// to flag or to remember.
		return
	}
	if m, ok := x.Nearest(d.ID, sha, r.fp.fp); ok {
		s.NearDuplicates = append(s.NearDuplicates, NearDuplicate{ID: d.ID, Source: d.Source, Of: m.ID, Distance: m.Distance})
	}
	x.Add(d.ID, sha, r.fp.fp)
}

// linkNearDuplicates records each near duplicate found as a link between
// the two records (kind near_duplicate, from the newcomer to the record it
// resembles).
func linkNearDuplicates(ctx context.Context, store *records.Store, actor string, nds []NearDuplicate) error {
	if len(nds) == 0 {
		return nil
	}
	links := make([]records.Link, len(nds))
	for i, n := range nds {
		links[i] = records.Link{From: n.ID, To: n.Of, Kind: records.LinkNearDuplicate}
	}
	if _, err := store.AddLinks(ctx, actor, links); err != nil {
		return fmt.Errorf("记录近似重复关联：%w", err)
	}
	return nil
}
