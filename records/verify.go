package records

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"slices"
	"strings"
)

// Kinds of Problem found by verification.
const (
	ProblemOriginal = "original" // an original file is missing or its bytes changed
	ProblemAudit    = "audit"    // the audit chain is broken: a row edited, deleted or reordered
	ProblemRecord   = "record"   // a record's state differs from what its audit entries say
	ProblemVersion  = "version"  // a version row differs from its audit entry
	ProblemFeed     = "feed"     // a change-feed row points at a missing audit entry
	ProblemIndex    = "index"    // the index disagrees with the records
)

// Problem is one discrepancy found by verification, precise enough to act
// on: which record or audit entry, what was expected and what was found.
type Problem struct {
	Kind     string
	Target   string // document:ID, audit:SEQ, original:SHA256, index:UNIT
	Seq      int64  // the audit entry concerned, when there is one
	Expected string
	Actual   string
	Message  string // in Chinese, for the person running verify
}

func (p Problem) String() string {
	var b strings.Builder
	label := map[string]string{ProblemOriginal: "原始文件", ProblemAudit: "审计链", ProblemRecord: "记录",
		ProblemVersion: "版本", ProblemFeed: "变更流", ProblemIndex: "索引"}[p.Kind]
	fmt.Fprintf(&b, "[%s] %s：%s", label, p.Target, p.Message)
	if p.Expected != "" || p.Actual != "" {
		fmt.Fprintf(&b, "（应为 %s，实际 %s）", orNone(p.Expected), orNone(p.Actual))
	}
	return b.String()
}

func orNone(s string) string {
	if s == "" {
		return "无"
	}
	return s
}

// VerifyStats counts what verification looked at.
type VerifyStats struct {
	Originals    int
	AuditEntries int
	Documents    int
	Versions     int
	Problems     int
}

// Verify checks the records against themselves and calls report for every
// discrepancy:
//
//   - every original file (of any version or source) still hashes to its
//     address: one changed byte is found;
//   - the audit chain: seq runs 1, 2, 3… without gaps, each prev_hash is
//     the hash of the entry before, each hash recomputes (see audit.go);
//   - every record's current row hashes (StateHash) to the after-hash of its
//     latest audit entry, and every record the log says exists exists: a row
//     inserted, changed or deleted in the database without an audit entry
//     is found;
//   - every version row hashes to the after-hash of its audit entry, and a
//     record's latest version is its current row;
//   - every change-feed row points at an audit entry of its record.
//
// The error return is for failures to read; problems go to report.
func (s *Store) Verify(ctx context.Context, report func(Problem)) (VerifyStats, error) {
	var st VerifyStats
	rep := func(p Problem) {
		st.Problems++
		report(p)
	}
	if err := s.verifyOriginals(ctx, &st, rep); err != nil {
		return st, err
	}
	latest, err := s.verifyChain(ctx, &st, rep)
	if err != nil {
		return st, err
	}
	current, err := s.verifyDocuments(ctx, &st, latest, rep)
	if err != nil {
		return st, err
	}
	if err := s.verifyVersions(ctx, &st, current, rep); err != nil {
		return st, err
	}
	if err := s.verifyFeed(ctx, rep); err != nil {
		return st, err
	}
	return st, nil
}

func (s *Store) verifyOriginals(ctx context.Context, st *VerifyStats, report func(Problem)) error {
	rows, err := s.db.QueryContext(ctx, `SELECT sha256 FROM documents WHERE sha256 <> ''
		UNION SELECT sha256 FROM versions WHERE sha256 <> ''
		UNION SELECT sha256 FROM document_sources WHERE sha256 <> '' ORDER BY 1`)
	if err != nil {
		return fmt.Errorf("records: list originals: %w", err)
	}
	var hashes []string
	for rows.Next() {
		var h string
		if err := rows.Scan(&h); err != nil {
			rows.Close()
			return fmt.Errorf("records: list originals: %w", err)
		}
		hashes = append(hashes, h)
	}
	err = rows.Err()
	rows.Close()
	if err != nil {
		return fmt.Errorf("records: list originals: %w", err)
	}
	for _, want := range hashes {
		if err := ctx.Err(); err != nil {
			return err
		}
		st.Originals++
		got, err := s.hashBlob(want)
		switch {
		case ErrorCode(err) == ENOTFOUND || ErrorCode(err) == EINVALID:
			report(Problem{Kind: ProblemOriginal, Target: "original:" + want,
				Message: "原始文件缺失" + s.usersOf(ctx, want), Expected: want})
		case err != nil:
			return err
		case got != want:
			report(Problem{Kind: ProblemOriginal, Target: "original:" + want,
				Message: "原始文件内容与其 SHA-256 不符" + s.usersOf(ctx, want), Expected: want, Actual: got})
		}
	}
	return nil
}

