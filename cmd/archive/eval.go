package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/xxgk-archive/archive/indexer"
	"github.com/xxgk-archive/archive/indexer/zh"
	"github.com/xxgk-archive/archive/records"
	"github.com/xxgk-archive/archive/search"
	"github.com/xxgk-archive/archive/search/eval"
)

// evalSets are the question sets shipped beside the repository.
var evalSets = map[string]string{
	"cmrc2018-dev":   "qa/cmrc2018/cmrc2018_dev.json",
	"cmrc2018-trial": "qa/cmrc2018/cmrc2018_trial.json",
	"drcd-dev":       "qa/drcd/DRCD_dev.json",
	"drcd-test":      "qa/drcd/DRCD_test.json",
}

// eval builds a fresh index of a question set's passages (plus optional
// distractors) and reports Success@1, Success@10 and MRR@10.
func (m *Main) eval(ctx context.Context, args []string) error {
	var set, corpora, distractors, keep string
	var simplify bool
	var sampleN, misses int
	fs := m.newFlagSet("eval", "[选项]")
	fs.StringVar(&set, "set", "cmrc2018-dev", "问答集：cmrc2018-dev|cmrc2018-trial|drcd-dev|drcd-test，或 SQuAD 格式 JSON 文件路径")
	fs.StringVar(&corpora, "corpora", "../shared/corpora", "语料目录")
	fs.StringVar(&distractors, "distractors", "", "作为干扰项一并索引的 JSONL 清单，例如 ../shared/corpora/laws/laws.jsonl.gz")
	fs.BoolVar(&simplify, "simplify", false, "检索前将问题转换为简体")
	fs.IntVar(&sampleN, "sample", 0, "只评测随机抽取的 N 个问题（0 = 全部）")
	fs.IntVar(&misses, "misses", 5, "列出的未命中问题数")
	fs.StringVar(&keep, "keep", "", "把评测用的数据目录保存在这里（默认用临时目录并删除）")
	logLevel := fs.String("log-level", "warn", "日志级别")
	if _, err := parse(fs, args); err != nil {
		return err
	}
	log := m.logger(*logLevel)
	path, ok := evalSets[set]
	if ok {
		path = filepath.Join(corpora, path)
	} else {
		path = set
	}
	qs, err := eval.LoadSQuAD(path, set)
	if err != nil {
		return fmt.Errorf("读取问答集：%w", err)
	}
	if sampleN > 0 {
		qs = qs.Sample(sampleN, 1)
	}
	dir := keep
	if dir == "" {
		if dir, err = os.MkdirTemp("", "archive-eval-*"); err != nil {
			return err
		}
		defer os.RemoveAll(dir)
	}
	store, err := records.Open(ctx, dir)
	if err != nil {
		return err
	}
	defer store.Close()
	start := time.Now()
	var batch []records.Incoming
	for _, p := range qs.Passages {
		batch = append(batch, records.Incoming{
			Doc:      records.Document{ID: p.ID, Title: p.Title, Body: p.Text, Category: "问答段落", Source: path},
			Original: []byte(p.Text),
		})
	}
	if _, err := store.Put(ctx, "system:eval", batch); err != nil {
		return err
	}
	if distractors != "" {
		sum, err := indexer.Ingest(ctx, store, []string{distractors}, indexer.IngestOptions{
			Fields: map[string]string{"body": "text", "published": "date"}, Logger: log})
		if err != nil {
			return err
		}
		fmt.Fprintf(m.Stdout, "干扰项：%d 篇（%.1f MB）\n", sum.Documents, float64(sum.TextBytes)/(1<<20))
	}
	idx, err := indexer.OpenIndex(ctx, filepath.Join(dir, "index"), store, indexer.Options{Logger: log})
	if err != nil {
		return err
	}
	defer idx.Close()
	if _, err := idx.Sync(ctx); err != nil {
		return err
	}
	n, _ := store.Count(ctx)
	fmt.Fprintf(m.Stdout, "索引 %d 篇，用时 %s\n", n, time.Since(start).Round(time.Millisecond))
	eng := search.New(idx, search.Options{Logger: log})
	searcher := func(ctx context.Context, q string, k int) ([]string, error) {
		res, err := eng.Search(ctx, search.Request{Query: q, Size: k, Audience: search.Staff})
		if err != nil {
			return nil, err
		}
		ids := make([]string, len(res.Hits))
		for i, h := range res.Hits {
			ids[i] = h.ID
		}
		return ids, nil
	}
	var transform func(string) string
	if simplify {
		transform = zh.Normalize
	}
	rep, err := eval.Run(ctx, qs, searcher, transform, 2)
	if err != nil {
		return err
	}
	fmt.Fprintln(m.Stdout, rep.String())
	for i, miss := range rep.Misses {
		if i >= misses {
			break
		}
		fmt.Fprintf(m.Stdout, "  未命中：%s  应为 %s  得到 %v\n", miss.Question, miss.Want, miss.Got)
	}
	return nil
}
