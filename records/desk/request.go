package desk

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/xxgk-archive/archive/records"
	"github.com/xxgk-archive/archive/records/calendar"
	"github.com/xxgk-archive/archive/records/deadline"
)

// ApplicantType is who applies: a natural person, or a legal person or other
// organisation (申请人类型).
type ApplicantType string

// The applicant types.
const (
	Person       ApplicantType = "person"       // 自然人
	Organization ApplicantType = "organization" // 法人或其他组织
)

// ParseApplicantType accepts the stored values and the Chinese names.
func ParseApplicantType(s string) (ApplicantType, error) {
	switch strings.TrimSpace(s) {
	case "person", "自然人", "公民":
		return Person, nil
	case "organization", "法人或其他组织", "法人", "其他组织":
		return Organization, nil
	}
	return "", records.Errorf(records.EINVALID, "申请人类型应为“自然人”或“法人或其他组织”")
}

// Label is the Chinese name of the applicant type.
func (a ApplicantType) Label() string {
	switch a {
	case Person:
		return "自然人"
	case Organization:
		return "法人或其他组织"
	}
	return string(a)
}

// State is where a request stands in the desk's work.
type State string

// The states. Received → Processing (assigned) → Answered → Closed; Reopen
// takes a closed request back to Processing (or Received when nobody is
// assigned).
const (
	Received   State = "received"   // 已收到，待分办
	Processing State = "processing" // 办理中
	Answered   State = "answered"   // 已答复
	Closed     State = "closed"     // 已办结
)

// Label is the Chinese name of the state.
func (s State) Label() string {
	switch s {
	case Received:
		return "已收到（待分办）"
	case Processing:
		return "办理中"
	case Answered:
		return "已答复"
	case Closed:
		return "已办结"
	}
	return string(s)
}

// Pending reports whether the request still awaits its answer, so its
// deadline matters.
func (s State) Pending() bool { return s == Received || s == Processing }

// Outcome is how a request was answered (答复结果), after 《政府信息公开条例》
// 第三十六条 and the categories of the annual report (政府信息公开工作年度报告).
type Outcome string

// The outcomes.
const (
	Granted        Outcome = "granted"         // 予以公开
	Partial        Outcome = "partial"         // 部分公开
	Denied         Outcome = "denied"          // 不予公开
	NotExist       Outcome = "not_exist"       // 信息不存在
	NotResponsible Outcome = "not_responsible" // 非本单位职责范围
	Duplicate      Outcome = "duplicate"       // 重复申请
	NotProcessed   Outcome = "not_processed"   // 不予处理
	CannotProvide  Outcome = "cannot_provide"  // 无法提供
	OtherOutcome   Outcome = "other"           // 其他处理
)

// OutcomeInfo describes an outcome: its name, the reason categories it
// takes, and whether it may release records.
type OutcomeInfo struct {
	Outcome Outcome
	Label   string
	// Reasons are the reason categories to choose from; ReasonRequired
	// makes choosing one mandatory.
	Reasons        []string
	ReasonRequired bool
	// Releases: answering with this outcome may release linked 依申请公开
	// records to the public.
	Releases bool
}

// withholdReasons are why information is withheld (第十四条、第十五条、第十六条).
var withholdReasons = []string{
	"国家秘密",
	"其他法律行政法规禁止公开",
	"危及国家安全、公共安全、经济安全、社会稳定",
	"商业秘密",
	"个人隐私",
	"内部事务信息",
	"过程性信息",
	"行政执法案卷",
	"行政查询事项",
}

var outcomes = []OutcomeInfo{
	{Outcome: Granted, Label: "予以公开", Releases: true},
	{Outcome: Partial, Label: "部分公开", Reasons: withholdReasons, ReasonRequired: true, Releases: true},
	{Outcome: Denied, Label: "不予公开", Reasons: withholdReasons, ReasonRequired: true},
	{Outcome: NotExist, Label: "信息不存在"},
	{Outcome: NotResponsible, Label: "非本单位职责范围"},
	{Outcome: Duplicate, Label: "重复申请"},
	{Outcome: NotProcessed, Label: "不予处理", ReasonRequired: true, Reasons: []string{
		"信访、举报、投诉类申请",
		"咨询类申请",
		"要求对信息进行加工、分析、汇总",
		"要求提供公开出版物",
		"无正当理由大量反复申请",
		"要求确认或重新出具已获取的信息",
		"法律法规对信息获取另有规定",
	}},
	{Outcome: CannotProvide, Label: "无法提供", ReasonRequired: true, Reasons: []string{
		"没有现成信息，需要另行制作",
		"补正后申请内容仍不明确",
		"其他原因",
	}},
	{Outcome: OtherOutcome, Label: "其他处理", ReasonRequired: true, Reasons: []string{
		"申请人逾期未补正",
		"申请人逾期未缴纳费用",
		"申请人撤回申请",
		"其他",
	}},
}

// Outcomes lists every outcome in the order a form offers them.
func Outcomes() []OutcomeInfo { return outcomes }

