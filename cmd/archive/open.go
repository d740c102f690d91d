package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"

	"github.com/xxgk-archive/archive/indexer"
	"github.com/xxgk-archive/archive/records"
	"github.com/xxgk-archive/archive/search"
)

// archive is an opened data folder: the records and, when this process
// could take it, the index.
type archive struct {
	dir   string
	store *records.Store
	index *indexer.Index
}

func (a *archive) Close() {
	if a.index != nil {
		a.index.Close()
	}
	if a.store != nil {
		a.store.Close()
	}
}

// openArchive opens the records and the index and brings the index up to
// date with the change feed.
func openArchive(ctx context.Context, data string, log *slog.Logger) (*archive, error) {
	store, err := records.Open(ctx, data)
	if err != nil {
		return nil, err
	}
	a := &archive{dir: data, store: store}
	a.index, err = indexer.OpenIndex(ctx, indexPath(data), store, indexer.Options{Logger: log})
	if err != nil {
		store.Close()
		if errors.Is(err, indexer.ErrLocked) {
			return nil, fmt.Errorf("索引正被另一个进程（运行中的 archive serve）使用；请通过它的网页或 API 检索")
		}
		return nil, err
	}
	if _, err := a.index.Sync(ctx); err != nil {
		a.Close()
		return nil, err
	}
	return a, nil
}

func (a *archive) engine(log *slog.Logger) *search.Engine {
	return search.New(a.index, search.Options{Logger: log})
}
