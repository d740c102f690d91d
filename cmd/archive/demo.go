package main

import (
	"context"
	"fmt"
	"io/fs"

	"github.com/xxgk-archive/archive/indexer"
	"github.com/xxgk-archive/archive/indexer/sample"
	"github.com/xxgk-archive/archive/records"
	"github.com/xxgk-archive/archive/search"
)

// demoQueries are the searches the demo runs to show what the archive does.
var demoQueries = []search.Request{
	{Query: "奖学金 评审"},
	{Query: "信息公开 年度报告"},
	{Query: "国家奖学金的评审条件是什么"},
	{Query: "〔2018〕", Exact: true},
}

// demo ingests the bundled corpus of a fictional university into an empty
// data folder, brings the index up to date and shows a few searches.
func (m *Main) demo(ctx context.Context, args []string) error {
	var c common
	fs := m.newFlagSet("demo", "[--data DIR]")
	c.register(fs)
	if _, err := parse(fs, args); err != nil {
		return err
	}
	log := m.logger(c.logLevel)
	store, err := records.Open(ctx, c.data)
	if err != nil {
		return err
	}
	n, err := store.Count(ctx)
	if err != nil {
		store.Close()
		return err
	}
	if n == 0 {
		fmt.Fprintf(m.Stdout, "数据目录 %s 为空，导入内置示例语料（虚构的清源大学信息公开网）……\n", c.data)
		sub, err := sampleCorpus()
		if err != nil {
			store.Close()
			return err
		}
		sum, err := indexer.IngestFS(ctx, store, sub, "sample", indexer.IngestOptions{Logger: log})
		printSummary(m.Stdout, sum)
		if err != nil {
			store.Close()
			return err
		}
	} else {
		fmt.Fprintf(m.Stdout, "数据目录 %s 已有 %d 篇记录，直接使用。\n", c.data, n)
	}
	store.Close()

	a, err := openArchive(ctx, c.data, log)
	if err != nil {
		return err
	}
	defer a.Close()
	eng := a.engine(log)
	for _, q := range demoQueries {
		q.Size = 3
		res, err := eng.Search(ctx, q)
		if err != nil {
			return err
		}
		flag := ""
		if q.Exact {
			flag = " --exact"
		}
		fmt.Fprintf(m.Stdout, "\n$ archive search%s %s\n", flag, q.Query)
		printResult(m.Stdout, res, q, isTerminal(m.Stdout), false)
	}
	fmt.Fprintf(m.Stdout, "\n试试：go run ./cmd/archive search --data %s 招生章程 艺术类\n", c.data)
	return nil
}

func sampleCorpus() (fs.FS, error) {
	return fs.Sub(sample.Corpus, "corpus")
}