// Info returns the description of the outcome (the zero OutcomeInfo for an
// unknown one).
func (o Outcome) Info() OutcomeInfo {
	for _, i := range outcomes {
		if i.Outcome == o {
			return i
		}
	}
	return OutcomeInfo{}
}

// Label is the Chinese name of the outcome.
func (o Outcome) Label() string {
	if i := o.Info(); i.Label != "" {
		return i.Label
	}
	return string(o)
}

// ParseOutcome accepts the stored values and the Chinese names.
func ParseOutcome(s string) (Outcome, error) {
	s = strings.TrimSpace(s)
	for _, i := range outcomes {
		if string(i.Outcome) == s || i.Label == s {
			return i.Outcome, nil
		}
	}
	return "", records.Errorf(records.EINVALID, "未知的答复结果 %q", s)
}

// channelCodes are the stored names of the channels.
var channelCodes = map[deadline.Channel]string{
	deadline.InPerson: "in_person", deadline.Post: "post", deadline.Letter: "letter",
	deadline.Online: "online", deadline.Fax: "fax",
}

// Channels lists the channels a request can arrive by, in form order.
func Channels() []deadline.Channel {
	return []deadline.Channel{deadline.InPerson, deadline.Post, deadline.Letter, deadline.Online, deadline.Fax}
}

func channelCode(c deadline.Channel) string { return channelCodes[c] }

func parseChannel(s string) (deadline.Channel, error) {
	for c, code := range channelCodes {
		if code == s {
			return c, nil
		}
	}
	c, err := deadline.ParseChannel(s)
	if err != nil {
		return 0, records.Errorf(records.EINVALID, "%s", err.Error())
	}
	return c, nil
}

// Request is one request for disclosure.
type Request struct {
	ID int64
	// Number is the acknowledgment number given to the applicant
	// (2025-0001: the year of registration and its running number).
	Number string
	// CheckCode is the secret given with the number, without which the
	// public status page says nothing.
	CheckCode string

	ApplicantType ApplicantType
	Name          string
	Phone         string
	Email         string
	Address       string
	// Description is the information sought; Purpose is optional.
	Description string
	Purpose     string

	Channel deadline.Channel
	// Received is the day of receipt as the channel defines it (当面: the
	// day handed in; 邮寄: the day signed for; 网络: the day confirmed).
	Received calendar.Date
	// Rule is the ID of the deadline rule set (高校, 政府).
	Rule string
	// FeeFen is the fee charged, in fen (分).
	FeeFen int64

	Assignee string
	State    State
	Outcome  Outcome
	// OutcomeReason is the reason category; OutcomeText the answer's
	// explanation.
	OutcomeReason string
	OutcomeText   string
	AnsweredOn    calendar.Date
	ClosedOn      calendar.Date

	// Due is the cached due date (zero while the clock is paused or awaits
	// a correction); the truth is recomputed from the events.
	Due calendar.Date

	CreatedBy string
	CreatedAt time.Time
	UpdatedAt time.Time
}

// Target is the request's audit target.
func (r *Request) Target() string { return Target(r.Number) }

// Target is the audit target of the request with the given number.
func Target(number string) string { return "request:" + number }

// Fee is the fee in 元 with two decimals ("0.00").
func (r *Request) Fee() string { return FormatFee(r.FeeFen) }

// FormatFee writes an amount in fen as 元 with two decimals.
func FormatFee(fen int64) string { return fmt.Sprintf("%d.%02d", fen/100, fen%100) }

// ParseFee reads an amount in 元 ("12", "12.5", "12.50", "" = 0) as fen.
func ParseFee(s string) (int64, error) {
	s = strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(s), "元"))
	if s == "" {
		return 0, nil
	}
	bad := records.Errorf(records.EINVALID, "费用 %q 应为金额（元），最多两位小数", s)
	whole, frac, dot := strings.Cut(s, ".")
	if whole == "" || len(whole) > 9 || (dot && (frac == "" || len(frac) > 2)) {
		return 0, bad
	}
	for _, c := range whole + frac {
		if c < '0' || c > '9' {
			return 0, bad
		}
	}
	yuan, err := strconv.ParseInt(whole, 10, 64)
	if err != nil {
		return 0, bad
	}
	fen := int64(0)
	if frac != "" {
		f, _ := strconv.Atoi(frac)
		if len(frac) == 1 {
			f *= 10
		}
		fen = int64(f)
	}
	return yuan*100 + fen, nil
}

// NewRequest is what registering a request needs.
type NewRequest struct {
	ApplicantType ApplicantType
	Name          string
	Phone         string
	Email         string
	Address       string
	Description   string
	Purpose       string
	Channel       deadline.Channel
	Received      calendar.Date
	// Rule is the rule set's ID or law ("" = the default rule set).
	Rule   string
	FeeFen int64
}

// Field limits, in characters.
const (
	maxName        = 100
	maxContact     = 200
	maxDescription = 5000
	maxPurpose     = 1000
	maxNote        = 2000
)

