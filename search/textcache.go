package search

import (
	"container/list"
	"context"
	"sync"

	"github.com/xxgk-archive/archive/indexer"
	"github.com/xxgk-archive/archive/indexer/zh"
	"github.com/xxgk-archive/archive/records"
)

// normText is a record's title and text in normalised form.
type normText struct {
	id      string
	version int
	title   string
	body    string
}

// textCache keeps the normalised text of recently confirmed records, bounded
// in bytes and evicted least-recently-used. Confirming a string reads every
// candidate's text; without the cache each query would read and normalise
// megabytes from the records. Entries are checked against the record's
// current version before use, so an update is never confirmed on stale text.
type textCache struct {
	mu    sync.Mutex
	max   int
	bytes int
	ll    *list.List
	items map[string]*list.Element
}

func newTextCache(maxBytes int) *textCache {
	return &textCache{max: maxBytes, ll: list.New(), items: map[string]*list.Element{}}
}

func (c *textCache) get(id string, version int) (*normText, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	el, ok := c.items[id]
	if !ok {
		return nil, false
	}
	t := el.Value.(*normText)
	if t.version != version {
		return nil, false
	}
	c.ll.MoveToFront(el)
	return t, true
}

func (c *textCache) put(t *normText) {
	size := len(t.title) + len(t.body) + len(t.id) + 64
	if size > c.max/4 {
		return // one huge document must not flush everything else
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if el, ok := c.items[t.id]; ok {
		old := el.Value.(*normText)
		c.bytes -= len(old.title) + len(old.body) + len(old.id) + 64
		el.Value = t
		c.ll.MoveToFront(el)
	} else {
		c.items[t.id] = c.ll.PushFront(t)
	}
	c.bytes += size
	for c.bytes > c.max && c.ll.Len() > 0 {
		el := c.ll.Back()
		old := el.Value.(*normText)
		c.ll.Remove(el)
		delete(c.items, old.id)
		c.bytes -= len(old.title) + len(old.body) + len(old.id) + 64
	}
}

// normalized returns the normalised texts of the units among ids whose
// records exist, from the cache when it holds their current version. Past
// versions never change: their text is cached under their unit id.
func (e *Engine) normalized(ctx context.Context, ids []string) (map[string]*normText, error) {
	current := make([]string, 0, len(ids))
	var past []string
	for _, id := range ids {
		if _, v := indexer.ParseUnitID(id); v != 0 {
			past = append(past, id)
		} else {
			current = append(current, id)
		}
	}
	versions, err := e.store.Versions(ctx, current)
	if err != nil {
		return nil, err
	}
	for _, uid := range past {
		_, v := indexer.ParseUnitID(uid)
		versions[uid] = v
	}
	out := make(map[string]*normText, len(ids))
	var missing []string
	for _, id := range ids {
		v, ok := versions[id]
		if !ok {
			continue
		}
		if t, ok := e.texts.get(id, v); ok {
			out[id] = t
		} else {
			missing = append(missing, id)
		}
	}
	if len(missing) == 0 {
		return out, nil
	}
	docs, err := e.units(ctx, missing)
	if err != nil {
		return nil, err
	}
	for _, id := range missing {
		if d := docs[id]; d != nil {
			t := normalize(id, d)
			e.texts.put(t)
			out[id] = t
		}
	}
	return out, nil
}

// normalizedDocs returns the normalised texts of units already read (keyed
// by unit id), from the cache when it holds their version.
func (e *Engine) normalizedDocs(docs map[string]*records.Document, ids []string) map[string]*normText {
	out := make(map[string]*normText, len(ids))
	for _, id := range ids {
		d := docs[id]
		if d == nil {
			continue
		}
		t, ok := e.texts.get(id, d.Version)
		if !ok {
			t = normalize(id, d)
			e.texts.put(t)
		}
		out[id] = t
	}
	return out
}

func normalize(uid string, d *records.Document) *normText {
	return &normText{id: uid, version: d.Version, title: zh.Normalize(d.Title), body: zh.Normalize(d.Body)}
}
