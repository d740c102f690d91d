package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"time"

	"github.com/xxgk-archive/archive/indexer"
	"github.com/xxgk-archive/archive/records"
)

// reindex deletes the index and rebuilds it from the records: the index is
// a view, so nothing is lost.
func (m *Main) reindex(ctx context.Context, args []string) error {
	var c common
	fs := m.newFlagSet("reindex", "[--data DIR]")
	c.register(fs)
	if _, err := parse(fs, args); err != nil {
		return err
	}
	m.logger(c.logLevel)
	store, err := records.Open(ctx, c.data)
	if err != nil {
		return err
	}
	defer store.Close()
	start := time.Now()
	// Take the index first: a running server holds it, and its folder
	// must not be deleted under it.
	idx, err := indexer.OpenIndex(ctx, indexPath(c.data), store, indexer.Options{Logger: m.log})
	if errors.Is(err, indexer.ErrLocked) {
		return fmt.Errorf("索引正由运行中的服务使用；请先停止服务再重建")
	}
	if err == nil {
		idx.Close()
	}
	if err := os.RemoveAll(indexPath(c.data)); err != nil {
		return fmt.Errorf("删除旧索引：%w", err)
	}
	if err := m.updateIndex(ctx, store, c.data); err != nil {
		return err
	}
	fmt.Fprintf(m.Stdout, "重建完成，用时 %s\n", time.Since(start).Round(time.Millisecond))
	return nil
}