// checkText trims a field and checks its length and content.
func checkText(label, s string, max int, required bool) (string, error) {
	s = strings.TrimSpace(s)
	switch {
	case required && s == "":
		return "", records.Errorf(records.EINVALID, "请填写%s", label)
	case !utf8.ValidString(s):
		return "", records.Errorf(records.EINVALID, "%s不是有效的文字", label)
	case utf8.RuneCountInString(s) > max:
		return "", records.Errorf(records.EINVALID, "%s过长（不超过 %d 个字）", label, max)
	case strings.ContainsFunc(s, func(r rune) bool { return unicode.IsControl(r) && r != '\n' && r != '\r' && r != '\t' }):
		return "", records.Errorf(records.EINVALID, "%s含有控制字符", label)
	}
	return s, nil
}

// oneLine rejects line breaks in a single-line field.
func oneLine(label, s string, max int, required bool) (string, error) {
	s, err := checkText(label, s, max, required)
	if err != nil {
		return "", err
	}
	if strings.ContainsAny(s, "\r\n\t") {
		return "", records.Errorf(records.EINVALID, "%s不能换行", label)
	}
	return s, nil
}

// normalize validates a new request and trims its fields.
func (n *NewRequest) normalize() error {
	var err error
	if n.ApplicantType, err = ParseApplicantType(string(n.ApplicantType)); err != nil {
		return err
	}
	if n.Name, err = oneLine("申请人姓名或名称", n.Name, maxName, true); err != nil {
		return err
	}
	if n.Phone, err = oneLine("联系电话", n.Phone, 50, false); err != nil {
		return err
	}
	if n.Email, err = oneLine("电子邮箱", n.Email, maxContact, false); err != nil {
		return err
	}
	if n.Email != "" && (!strings.Contains(n.Email, "@") || strings.ContainsAny(n.Email, " ,;<>")) {
		return records.Errorf(records.EINVALID, "电子邮箱 %q 格式不对", n.Email)
	}
	if n.Address, err = oneLine("通信地址", n.Address, maxContact, false); err != nil {
		return err
	}
	if n.Phone == "" && n.Email == "" && n.Address == "" {
		return records.Errorf(records.EINVALID, "请至少填写一种联系方式（电话、电子邮箱或通信地址）")
	}
	if n.Description, err = checkText("所需信息的名称、文号或描述", n.Description, maxDescription, true); err != nil {
		return err
	}
	if n.Purpose, err = checkText("用途", n.Purpose, maxPurpose, false); err != nil {
		return err
	}
	if _, ok := channelCodes[n.Channel]; !ok {
		return records.Errorf(records.EINVALID, "请选择申请渠道（当面、邮寄、平常信函、网络、传真）")
	}
	if n.Received.IsZero() {
		return records.Errorf(records.EINVALID, "请填写收到申请之日")
	}
	if n.Received.Year < 2000 {
		return records.Errorf(records.EINVALID, "收到申请之日 %s 不合理", n.Received)
	}
	if n.FeeFen < 0 {
		return records.Errorf(records.EINVALID, "费用不能为负数")
	}
	return nil
}

// StateHash is the hash of a request's state as the audit log records it
// (before and after each change): every column of its row but the cached due
// date, encoded as canonical("xxgk-request/1", …) in the way records.StateHash
// encodes a document — field name, space, length in bytes, colon, value,
// newline — and hashed with SHA-256.
func StateHash(r *Request) string {
	if r == nil {
		return ""
	}
	kv := []string{
		"id", strconv.FormatInt(r.ID, 10),
		"number", r.Number,
		"check_code", r.CheckCode,
		"applicant_type", string(r.ApplicantType),
		"applicant_name", r.Name,
		"phone", r.Phone,
		"email", r.Email,
		"address", r.Address,
		"description", r.Description,
		"purpose", r.Purpose,
		"channel", channelCode(r.Channel),
		"received_on", r.Received.String(),
		"rule", r.Rule,
		"fee_fen", strconv.FormatInt(r.FeeFen, 10),
		"assignee", r.Assignee,
		"state", string(r.State),
		"outcome", string(r.Outcome),
		"outcome_reason", r.OutcomeReason,
		"outcome_text", r.OutcomeText,
		"answered_on", r.AnsweredOn.String(),
		"closed_on", r.ClosedOn.String(),
		"created_by", r.CreatedBy,
		"created_at", formatTime(r.CreatedAt),
		"updated_at", formatTime(r.UpdatedAt),
	}
	h := sha256.New()
	h.Write([]byte("xxgk-request/1\n"))
	for i := 0; i+1 < len(kv); i += 2 {
		fmt.Fprintf(h, "%s %d:%s\n", kv[i], len(kv[i+1]), kv[i+1])
	}
	return hex.EncodeToString(h.Sum(nil))
}

// timeFormat is how the desk stores times: UTC, microseconds, fixed width,
// as the records package does.
const timeFormat = "2006-01-02T15:04:05.000000Z"

func formatTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(timeFormat)
}

func parseTime(s string) time.Time {
	t, _ := time.Parse(timeFormat, s)
	return t
}

// parseDate reads a stored date ("" is the zero Date).
func parseDate(s string) calendar.Date {
	if s == "" {
		return calendar.Date{}
	}
	d, err := calendar.ParseDate(s)
	if err != nil {
		return calendar.Date{}
	}
	return d
}
