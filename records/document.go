package records

import (
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// Visibility is a record's disclosure status (公开属性).
type Visibility string

// The three visibilities. Only Public records ever reach the public surface.
const (
	Public    Visibility = "public"     // 主动公开
	OnRequest Visibility = "on_request" // 依申请公开
	Withheld  Visibility = "withheld"   // 不予公开
)

// ParseVisibility accepts the English values and their Chinese names; the
// empty string means Public, which is the default for a disclosure archive.
func ParseVisibility(s string) (Visibility, error) {
	switch strings.TrimSpace(strings.ToLower(s)) {
	case "", "public", "主动公开", "公开":
		return Public, nil
	case "on_request", "on-request", "依申请公开":
		return OnRequest, nil
	case "withheld", "不予公开", "不公开":
		return Withheld, nil
	}
	return "", Errorf(EINVALID, "未知的公开属性 %q（可用 public、on_request、withheld）", s)
}

// Label returns the Chinese name of the visibility.
func (v Visibility) Label() string {
	switch v {
	case Public:
		return "主动公开"
	case OnRequest:
		return "依申请公开"
	case Withheld:
		return "不予公开"
	}
	return string(v)
}

// Document is one record of the archive: the text extracted from an original
// and the metadata that places it.
type Document struct {
	ID          string
	Title       string
	Body        string
	Category    string // 类别
	Department  string // 部门
	Published   string // YYYY-MM-DD, or "" when unknown
	DocNumber   string // 文号
	IndexNumber string // 索引号
	Source      string // path or URL the original came from
	// Visibility is the visibility in force. On Put it is what the source
	// declares; staff change it with Store.SetVisibility, with a reason.
	Visibility Visibility
	// SourceVisibility is what the source declared last. Re-ingesting the
	// same declaration leaves a staff decision alone; a new declaration
	// from the source applies (and is a new version).
	SourceVisibility Visibility
	SHA256           string // hex SHA-256 of the original bytes
	Format           string // extractor that produced Body: html, text, markdown, manifest
	// Quality is the extraction quality as JSON, filled by ingest ("" when
	// unknown). It is part of the record: a change is a new version.
	Quality string
	// Retraction is set while the record is retracted (撤回): it has left
	// the public surface but stays, with the reason, for staff and auditors.
	Retraction *Retraction
	Version    int // 1 when first stored, +1 on every change of state
	IngestedAt time.Time
	UpdatedAt  time.Time // when the current version came into force
	// ChecklistItem is the record's explicit filing under a checklist item
	// (see filing.go), kept beside the record and not part of its state. On
	// Put it is what the source declares ("" for nothing); Changes reads
	// back the filing in force (an item code, ChecklistNone, or "" when the
	// rules decide) for the index. Other reads leave it empty: use
	// Store.Filing.
	ChecklistItem string
}

// Retraction says who retracted a record, when and why.
type Retraction struct {
	At     time.Time
	By     string
	Reason string
}

// IsPublic reports whether the public may see the record now: visibility
// public and not retracted.
func (d *Document) IsPublic() bool {
	return d.Visibility == Public && d.Retraction == nil
}

// Year returns the publication year, or 0 when the date is unknown.
func (d *Document) Year() int {
	if len(d.Published) < 4 {
		return 0
	}
	y := 0
	for _, c := range d.Published[:4] {
		if c < '0' || c > '9' {
			return 0
		}
		y = y*10 + int(c-'0')
	}
	return y
}

// Validate checks the fields a stored record must have.
func (d *Document) Validate() error {
	switch {
	case strings.TrimSpace(d.ID) == "":
		return Errorf(EINVALID, "缺少文档编号（id）")
	case strings.ContainsFunc(d.ID, unicode.IsControl):
		return Errorf(EINVALID, "文档编号不能含控制字符")
	case utf8.RuneCountInString(d.ID) > 512:
		return Errorf(EINVALID, "文档编号过长（超过 512 个字符）")
	case strings.TrimSpace(d.Title) == "" && strings.TrimSpace(d.Body) == "":
		return Errorf(EINVALID, "标题和正文都为空")
	case !utf8.ValidString(d.Title) || !utf8.ValidString(d.Body):
		return Errorf(EINVALID, "文本不是有效的 UTF-8")
	}
	if d.Published != "" {
		if _, err := time.Parse("2006-01-02", d.Published); err != nil {
			return Errorf(EINVALID, "发布日期 %q 不是 YYYY-MM-DD 格式", d.Published)
		}
	}
	if _, err := ParseVisibility(string(d.Visibility)); err != nil {
		return err
	}
	return nil
}

// sameContent reports whether an incoming document carries the same text and
// metadata as the stored one, ignoring the bookkeeping fields the store
// maintains. The incoming visibility is what its source declares, so it is
// compared with the declaration stored, not with the visibility in force.
func sameContent(stored, in *Document) bool {
	return stored.Title == in.Title && stored.Body == in.Body && stored.Category == in.Category &&
		stored.Department == in.Department && stored.Published == in.Published &&
		stored.DocNumber == in.DocNumber && stored.IndexNumber == in.IndexNumber &&
		stored.Source == in.Source && stored.SourceVisibility == in.Visibility &&
		stored.SHA256 == in.SHA256 && stored.Format == in.Format && stored.Quality == in.Quality
}