func (s *Store) hashBlob(hash string) (string, error) {
	f, err := s.blobs.Open(hash)
	if err != nil {
		return "", err
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return "", fmt.Errorf("records: read original %s: %w", hash, err)
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// usersOf names the records whose versions have the original hash.
func (s *Store) usersOf(ctx context.Context, hash string) string {
	rows, err := s.db.QueryContext(ctx, `SELECT DISTINCT doc_id FROM versions WHERE sha256 = ?
		UNION SELECT doc_id FROM document_sources WHERE sha256 = ? ORDER BY 1 LIMIT 20`, hash, hash)
	if err != nil {
		return ""
	}
	defer rows.Close()
	var ids []string
	for rows.Next() {
		var id string
		if rows.Scan(&id) == nil {
			ids = append(ids, id)
		}
	}
	if len(ids) == 0 {
		return ""
	}
	return "；属于文档 " + strings.Join(ids, "、")
}

// latestEntry is what the audit log last said about a record.
type latestEntry struct {
	seq   int64
	after string
}

// verifyChain walks the audit log in seq order and returns, for each
// document target, its latest entry.
func (s *Store) verifyChain(ctx context.Context, st *VerifyStats, report func(Problem)) (map[string]latestEntry, error) {
	latest := map[string]latestEntry{}
	want := int64(1)
	prev := GenesisHash
	after := int64(0)
	for {
		rows, err := s.db.QueryContext(ctx, `SELECT seq, at, actor, action, target, before_hash, after_hash,
			detail, prev_hash, hash FROM audit_log WHERE seq > ? ORDER BY seq LIMIT 2000`, after)
		if err != nil {
			return nil, fmt.Errorf("records: read audit log: %w", err)
		}
		var page []AuditEntry
		for rows.Next() {
			e, err := scanAudit(rows)
			if err != nil {
				rows.Close()
				return nil, err
			}
			page = append(page, e)
		}
		err = rows.Err()
		rows.Close()
		if err != nil {
			return nil, fmt.Errorf("records: read audit log: %w", err)
		}
		if len(page) == 0 {
			return latest, nil
		}
		for _, e := range page {
			st.AuditEntries++
			target := fmt.Sprintf("audit:%d", e.Seq)
			if e.Seq != want {
				msg := fmt.Sprintf("审计记录第 %d 条缺失", want)
				if e.Seq > want+1 {
					msg = fmt.Sprintf("审计记录第 %d–%d 条缺失", want, e.Seq-1)
				}
				report(Problem{Kind: ProblemAudit, Target: target, Seq: e.Seq, Message: msg + "（被删除）",
					Expected: fmt.Sprintf("序号 %d", want), Actual: fmt.Sprintf("序号 %d", e.Seq)})
			}
			if e.PrevHash != prev {
				report(Problem{Kind: ProblemAudit, Target: target, Seq: e.Seq,
					Message: "与前一条记录的哈希链断开（前一条被改动、删除或顺序被调换）", Expected: prev, Actual: e.PrevHash})
			}
			if h := e.ComputeHash(); h != e.Hash {
				report(Problem{Kind: ProblemAudit, Target: target, Seq: e.Seq,
					Message:  fmt.Sprintf("记录内容与其哈希不符（被改动）：%s %s %s", e.Actor, e.Action, e.Target),
					Expected: e.Hash, Actual: h})
			}
			if strings.HasPrefix(e.Target, "document:") {
				latest[e.Target] = latestEntry{seq: e.Seq, after: e.AfterHash}
			}
			// Go on from the stored hash: one edited row is reported once,
			// not as a break of everything after it.
			prev = e.Hash
			want = e.Seq + 1
		}
		after = page[len(page)-1].Seq
	}
}

// verifyDocuments checks every current row against the latest audit entry
// of its record, and returns the state hash of each record.
func (s *Store) verifyDocuments(ctx context.Context, st *VerifyStats, latest map[string]latestEntry, report func(Problem)) (map[string]string, error) {
	current := map[string]string{}
	err := s.Scan(ctx, func(d *Document) error {
		st.Documents++
		h := StateHash(d)
		current[d.ID] = h
		target := DocumentTarget(d.ID)
		e, ok := latest[target]
		switch {
		case !ok:
			report(Problem{Kind: ProblemRecord, Target: target,
				Message: fmt.Sprintf("记录（第 %d 版）没有任何审计记录：未经记录被写入数据库，或其审计记录被删除", d.Version), Actual: h})
		case e.after != h:
			msg := fmt.Sprintf("当前记录（第 %d 版）与最近一条审计记录（第 %d 条）不符：未经记录被改动", d.Version, e.seq)
			if e.after == "" {
				msg = fmt.Sprintf("审计记录（第 %d 条）说它已被删除，但记录仍在（第 %d 版）", e.seq, d.Version)
			}
			report(Problem{Kind: ProblemRecord, Target: target, Seq: e.seq, Message: msg, Expected: e.after, Actual: h})
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	for target, e := range sortedLatest(latest) {
		id := strings.TrimPrefix(target, "document:")
		if _, ok := current[id]; !ok && e.after != "" {
			report(Problem{Kind: ProblemRecord, Target: target, Seq: e.seq,
				Message:  fmt.Sprintf("记录不见了，但最近一条审计记录（第 %d 条）说它存在：未经记录被删除", e.seq),
				Expected: e.after})
		}
	}
	return current, nil
}

// sortedLatest iterates latest in target order, for a stable report.
func sortedLatest(latest map[string]latestEntry) func(func(string, latestEntry) bool) {
	return func(yield func(string, latestEntry) bool) {
		keys := make([]string, 0, len(latest))
		for k := range latest {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		for _, k := range keys {
			if !yield(k, latest[k]) {
				return
			}
		}
	}
}

// verifyVersions checks every version row against its audit entry and each
// record's latest version against its current row.
func (s *Store) verifyVersions(ctx context.Context, st *VerifyStats, current map[string]string, report func(Problem)) error {
	afterID, afterVersion := "", 0
	last := "" // state hash of the latest version of the record being read
	flush := func(id string) {
		if id == "" {
			return
		}
		target := DocumentTarget(id)
		cur, exists := current[id]
		switch {
		case exists && last != cur:
			report(Problem{Kind: ProblemVersion, Target: target,
				Message: "最新版本与当前记录不一致", Expected: last, Actual: cur})
		case !exists && last != "":
			report(Problem{Kind: ProblemVersion, Target: target,
				Message: "最新版本不是删除，但当前记录不存在", Expected: last})
		}
	}
	seen := map[string]bool{}
	prevID := ""
	for {
		rows, err := s.db.QueryContext(ctx, `SELECT `+versionColumns(true)+`, COALESCE(a.target, ''), COALESCE(a.after_hash, ''),
			a.seq IS NOT NULL FROM versions v LEFT JOIN audit_log a ON a.seq = v.audit_seq
			WHERE (v.doc_id, v.version) > (?, ?) ORDER BY v.doc_id, v.version LIMIT 500`,
			afterID, afterVersion)
		if err != nil {
			return fmt.Errorf("records: read versions: %w", err)
		}
		n := 0
		for rows.Next() {
			var v Version
			var target, after string
			var found bool
			doc, finish := docDest()
			dest := append(doc, &v.Action, &v.Actor, &v.Reason, &v.AuditSeq, &target, &after, &found)
			if err := rows.Scan(dest...); err != nil {
				rows.Close()
				return fmt.Errorf("records: scan version: %w", err)
			}
			v.Doc = *finish()
			n++
			st.Versions++
			id := v.Doc.ID
			if id != prevID {
				flush(prevID)
				prevID = id
				seen[id] = true
			}
			h := ""
			if !v.Deleted() {
				h = StateHash(&v.Doc)
			}
			last = h
			vt := fmt.Sprintf("document:%s#v%d", id, v.Doc.Version)
			switch {
			case !found:
				report(Problem{Kind: ProblemVersion, Target: vt, Seq: v.AuditSeq,
					Message: fmt.Sprintf("版本所指的审计记录（第 %d 条）不存在", v.AuditSeq), Actual: h})
			case target != DocumentTarget(id):
				report(Problem{Kind: ProblemVersion, Target: vt, Seq: v.AuditSeq,
					Message: "版本所指的审计记录属于另一对象", Expected: DocumentTarget(id), Actual: target})
			case after != h:
				report(Problem{Kind: ProblemVersion, Target: vt, Seq: v.AuditSeq,
					Message: fmt.Sprintf("版本内容与审计记录（第 %d 条）不符：历史被改动", v.AuditSeq), Expected: after, Actual: h})
			}
			afterID, afterVersion = id, v.Doc.Version
		}
		err = rows.Err()
		rows.Close()
		if err != nil {
			return fmt.Errorf("records: read versions: %w", err)
		}
		if n == 0 {
			break
		}
	}
	flush(prevID)
	for _, id := range sortedKeys(current) {
		if !seen[id] {
			report(Problem{Kind: ProblemVersion, Target: DocumentTarget(id), Message: "记录没有任何版本", Actual: current[id]})
		}
	}
	return nil
}

func (s *Store) verifyFeed(ctx context.Context, report func(Problem)) error {
	rows, err := s.db.QueryContext(ctx, `SELECT c.seq, c.doc_id, c.audit_seq, COALESCE(a.target, '')
		FROM changes c LEFT JOIN audit_log a ON a.seq = c.audit_seq
		WHERE c.audit_seq > 0 AND (a.seq IS NULL OR a.target <> 'document:' || c.doc_id) ORDER BY c.seq`)
	if err != nil {
		return fmt.Errorf("records: check change feed: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var seq, auditSeq int64
		var id, target string
		if err := rows.Scan(&seq, &id, &auditSeq, &target); err != nil {
			return fmt.Errorf("records: check change feed: %w", err)
		}
		msg := fmt.Sprintf("变更第 %d 条所指的审计记录（第 %d 条）不存在（被删除）", seq, auditSeq)
		if target != "" {
			msg = fmt.Sprintf("变更第 %d 条所指的审计记录（第 %d 条）属于 %s", seq, auditSeq, target)
		}
		report(Problem{Kind: ProblemFeed, Target: DocumentTarget(id), Seq: auditSeq, Message: msg})
	}
	return rows.Err()
}

func sortedKeys(m map[string]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
