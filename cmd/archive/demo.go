package main

import (
	"context"
	"fmt"
	"io/fs"
	"net/url"

	"github.com/xxgk-archive/archive/indexer"
	"github.com/xxgk-archive/archive/indexer/sample"
	"github.com/xxgk-archive/archive/records"
)

// demoQueries are the searches the demo suggests trying in the browser.
var demoQueries = []string{"奖学金 评审", "信息公开 年度报告", "国家奖学金的评审条件是什么"}

// demo ingests the bundled corpus of a fictional university into an empty
// data folder, brings the index up to date and serves it.
func (m *Main) demo(ctx context.Context, args []string) error {
	var c common
	fs := m.newFlagSet("demo", "[--addr 127.0.0.1:8080] [--data DIR]")
	c.register(fs)
	addr := fs.String("addr", "127.0.0.1:8080", "监听地址")
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
	listening := m.listening
	m.listening = func(base string) {
		fmt.Fprintln(m.Stdout, "在浏览器中打开上面的地址，或试试：")
		for _, q := range demoQueries {
			fmt.Fprintf(m.Stdout, "  %s?q=%s\n", base, url.QueryEscape(q))
		}
		fmt.Fprintf(m.Stdout, "工作人员登录（依申请公开办理、查看非公开记录）需先建账号：\n  go run ./cmd/archive user add admin --role admin --data %s\n", c.data)
		if listening != nil {
			listening(base)
		}
	}
	return m.serveArchive(ctx, a, *addr, log)
}

func sampleCorpus() (fs.FS, error) {
	return fs.Sub(sample.Corpus, "corpus")
}
