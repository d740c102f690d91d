package indexer

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/document"
	bolt "go.etcd.io/bbolt"

	"github.com/xxgk-archive/archive/indexer/zh"
	"github.com/xxgk-archive/archive/records"
)

// Keys of the values the index keeps about itself (bleve internal storage).
var (
	keySeq     = []byte("xxgk.seq")
	keyVersion = []byte("xxgk.mapping_version")
)

// ErrLocked is returned by OpenIndex when another process (a running
// server) holds the index.
var ErrLocked = errors.New("index is in use by another process")

// Options configure an Index.
type Options struct {
	// BatchDocs and BatchBytes bound one bleve batch (defaults 1,000
	// changes and 2 MB of text).
	BatchDocs  int
	BatchBytes int
	// LockTimeout is how long to wait for another process to release the
	// index before giving up with ErrLocked (default 2 s).
	LockTimeout time.Duration
	Logger      *slog.Logger
	// Progress, when set, is called after each applied batch with the
	// changes applied so far in this Sync and the number it set out to do.
	Progress func(done, total int)
}

// SetDefaults fills unset options.
func (o *Options) SetDefaults() {
	if o.BatchDocs <= 0 {
		o.BatchDocs = 1000
	}
	if o.BatchBytes <= 0 {
		o.BatchBytes = 2 << 20
	}
	if o.LockTimeout <= 0 {
		o.LockTimeout = 2 * time.Second
	}
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
}

// Index is the bleve index kept in step with a record store's change feed.
type Index struct {
	bleve bleve.Index
	store *records.Store
	opt   Options
	log   *slog.Logger

	mu  sync.Mutex // serialises Sync
	seq int64      // last applied change, guarded by mu
}

// OpenIndex opens the index at path, creating it when absent and rebuilding
// it from the records when it was built with another MappingVersion. An
// empty path makes an in-memory index (tests). It does not catch up; call
// Sync.
func OpenIndex(ctx context.Context, path string, store *records.Store, opt Options) (*Index, error) {
	opt.SetDefaults()
	// The dictionary must be loaded before bleve analyses anything.
	if err := zh.WarmSegmenter(); err != nil {
		return nil, err
	}
	zh.Warm()
	x := &Index{store: store, opt: opt, log: opt.Logger}
	b, err := openOrCreate(path, opt)
	if err != nil {
		return nil, err
	}
	version, err := b.GetInternal(keyVersion)
	if err != nil {
		b.Close()
		return nil, fmt.Errorf("indexer: read index version: %w", err)
	}
	if string(version) != indexVersion() {
		if version != nil {
			x.log.Info("index built with another mapping version; rebuilding from records",
				"found", string(version), "want", indexVersion())
		}
		b.Close()
		if path != "" {
			if err := os.RemoveAll(path); err != nil {
				return nil, fmt.Errorf("indexer: remove outdated index: %w", err)
			}
		}
		if b, err = openOrCreate(path, opt); err != nil {
			return nil, err
		}
		batch := b.NewBatch()
		batch.SetInternal(keyVersion, []byte(indexVersion()))
		batch.SetInternal(keySeq, []byte("0"))
		if err := b.Batch(batch); err != nil {
			b.Close()
			return nil, fmt.Errorf("indexer: initialise index: %w", err)
		}
	}
	raw, err := b.GetInternal(keySeq)
	if err != nil {
		b.Close()
		return nil, fmt.Errorf("indexer: read applied sequence: %w", err)
	}
	x.seq, _ = strconv.ParseInt(string(raw), 10, 64)
	x.bleve = b
	return x, nil
}

// indexVersion names the mapping and the text rules together: a change to
// either makes existing indexes rebuild.
func indexVersion() string { return fmt.Sprintf("%s+zh%d", MappingVersion, zh.Version) }

// IndexVersion names the mapping and text rules the index is built with,
// e.g. "2+zh1": exports record it beside the results.
func IndexVersion() string { return indexVersion() }

func openOrCreate(path string, opt Options) (bleve.Index, error) {
	if path == "" {
		b, err := bleve.NewMemOnly(NewMapping())
		if err != nil {
			return nil, fmt.Errorf("indexer: create in-memory index: %w", err)
		}
		return b, nil
	}
	cfg := map[string]any{"bolt_timeout": opt.LockTimeout.String()}
	b, err := bleve.OpenUsing(path, cfg)
	if errors.Is(err, bleve.ErrorIndexPathDoesNotExist) {
		b, err = bleve.NewUsing(path, NewMapping(), bleve.Config.DefaultIndexType, bleve.Config.DefaultKVStore, cfg)
	}
	if err != nil {
		if isLockTimeout(err) {
			return nil, ErrLocked
		}
		return nil, fmt.Errorf("indexer: open index %s: %w", path, err)
	}
	return b, nil
}

