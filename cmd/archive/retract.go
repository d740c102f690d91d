package main

import (
	"context"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/xxgk-archive/archive/records"
	"github.com/xxgk-archive/archive/records/textdiff"
	"github.com/xxgk-archive/archive/search"
)

// retract runs retract and restore.
func (m *Main) retract(ctx context.Context, cmd string, args []string) error {
	var c common
	var actor, reason string
	fs := m.newFlagSet(cmd, "--reason 理由 [--actor 操作者] 文档编号")
	c.register(fs)
	flagActor(fs, &actor)
	fs.StringVar(&reason, "reason", "", "理由（必填），记入审计记录")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		fmt.Fprintf(m.Stderr, "archive %s: 请给出一个文档编号\n", cmd)
		return errUsage
	}
	m.logger(c.logLevel)
	store, err := records.Open(ctx, c.data)
	if err != nil {
		return err
	}
	defer store.Close()
	var d *records.Document
	if cmd == "retract" {
		d, err = store.Retract(ctx, actor, pos[0], reason)
	} else {
		d, err = store.Restore(ctx, actor, pos[0], reason)
	}
	if err != nil {
		return userError(err)
	}
	verb := map[string]string{"retract": "已撤回", "restore": "已恢复"}[cmd]
	fmt.Fprintf(m.Stdout, "%s %s（第 %d 版），操作者 %s，理由：%s\n", verb, d.ID, d.Version, actor, strings.TrimSpace(reason))
	return m.updateIndex(ctx, store, c.data)
}

func (m *Main) visibility(ctx context.Context, args []string) error {
	var c common
	var actor, reason string
	fs := m.newFlagSet("visibility", "--reason 理由 [--actor 操作者] 文档编号 public|on_request|withheld")
	c.register(fs)
	flagActor(fs, &actor)
	fs.StringVar(&reason, "reason", "", "理由（必填），记入审计记录")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 2 {
		fmt.Fprintln(m.Stderr, "archive visibility: 请给出文档编号和新的公开属性（public、on_request 或 withheld）")
		return errUsage
	}
	vis, err := records.ParseVisibility(pos[1])
	if err != nil {
		return userError(err)
	}
	m.logger(c.logLevel)
	store, err := records.Open(ctx, c.data)
	if err != nil {
		return err
	}
	defer store.Close()
	before, err := store.Get(ctx, pos[0])
	if err != nil {
		return userError(err)
	}
	d, err := store.SetVisibility(ctx, actor, pos[0], vis, reason)
	if err != nil {
		return userError(err)
	}
	if d.Version == before.Version {
		fmt.Fprintf(m.Stdout, "%s 的公开属性已是%s，未作变更\n", d.ID, d.Visibility.Label())
		return nil
	}
	fmt.Fprintf(m.Stdout, "%s 的公开属性：%s → %s（第 %d 版），操作者 %s\n", d.ID, before.Visibility.Label(),
		d.Visibility.Label(), d.Version, actor)
	return m.updateIndex(ctx, store, c.data)
}

func (m *Main) history(ctx context.Context, args []string) error {
	var c common
	var diff string
	fs := m.newFlagSet("history", "[--diff A,B] 文档编号")
	c.register(fs)
	fs.StringVar(&diff, "diff", "", "比较两个版本的正文，如 --diff 1,3")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		fmt.Fprintln(m.Stderr, "archive history: 请给出一个文档编号")
		return errUsage
	}
	m.logger(c.logLevel)
	store, err := records.Open(ctx, c.data)
	if err != nil {
		return err
	}
	defer store.Close()
	if diff != "" {
		return m.diff(ctx, store, pos[0], diff)
	}
	vs, err := store.History(ctx, pos[0])
	if err != nil {
		return userError(err)
	}
	for _, v := range vs {
		line := fmt.Sprintf("第 %d 版  %s  %s  %s", v.Doc.Version, v.ValidFrom.In(cst).Format("2006-01-02 15:04:05"),
			v.ActionLabel(), v.Actor)
		if !v.Deleted() {
			state := v.Doc.Visibility.Label()
			if v.Doc.Retraction != nil {
				state = "已撤回"
			}
			line += fmt.Sprintf("  %s  %s  sha256=%s  来源 %s", state, v.Doc.Title, v.Doc.SHA256, v.Doc.Source)
		}
		if v.Reason != "" {
			line += "  理由：" + v.Reason
		}
		fmt.Fprintln(m.Stdout, line)
	}
	return nil
}

// cst is Beijing time, in which times are shown.
var cst = search.Zone

func (m *Main) diff(ctx context.Context, store *records.Store, id, spec string) error {
	a, b, ok := strings.Cut(spec, ",")
	na, errA := strconv.Atoi(strings.TrimSpace(a))
	nb, errB := strconv.Atoi(strings.TrimSpace(b))
	if !ok || errA != nil || errB != nil {
		return fmt.Errorf("--diff 应为两个版本号，如 1,3")
	}
	va, err := store.Version(ctx, id, na)
	if err != nil {
		return userError(err)
	}
	vb, err := store.Version(ctx, id, nb)
	if err != nil {
		return userError(err)
	}
	if t := textdiff.Runes(va.Doc.Title, vb.Doc.Title); len(t) > 1 || (len(t) == 1 && t[0].Op != textdiff.Equal) {
		fmt.Fprintf(m.Stdout, "标题：%s\n", spans(t))
	}
	d := textdiff.Compare(va.Doc.Body, vb.Doc.Body, textdiff.Options{})
	fmt.Fprintf(m.Stdout, "--- 第 %d 版\n+++ 第 %d 版\n删除 %d 字，增加 %d 字\n", na, nb, d.Removed, d.Added)
	printDiff(m.Stdout, d)
	return nil
}

func printDiff(w io.Writer, d *textdiff.Diff) {
	for _, h := range d.Hunks(2) {
		fmt.Fprintf(w, "@@ -%d,%d +%d,%d @@\n", h.OldStart, h.OldLines, h.NewStart, h.NewLines)
		for _, l := range d.Lines[h.First : h.First+h.Count] {
			mark, text := " ", l.Text
			switch l.Op {
			case textdiff.Delete:
				mark = "-"
			case textdiff.Insert:
				mark = "+"
			}
			if l.Spans != nil {
				text = spans(l.Spans)
			}
			fmt.Fprintf(w, "%s %s\n", mark, text)
		}
	}
}

// spans renders a character diff for a terminal: 〖删去〗 and 【加入】.
func spans(ss []textdiff.Span) string {
	var b strings.Builder
	for _, s := range ss {
		switch s.Op {
		case textdiff.Delete:
			b.WriteString("〖" + s.Text + "〗")
		case textdiff.Insert:
			b.WriteString("【" + s.Text + "】")
		default:
			b.WriteString(s.Text)
		}
	}
	return b.String()
}
