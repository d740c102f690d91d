package desk

import (
	"bufio"
	"context"
	"encoding/csv"
	"fmt"
	"io"
	"strings"
)

// csvHeader are the columns of the CSV export.
var csvHeader = []string{"编号", "申请人类型", "申请人", "联系电话", "电子邮箱", "通信地址", "所需信息", "用途",
	"申请渠道", "收到申请之日", "规则集", "答复期限", "状态", "承办人", "答复结果", "理由类别", "答复说明",
	"答复日期", "办结日期", "费用（元）", "登记人", "登记时间"}

// ExportCSV writes every request as CSV, oldest first, streamed a page of
// requests at a time: a UTF-8 byte order mark first (without it Excel reads the
// file as the local ANSI code page and the Chinese comes out garbled), CRLF
// line ends, and cells that a spreadsheet would take for a formula (=, +,
// -, @ first) prefixed with an apostrophe, since applicants type some of
// them. 答复期限 is the date cached at the last change of each request.
func (d *Desk) ExportCSV(ctx context.Context, w io.Writer) error {
	bw := bufio.NewWriter(w)
	if _, err := bw.WriteString("\uFEFF"); err != nil {
		return fmt.Errorf("desk: export: %w", err)
	}
	cw := csv.NewWriter(bw)
	cw.UseCRLF = true
	if err := cw.Write(csvHeader); err != nil {
		return fmt.Errorf("desk: export: %w", err)
	}
	// Read in pages, so that no read transaction stays open while a slow
	// client downloads.
	for after := int64(0); ; {
		page, err := d.requestPage(ctx, after, 500)
		if err != nil {
			return err
		}
		if len(page) == 0 {
			break // the header of an empty export is flushed below
		}
		for _, r := range page {
			rec := []string{r.Number, r.ApplicantType.Label(), r.Name, r.Phone, r.Email, r.Address, r.Description,
				r.Purpose, r.Channel.String(), r.Received.String(), r.Rule, r.Due.String(), r.State.Label(),
				r.Assignee, outcomeLabel(r.Outcome), r.OutcomeReason, r.OutcomeText, r.AnsweredOn.String(),
				r.ClosedOn.String(), r.Fee(), r.CreatedBy, r.CreatedAt.In(beijing).Format("2006-01-02 15:04:05")}
			for i := range rec {
				rec[i] = safeCell(rec[i])
			}
			if err := cw.Write(rec); err != nil {
				return fmt.Errorf("desk: export: %w", err)
			}
		}
		after = page[len(page)-1].ID
		cw.Flush()
		if err := cw.Error(); err != nil {
			return fmt.Errorf("desk: export: %w", err)
		}
		if err := bw.Flush(); err != nil {
			return fmt.Errorf("desk: export: %w", err)
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return fmt.Errorf("desk: export: %w", err)
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("desk: export: %w", err)
	}
	return nil
}

// requestPage returns up to n requests with id > after, in id order.
func (d *Desk) requestPage(ctx context.Context, after int64, n int) ([]*Request, error) {
	rows, err := d.store.QueryContext(ctx, `SELECT `+requestColumns+` FROM requests WHERE id > ? ORDER BY id LIMIT ?`, after, n)
	if err != nil {
		return nil, fmt.Errorf("desk: read requests: %w", err)
	}
	defer rows.Close()
	var out []*Request
	for rows.Next() {
		r, err := scanRequest(rows)
		if err != nil {
			return nil, fmt.Errorf("desk: scan request: %w", err)
		}
		out = append(out, r)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("desk: read requests: %w", err)
	}
	return out, nil
}

func outcomeLabel(o Outcome) string {
	if o == "" {
		return ""
	}
	return o.Label()
}

// safeCell keeps a spreadsheet from running a cell as a formula (CSV
// injection): a cell starting with =, +, -, @, a tab or a carriage return
// gets a leading apostrophe, which Excel and WPS show as text.
func safeCell(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}