// isLockTimeout recognises bolt's lock timeout, which bleve may return
// wrapped or flattened into text.
func isLockTimeout(err error) bool {
	return errors.Is(err, bolt.ErrTimeout) || strings.Contains(err.Error(), bolt.ErrTimeout.Error())
}

// Bleve returns the underlying index for the search package.
func (x *Index) Bleve() bleve.Index { return x.bleve }

// Store returns the record store the index follows.
func (x *Index) Store() *records.Store { return x.store }

// Seq returns the last change applied to the index.
func (x *Index) Seq() int64 {
	x.mu.Lock()
	defer x.mu.Unlock()
	return x.seq
}

// Close closes the index.
func (x *Index) Close() error { return x.bleve.Close() }

// Sync applies every change after the last applied one, in order, in
// batches; each batch records its last sequence number inside itself, so an
// interrupted Sync resumes exactly where it stopped. It returns the number of
// changes applied.
//
// Reading and analysing the next batch runs in its own goroutine while bleve
// applies the current one; batches are still applied strictly in order.
func (x *Index) Sync(ctx context.Context) (int, error) {
	x.mu.Lock()
	defer x.mu.Unlock()
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	type prepared struct {
		batch       *bleve.Batch
		first, last int64
		n           int
		err         error
	}
	target, err := x.store.LastSeq(ctx)
	if err != nil {
		return 0, err
	}
	startSeq := x.seq
	ready := make(chan prepared, 1)
	go func() {
		defer close(ready)
		after := x.seq
		for {
			changes, err := x.store.Changes(ctx, after, x.opt.BatchDocs, x.opt.BatchBytes)
			if err == nil && len(changes) == 0 {
				return
			}
			p := prepared{err: err}
			if err == nil {
				p.first, p.last, p.n = changes[0].Seq, changes[len(changes)-1].Seq, len(changes)
				p.batch, p.err = x.prepare(changes)
			}
			select {
			case ready <- p:
			case <-ctx.Done():
				return
			}
			if p.err != nil {
				return
			}
			after = p.last
		}
	}()
	applied := 0
	for p := range ready {
		if p.err != nil {
			return applied, p.err
		}
		p.batch.SetInternal(keySeq, []byte(strconv.FormatInt(p.last, 10)))
		if err := x.bleve.Batch(p.batch); err != nil {
			return applied, fmt.Errorf("indexer: apply changes %d–%d: %w", p.first, p.last, err)
		}
		x.seq = p.last
		applied += p.n
		x.log.Debug("applied changes", "through", p.last, "count", p.n)
		if x.opt.Progress != nil {
			x.opt.Progress(int(x.seq-startSeq), int(max(target, x.seq)-startSeq))
		}
	}
	return applied, ctx.Err()
}

// prepare analyses the units a batch of changes touches, in parallel, and
// returns the bleve batch that applies them. A change puts (or, for a
// deletion, removes) the record's current unit, and indexes the version it
// ended as a past unit with its interval.
func (x *Index) prepare(changes []records.Change) (*bleve.Batch, error) {
	type op struct {
		uid string
		u   *unit // nil: delete uid
		doc *document.Document
		err error
	}
	var ops []op
	for _, c := range changes {
		if c.Closed != nil {
			v := c.Closed
			ops = append(ops, op{uid: VersionUnitID(c.DocID, v.Doc.Version),
				u: &unit{doc: &v.Doc, from: v.ValidFrom, to: v.ValidTo}})
		}
		if c.Doc == nil {
			ops = append(ops, op{uid: c.DocID})
		} else {
			ops = append(ops, op{uid: c.DocID, u: &unit{doc: c.Doc, current: true, from: c.Doc.UpdatedAt}})
		}
	}
	var wg sync.WaitGroup
	next := make(chan int)
	for range runtime.NumCPU() {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				if ops[i].u != nil {
					ops[i].doc, ops[i].err = buildDocument(*ops[i].u)
				}
			}
		}()
	}
	for i := range ops {
		next <- i
	}
	close(next)
	wg.Wait()
	batch := x.bleve.NewBatch()
	for _, o := range ops {
		if o.err != nil {
			return nil, fmt.Errorf("indexer: analyse %s: %w", o.uid, o.err)
		}
		if o.doc == nil {
			batch.Delete(o.uid)
			continue
		}
		if err := batch.IndexAdvanced(o.doc); err != nil {
			return nil, fmt.Errorf("indexer: prepare %s: %w", o.uid, err)
		}
	}
	return batch, nil
}

// Follow keeps the index in step with the feed until ctx ends, checking
// every interval. Errors are logged and retried; they do not stop following.
func (x *Index) Follow(ctx context.Context, interval time.Duration) {
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		if n, err := x.Sync(ctx); err != nil && ctx.Err() == nil {
			x.log.Error("index catch-up failed", "err", err)
		} else if n > 0 {
			x.log.Info("index caught up", "changes", n, "seq", x.Seq())
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}
